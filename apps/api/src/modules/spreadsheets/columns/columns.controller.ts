import { Body, Controller, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateColumnDto, UpdateColumnDto, type Column } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiBodyDto } from '../../../openapi/dto-schemas';
import { ColumnSchema, ErrorBodySchema } from '../../../openapi/schemas';
import { ColumnsService } from './columns.service';
import { SheetRoute } from '../access/sheet-route.decorator';

@ApiTags('columns')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/columns')
export class ColumnsController {
  constructor(private readonly columns: ColumnsService) {}

  @Post()
  @ApiOperation({ summary: 'Add a column (editor); select options get ids when they have none' })
  @SheetRoute('editor')
  @ApiBodyDto(CreateColumnDto)
  @ApiCreatedResponse({ schema: ColumnSchema })
  @ApiConflictResponse({ description: 'A column with this name exists', schema: ErrorBodySchema })
  create(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() body: CreateColumnDto): Promise<Column> {
    return this.columns.create(actor, id, body);
  }

  @Patch(':columnId')
  @ApiOperation({ summary: 'Rename, resize, hide, move, retype or change options (editor)' })
  @SheetRoute('editor')
  @ApiBodyDto(UpdateColumnDto)
  @ApiOkResponse({ schema: ColumnSchema })
  @ApiConflictResponse({ description: 'Existing values cannot be converted; details list the rows', schema: ErrorBodySchema })
  update(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('columnId', UuidParamPipe) columnId: string,
    @Body() body: UpdateColumnDto,
  ): Promise<Column> {
    return this.columns.update(actor, id, columnId, body);
  }

  @Delete(':columnId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a column and its values (editor); recorded in history' })
  @SheetRoute('editor')
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ description: 'Formula, lookup or rollup columns use this column; details name them', schema: ErrorBodySchema })
  remove(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('columnId', UuidParamPipe) columnId: string): Promise<void> {
    return this.columns.remove(actor, id, columnId);
  }
}
