import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateRowsDto, RowKeysQuery, RowsQuery, UpdateRowDto, UpdateRowsDto, type Row, type RowPage } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiBodyDto, ApiQueryDto } from '../../../openapi/dto-schemas';
import { ErrorBodySchema, RowListSchema, RowPageSchema, RowSchema } from '../../../openapi/schemas';
import { KeyedRows } from './keyed-rows.service';
import { SheetRoute } from '../access/sheet-route.decorator';

/** Said of every route that takes `keys`. */
const KEYS = '`keys=name` keys `values` by column name (any case) instead of id, in the answer and in what is written; unknown or ambiguous names are a 400.';

@ApiTags('rows')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/rows')
export class RowsController {
  constructor(private readonly rows: KeyedRows) {}

  @Get()
  @ApiOperation({
    summary: 'A page of rows, sorted and filtered on the server (viewer)',
    description:
      '`sort=<columnId>:asc|desc` (repeatable; numbers numerically, dates chronologically, text case-insensitively, empty last). ' +
      '`filter=<columnId>:<op>[:<value>]` (repeatable, all must hold): eq, neq, contains (text), gt, gte, lt, lte (numbers, dates), ' +
      'isEmpty, isNotEmpty, in (select/multiSelect: comma-separated option ids or labels). `count=false` omits `total`. ' +
      `${KEYS} Filters and sorts name columns by id whatever \`keys\` says.`,
  })
  @SheetRoute('viewer')
  @ApiQueryDto(RowsQuery)
  @ApiOkResponse({ schema: RowPageSchema })
  page(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: RowsQuery): Promise<RowPage> {
    return this.rows.page(actor, id, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add 1 to 1000 rows, at the end or before a row (editor)', description: KEYS })
  @SheetRoute('editor')
  @ApiQueryDto(RowKeysQuery)
  @ApiBodyDto(CreateRowsDto)
  @ApiCreatedResponse({ schema: RowListSchema })
  create(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: RowKeysQuery, @Body() body: CreateRowsDto): Promise<Row[]> {
    return this.rows.create(actor, id, body, query.keys);
  }

  @Patch()
  @ApiOperation({ summary: 'Change cells of up to 1000 rows in one change, all or nothing (editor); used for pasting a block', description: KEYS })
  @SheetRoute('editor')
  @ApiQueryDto(RowKeysQuery)
  @ApiBodyDto(UpdateRowsDto)
  @ApiOkResponse({ schema: RowListSchema })
  updateMany(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: RowKeysQuery, @Body() body: UpdateRowsDto): Promise<Row[]> {
    return this.rows.updateMany(actor, id, body, query.keys);
  }

  @Get(':rowId')
  @ApiOperation({ summary: 'One row (viewer)', description: KEYS })
  @SheetRoute('viewer')
  @ApiQueryDto(RowKeysQuery)
  @ApiOkResponse({ schema: RowSchema })
  get(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('rowId', UuidParamPipe) rowId: string, @Query() query: RowKeysQuery): Promise<Row> {
    return this.rows.get(actor, id, rowId, query.keys);
  }

  @Patch(':rowId')
  @ApiOperation({ summary: 'Change only the named cells (editor); null or "" clears a cell', description: KEYS })
  @SheetRoute('editor')
  @ApiQueryDto(RowKeysQuery)
  @ApiBodyDto(UpdateRowDto)
  @ApiOkResponse({ schema: RowSchema })
  @ApiConflictResponse({ description: 'expectedVersion is stale; details carry the current row', schema: ErrorBodySchema })
  update(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('rowId', UuidParamPipe) rowId: string,
    @Query() query: RowKeysQuery,
    @Body() body: UpdateRowDto,
  ): Promise<Row> {
    return this.rows.update(actor, id, rowId, body, query.keys);
  }

  @Delete(':rowId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a row (editor); its values stay in history' })
  @SheetRoute('editor')
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('rowId', UuidParamPipe) rowId: string): Promise<void> {
    await this.rows.remove(actor, id, rowId);
  }
}
