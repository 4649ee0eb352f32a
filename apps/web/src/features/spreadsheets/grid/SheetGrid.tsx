import type { Member, Row, Spreadsheet } from '@contrivance/contracts';
import {
  CellStyleModule,
  ColumnApiModule,
  CheckboxEditorModule,
  DateEditorModule,
  DateFilterModule,
  InfiniteRowModelModule,
  LargeTextEditorModule,
  ModuleRegistry,
  NumberEditorModule,
  NumberFilterModule,
  RowApiModule,
  RowSelectionModule,
  SelectEditorModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
  ValidationModule,
  themeQuartz,
  type CellValueChangedEvent,
  type GridApi,
  type IDatasource,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useMemo, useRef, type ClipboardEvent } from 'react';
import { ApiError } from '../../../lib/api-error';
import { fetchRows, updateCells, updateRows } from '../api/spreadsheets.api';
import { toColumnDef } from './column-defs';
import { blockUpdates, parseClipboardBlock } from './paste';
import { toRowsQuery, type GridRequest } from './rows-request';

// Only the modules the grid uses, to keep the bundle small.
ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  TextEditorModule,
  LargeTextEditorModule,
  NumberEditorModule,
  DateEditorModule,
  CheckboxEditorModule,
  SelectEditorModule,
  TextFilterModule,
  NumberFilterModule,
  DateFilterModule,
  RowApiModule,
  RowSelectionModule,
  CellStyleModule,
  ColumnApiModule,
  TooltipModule,
  // In development, ag-grid explains a missing module or a wrong option instead of silently doing nothing.
  ...(import.meta.env.DEV ? [ValidationModule] : []),
]);

const BLOCK_SIZE = 100;
const DENSITY_ROW_HEIGHT = { compact: 30, normal: 38, comfortable: 46 } as const;

export interface SheetGridProps {
  sheet: Spreadsheet;
  members: Member[];
  editable: boolean;
  density?: keyof typeof DENSITY_ROW_HEIGHT;
  onReady?: (api: GridApi<Row>) => void;
  onSelectionChanged?: (rows: Row[]) => void;
  onError: (message: string) => void;
  /** A column was resized or dragged to a new place by hand (only when editable). */
  onColumnLayout?: (columnId: string, change: { width?: number; position?: number }) => void;
}

function describe(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The change could not be saved.';
  const detail = error.details[0]?.message;
  return detail && error.statusCode === 400 ? `Not saved: ${detail}` : `Not saved: ${error.message}`;
}

/**
 * The editable grid over the rows API (infinite row model): the browser holds only the blocks in view; sorting and
 * filtering happen on the server. An edit is sent as a one-cell PATCH; the server's answer (normalised value, new
 * version) replaces the row, and a refusal puts the old value back with a message.
 */
export function SheetGrid({ sheet, members, editable, density = 'normal', onReady, onSelectionChanged, onError, onColumnLayout }: SheetGridProps) {
  const total = useRef<number | undefined>(undefined);
  const apiRef = useRef<GridApi<Row> | null>(null);
  const columnDefs = useMemo(() => sheet.columns.map((c) => toColumnDef(c, members, editable)), [sheet.columns, members, editable]);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params) => {
        const request = params as unknown as GridRequest;
        fetchRows(sheet.id, toRowsQuery(request))
          .then((page) => {
            if (page.total !== undefined) total.current = page.total;
            const reachedEnd = page.items.length < request.endRow - request.startRow;
            params.successCallback(page.items, reachedEnd ? request.startRow + page.items.length : total.current);
          })
          .catch((error: unknown) => {
            onError(error instanceof ApiError ? error.message : 'Could not load rows.');
            params.failCallback();
          });
      },
    }),
    [sheet.id, onError],
  );

  const onCellValueChanged = useCallback(
    (event: CellValueChangedEvent<Row>) => {
      const columnId = event.column.getColId();
      if (!event.data || event.oldValue === event.newValue) return;
      const previous = { ...event.data, values: { ...event.data.values, [columnId]: event.oldValue } };
      const value = event.newValue === '' || event.newValue === undefined ? null : event.newValue;
      updateCells(sheet.id, event.data.id, { [columnId]: value })
        .then((row) => event.node.setData(row))
        .catch((error: unknown) => {
          event.node.setData(previous);
          onError(describe(error));
        });
    },
    [sheet.id, onError],
  );

  /** Pastes a block copied from a spreadsheet program from the focused cell on, as one change on the server. */
  const onPaste = useCallback(
    (event: ClipboardEvent<HTMLDivElement>) => {
      const api = apiRef.current;
      const focused = api?.getFocusedCell();
      if (!api || !editable || !focused || api.getEditingCells().length) return;
      const block = parseClipboardBlock(event.clipboardData.getData('text/plain'));
      if (!block.length) return;
      event.preventDefault();
      const columns = api.getAllDisplayedColumns();
      const start = columns.findIndex((c) => c.getColId() === focused.column.getColId());
      const rowIds = block.map((_, i) => api.getDisplayedRowAtIndex(focused.rowIndex + i)?.data?.id);
      const updates = blockUpdates(block, rowIds, columns.slice(start).map((c) => c.getColId()));
      if (!updates.length) return;
      updateRows(sheet.id, updates)
        .then((rows) => rows.forEach((row) => api.getRowNode(row.id)?.setData(row)))
        .catch((error: unknown) => onError(describe(error)));
    },
    [editable, sheet.id, onError],
  );

  return (
    <div className="sheet-grid" data-testid="sheet-grid" onPaste={onPaste}>
      <AgGridReact<Row>
        theme={themeQuartz}
        columnDefs={columnDefs}
        defaultColDef={{ resizable: true, minWidth: 80, filter: true, floatingFilter: false }}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK_SIZE}
        maxBlocksInCache={20}
        getRowId={(p) => p.data.id}
        rowHeight={DENSITY_ROW_HEIGHT[density]}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        singleClickEdit={false}
        enterNavigatesVerticallyAfterEdit
        stopEditingWhenCellsLoseFocus
        tooltipShowDelay={400}
        onCellValueChanged={onCellValueChanged}
        onGridReady={(e) => {
          apiRef.current = e.api;
          onReady?.(e.api);
        }}
        onSelectionChanged={(e) => onSelectionChanged?.(e.api.getSelectedRows())}
        onColumnResized={(e) => {
          if (!editable || !e.finished || e.source !== 'uiColumnResized' || !e.column) return;
          onColumnLayout?.(e.column.getColId(), { width: Math.round(e.column.getActualWidth()) });
        }}
        onColumnMoved={(e) => {
          if (!editable || !e.finished || e.source !== 'uiColumnMoved' || !e.column || e.toIndex === undefined) return;
          onColumnLayout?.(e.column.getColId(), { position: e.toIndex });
        }}
        suppressMovableColumns={!editable}
        overlayNoRowsTemplate="<span>No rows yet.</span>"
      />
    </div>
  );
}
