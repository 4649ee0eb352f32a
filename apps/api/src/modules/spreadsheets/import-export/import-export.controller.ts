import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ImportQuery, RowsViewQuery, type ImportProgress } from '@contrivance/contracts';
import type { Response } from 'express';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { Consumes } from '../../../common/http/media-type.guard';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiQueryDto } from '../../../openapi/dto-schemas';
import { ErrorBodySchema, ImportProgressSchema } from '../../../openapi/schemas';
import { csvResponse } from './csv-download';
import { CsvExportService } from './csv-export.service';
import { CsvImportService } from './csv-import.service';
import type { CsvSource } from './csv-source';
import { UploadedCsv } from './csv-upload.pipe';
import { SheetRoute } from '../access/sheet-route.decorator';

@ApiTags('import and export')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id')
export class ImportExportController {
  constructor(
    private readonly imports: CsvImportService,
    private readonly exports: CsvExportService,
  ) {}

  @Post('import')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Import a CSV file (editor): all rows or none',
    description:
      'multipart/form-data with a `file` field, optionally preceded by a `mapping` field (JSON, ImportMappingDto: each CSV column into an ' +
      'existing column, a new one of a chosen type, or skipped). Without a mapping the header maps to columns by name (new names become text ' +
      'columns). Every value is checked against its column. Any rejected line rolls the import back and the 400 lists the lines. ' +
      '`dryRun=true` does all of it and rolls back, answering 201 with the counts and the lines that would be rejected. Pass `importId` ' +
      '(a UUID you choose) to follow the progress at GET /imports/{importId} while it uploads.',
  })
  @SheetRoute('editor')
  @Consumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        mapping: { type: 'string', description: 'JSON of an ImportMappingDto (see components): where each CSV column goes' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiQueryDto(ImportQuery)
  @ApiCreatedResponse({ schema: ImportProgressSchema })
  @ApiConflictResponse({ description: 'An import with this importId is already running on this spreadsheet', schema: ErrorBodySchema })
  import(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: ImportQuery, @UploadedCsv() csv: CsvSource): Promise<ImportProgress> {
    return this.imports.import(actor, id, csv, query);
  }

  @Get('imports/:importId')
  @ApiOperation({ summary: 'Progress of an import running on this server (viewer)' })
  @SheetRoute('viewer')
  @ApiOkResponse({ schema: ImportProgressSchema })
  progress(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('importId', UuidParamPipe) importId: string): Promise<ImportProgress> {
    return this.imports.progress(actor, id, importId);
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'Stream the sheet as CSV in the view’s order and filter (viewer); formula-like text is neutralised' })
  @SheetRoute('viewer')
  @ApiQueryDto(RowsViewQuery)
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'CSV with a header row',
    schema: { type: 'string' },
    headers: { 'Content-Disposition': { description: 'attachment; filename="<the sheet’s name>.csv"', schema: { type: 'string' } } },
  })
  export(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: RowsViewQuery, @Res() res: Response): Promise<void> {
    return this.exports.export(actor, id, query, csvResponse(res));
  }
}
