import { Module } from '@nestjs/common';
import { OpsModule } from '../ops/ops.module';
import { UsersModule } from '../users';
import { SheetAccessService } from './access/sheet-access.service';
import { SheetContextRepository } from './access/sheet-context.repository';
import { CommentsController } from './comments/comments.controller';
import { CommentsRepository } from './comments/comments.repository';
import { CommentsService } from './comments/comments.service';
import { ColumnsController } from './columns/columns.controller';
import { ColumnsRepository } from './columns/columns.repository';
import { ColumnsService } from './columns/columns.service';
import { ChangeLog, DerivedValues } from './change-log/change-log.service';
import { UndoStepsRepository } from './change-log/undo-steps.repository';
import { UndoController } from './undo/undo.controller';
import { UndoService } from './undo/undo.service';
import { ChangesRepository } from './change-log/changes.repository';
import { HistoryController } from './history/history.controller';
import { HistoryService } from './history/history.service';
import { CsvExportService } from './import-export/csv-export.service';
import { CsvImportService } from './import-export/csv-import.service';
import { ImportExportController } from './import-export/import-export.controller';
import { ImportColumns } from './import-export/import-columns.service';
import { ImportProgressRegistry } from './import-export/import-progress.registry';
import { ImportRowWriter } from './import-export/import-row-writer.service';
import { CellValidator } from './rows/cell-validator.service';
import { RowIndexesRepository } from './rows/row-indexes.repository';
import { RowIndexesService } from './rows/row-indexes.service';
import { RowsController } from './rows/rows.controller';
import { RowsRepository } from './rows/rows.repository';
import { RowsService } from './rows/rows.service';
import { LinkCells } from './links/link-cells.service';
import { LinkedValues } from './rows/linked-values.service';
import { StoredLinkedValues } from './links/stored-linked-values.service';
import { SearchController } from './search/search.controller';
import { SearchRepository } from './search/search.repository';
import { SearchService } from './search/search.service';
import { KeyedRows } from './rows/keyed-rows.service';
import { SheetOpenApiController } from './sheet-api/sheet-openapi.controller';
import { SheetOpenApiService } from './sheet-api/sheet-openapi.service';
import { SummariesController } from './summaries/summaries.controller';
import { SummariesRepository } from './summaries/summaries.repository';
import { SummariesService } from './summaries/summaries.service';
import { ViewsController } from './views/views.controller';
import { ViewsRepository } from './views/views.repository';
import { ViewsService } from './views/views.service';
import { ViewSelections } from './rows/rows-query';
import { StoredLinkedValuesRepository } from './links/stored-linked-values.repository';
import { ColumnLinks } from './columns/column-links.service';
import { LinkCellsRepository } from './links/link-cells.repository';
import { MembersController } from './sharing/members.controller';
import { PipelineController } from './pipeline/pipeline.controller';
import { PipelineRepository } from './pipeline/pipeline.repository';
import { PipelineService } from './pipeline/pipeline.service';
import { MembersRepository } from './access/members.repository';
import { MembersService } from './sharing/members.service';
import { SpreadsheetsController } from './sheets/spreadsheets.controller';
import { SpreadsheetsRepository } from './sheets/spreadsheets.repository';
import { SpreadsheetsService } from './sheets/spreadsheets.service';
import { SpreadsheetsMetrics } from './spreadsheets.metrics';
import { TemplatesService } from './templates/templates.service';

/**
 * Spreadsheets, split by use case: sheets, columns, rows (the cell-edit path), sharing, history, import/export.
 * Exports the services other modules call (the real-time gateway, webhooks); index.ts is the module's door.
 */
@Module({
  imports: [UsersModule, OpsModule],
  controllers: [
    SpreadsheetsController,
    ColumnsController,
    RowsController,
    MembersController,
    HistoryController,
    ImportExportController,
    PipelineController,
    ViewsController,
    SummariesController,
    UndoController,
    CommentsController,
    SearchController,
    SheetOpenApiController,
  ],
  providers: [
    SheetAccessService,
    SheetContextRepository,
    SpreadsheetsService,
    SpreadsheetsRepository,
    ColumnsService,
    ColumnsRepository,
    ColumnLinks,
    RowsService,
    RowsRepository,
    CellValidator,
    MembersService,
    MembersRepository,
    HistoryService,
    ChangesRepository,
    ChangeLog,
    CsvImportService,
    CsvExportService,
    ImportProgressRegistry,
    ImportColumns,
    ImportRowWriter,
    SpreadsheetsMetrics,
    RowIndexesRepository,
    RowIndexesService,
    TemplatesService,
    PipelineService,
    PipelineRepository,
    LinkCells,
    LinkedValues,
    LinkCellsRepository,
    StoredLinkedValues,
    StoredLinkedValuesRepository,
    ViewsService,
    ViewsRepository,
    SummariesService,
    SummariesRepository,
    UndoService,
    UndoStepsRepository,
    CommentsService,
    CommentsRepository,
    SearchService,
    SearchRepository,
    KeyedRows,
    SheetOpenApiService,
    { provide: ViewSelections, useExisting: ViewsService },
    { provide: DerivedValues, useExisting: StoredLinkedValues },
  ],
  exports: [SheetAccessService, RowsService, HistoryService, LinkedValues],
})
export class SpreadsheetsModule {}
