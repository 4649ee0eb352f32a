import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateSpreadsheetDto, ListSpreadsheetsQuery, UpdateSpreadsheetDto, type Page, type Spreadsheet } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiBodyDto, ApiQueryDto } from '../../../openapi/dto-schemas';
import { ErrorBodySchema, SpreadsheetPageSchema, SpreadsheetSchema } from '../../../openapi/schemas';
import { SpreadsheetsService } from './spreadsheets.service';
import { SheetRoute } from '../access/sheet-route.decorator';

@ApiTags('spreadsheets')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such spreadsheet, or not visible to you', schema: ErrorBodySchema })
@Controller('api/spreadsheets')
export class SpreadsheetsController {
  constructor(private readonly sheets: SpreadsheetsService) {}

  @Get()
  @ApiOperation({ summary: 'Spreadsheets visible to me (all of them for admins), most recently changed first' })
  @ApiQueryDto(ListSpreadsheetsQuery)
  @ApiOkResponse({ schema: SpreadsheetPageSchema })
  list(@CurrentUser() actor: AuthUser, @Query() query: ListSpreadsheetsQuery): Promise<Page<Spreadsheet>> {
    return this.sheets.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a spreadsheet, blank or from the sales-pipeline template' })
  @ApiBodyDto(CreateSpreadsheetDto)
  @ApiCreatedResponse({ schema: SpreadsheetSchema })
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateSpreadsheetDto): Promise<Spreadsheet> {
    return this.sheets.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One spreadsheet with its columns (viewer)' })
  @SheetRoute('viewer')
  @ApiOkResponse({ schema: SpreadsheetSchema })
  get(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<Spreadsheet> {
    return this.sheets.get(actor, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Rename or describe (editor)' })
  @SheetRoute('editor')
  @ApiBodyDto(UpdateSpreadsheetDto)
  @ApiOkResponse({ schema: SpreadsheetSchema })
  update(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() body: UpdateSpreadsheetDto): Promise<Spreadsheet> {
    return this.sheets.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete with all rows and history (owner)' })
  @SheetRoute('owner')
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.sheets.remove(actor, id);
  }
}
