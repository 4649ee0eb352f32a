/**
 * The door of the spreadsheets module: what other modules may use. Everything else under spreadsheets/ (repositories,
 * entities, internal services) is its own business and may move or change without them noticing.
 */
export { SpreadsheetsModule } from './spreadsheets.module';
export { SheetAccessService } from './access/sheet-access.service';
export { SheetRoute } from './access/sheet-route.decorator';
export { HistoryService } from './history/history.service';
export { SheetChangedEvent, type Committed, type WriteOrigin } from './change-log/change-log.service';
export { CommentChangedEvent } from './comments/comment-changed.event';
export { RowsService } from './rows/rows.service';
export { LinkedValues } from './rows/linked-values.service';
export type { StaleRows } from './change-log/change-log.service';
