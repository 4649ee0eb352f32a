import { ErrorCode, type CellValue, type Member, type PresenceUser, type Row, type Spreadsheet, type View } from '@contrivance/contracts';
import {
  CellStyleModule,
  ColumnApiModule,
  CheckboxEditorModule,
  CustomEditorModule,
  CustomFilterModule,
  DateEditorModule,
  DateFilterModule,
  HighlightChangesModule,
  InfiniteRowModelModule,
  LargeTextEditorModule,
  ModuleRegistry,
  NumberEditorModule,
  RenderApiModule,
  NumberFilterModule,
  RowApiModule,
  RowSelectionModule,
  ScrollApiModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
  ValidationModule,
  themeQuartz,
  type CellClassParams,
  type CellValueChangedEvent,
  type ColDef,
  type GridApi,
  type IDatasource,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ClipboardEvent } from 'react';
import { ApiError } from '../../../lib/api-error';
import { fetchRow, fetchRows, updateRows } from '../api/spreadsheets.api';
import { useSaveCell } from '../api/useSaveCell';
import { peerColor, type CellAck } from '../../realtime';
import { toColumnDef } from './column-defs';
import { cellKey, patchRow, releaseHeld, type HeldValues } from './live-updates';
import { linkIds, sameLinks } from './link-cells';
import { blockUpdates, linkColumnsHit, parseClipboardBlock } from './paste';
import { toRowsQuery, toViewParams, type GridContext, type GridRequest } from './rows-request';
import { GroupHeader, type GroupingContext } from './GroupHeader';
import { fitted, groupedPieces, groupedRowCount, groupFilters, groupHeaders, groupRowId, headerRow, isGroupRow, type RowGroup } from './grouped-rows';
import { useBlockSelection } from './useBlockSelection';
import type { CommentCounts } from '../row-detail/comment-counts';
import { fetchCommentCounts } from '../row-detail/comments.api';
import { DETAIL_COLUMN_ID, detailColumnDef, type DetailColumnContext } from '../row-detail/detail-column';

// Only the modules the grid uses, to keep the bundle small.
ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  TextEditorModule,
  LargeTextEditorModule,
  NumberEditorModule,
  DateEditorModule,
  CheckboxEditorModule,
  CustomEditorModule,
  CustomFilterModule,
  TextFilterModule,
  NumberFilterModule,
  DateFilterModule,
  RowApiModule,
  RenderApiModule,
  RowSelectionModule,
  // ensureColumnVisible: search scrolls to a match's column.
  ScrollApiModule,
  CellStyleModule,
  ColumnApiModule,
  TooltipModule,
  HighlightChangesModule,
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
  /** The focus moved to a cell of this row (by click or keyboard; leaving the grid keeps the focus where it was). */
  onFocusedRow?: (rowId: string) => void;
  onError: (message: string) => void;
  /** Good news worth a line (a large copy done). */
  onNotice?: (message: string) => void;
  /** A column was resized or dragged to a new place by hand (only when editable). */
  onColumnLayout?: (columnId: string, change: { width?: number; position?: number }) => void;
  /** The live connection, when there is one: edits go through it, and the focused cell is shared. */
  live?: {
    connected: boolean;
    updateCell(rowId: string, columnId: string, value: unknown): Promise<CellAck>;
    focus(cell: { rowId: string; columnId: string } | null): void;
  };
  /** Other people here, whose focused cells get a border in their colour. */
  peers?: PresenceUser[];
  /** Remote values held back while the same cell is edited here (see live-updates). */
  held?: HeldValues;
  /** Called whenever no cell is being edited any more (work deferred while editing can run now). */
  onEditingStopped?: () => void;
  /** Called when an edit was saved (earlier "not saved" notices can go). */
  onSaved?: () => void;
  /** How many rows the grid shows, and whether filters narrow them (answered with each first block). */
  onRowCount?: (count: RowCount) => void;
  /** The saved view shown: the server applies its filter (and its sorts, which the column headers show). */
  savedView?: View | null;
  /** Rows grouped by a column: a header row per group (its count and summaries, folded or not), then its rows. */
  grouping?: NonNullable<GroupingContext['grouping']> & { groups: RowGroup[]; collapsed: ReadonlySet<string> };
  /** Opens a row's detail panel (its expand button, or Shift+Space in one of its cells). */
  onOpenRow?: (rowId: string) => void;
  /** Comment counts of the loaded rows, shown beside their expand buttons (read with each block). */
  commentCounts?: CommentCounts;
  /** Cells a search found (`rowId:columnId`), highlighted, and the one the search is on. */
  searchHighlight?: { matches: ReadonlySet<string>; current: string | null } | null;
  /** Edits that wait on this device while the connection is down (see useOfflineEdits). */
  offline?: {
    queue(rowId: string, columnId: string, value: unknown, base: unknown): void;
    overlay(rows: Row[]): Row[];
    isPending(rowId: string, columnId: string): boolean;
    /** How many edits wait (a change re-styles the cells that were waiting). */
    waiting: number;
  };
}

export interface RowCount {
  shown: number;
  filtered: boolean;
}

function describe(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The change could not be saved.';
  const detail = error.code === ErrorCode.ValidationFailed ? error.details[0]?.message : undefined;
  return `Not saved: ${detail ?? error.message}`;
}

/**
 * The editable grid over the rows API (infinite row model): the browser holds only the blocks in view; sorting and
 * filtering happen on the server. An edit is sent as a one-cell PATCH; the server's answer (normalised value, new
 * version) replaces the row, and a refusal puts the old value back with a message.
 */
export function SheetGrid({
  sheet,
  members,
  editable,
  density = 'normal',
  onReady,
  onSelectionChanged,
  onFocusedRow,
  onError,
  onNotice,
  onColumnLayout,
  live,
  peers = [],
  held,
  onEditingStopped,
  onSaved,
  onRowCount,
  offline,
  savedView,
  onOpenRow,
  commentCounts,
  searchHighlight,
  grouping,
}: SheetGridProps) {
  const groupingRef = useRef(grouping);
  groupingRef.current = grouping;
  const viewId = savedView?.id;
  const filtersView = Boolean(savedView?.filter?.conditions.length);
  const offlineRef = useRef(offline);
  offlineRef.current = offline;
  const searchRef = useRef(searchHighlight);
  searchRef.current = searchHighlight;
  // Re-styles the cells of the rows shown when the search's matches or its current one change (classes only: no
  // redraw, which would stop an edit).
  useEffect(() => {
    apiRef.current?.refreshCells({ suppressFlash: true });
  }, [searchHighlight]);
  // Cells whose edit was sent lose their "waiting" look (rows being edited are left alone).
  useEffect(() => {
    const api = apiRef.current;
    if (!api) return;
    const editing = new Set(api.getEditingCells().map((c) => c.rowIndex));
    const nodes: NonNullable<ReturnType<GridApi<Row>['getDisplayedRowAtIndex']>>[] = [];
    api.forEachNode((node) => {
      if (node.rowIndex !== null && !editing.has(node.rowIndex)) nodes.push(node);
    });
    api.refreshCells({ rowNodes: nodes, force: true, suppressFlash: true });
  }, [offline?.waiting]);
  const total = useRef<number | undefined>(undefined);
  const [count, setCount] = useState<RowCount | null>(null);
  const onRowCountRef = useRef(onRowCount);
  onRowCountRef.current = onRowCount;
  const apiRef = useRef<GridApi<Row> | null>(null);
  // New column definitions make ag-grid stop any edit in progress: while a cell is being edited, changes to the
  // columns (someone renames or adds one), the members or the role wait, and apply when the edit ends.
  const editing = useRef(false);
  const latest = useRef({ columns: sheet.columns, members, editable });
  latest.current = { columns: sheet.columns, members, editable };
  const [shown, setShown] = useState(latest.current);
  useEffect(() => {
    if (!editing.current) setShown({ columns: sheet.columns, members, editable });
  }, [sheet.columns, members, editable]);
  // A saved view's sorts show in the headers (and are then sent as the grid's own, which the server takes as they are).
  // Its frozen columns are the first ones it shows, pinned to the left.
  const viewSorts = savedView?.sorts;
  const frozen = savedView?.frozenColumns ?? 0;
  const columnDefs = useMemo(() => {
    const pinned = new Set(
      shown.columns
        .filter((c) => !c.hidden)
        .slice(0, frozen)
        .map((c) => c.id),
    );
    const sheetColumns = shown.columns.map((c) => {
      const def = { ...toColumnDef(c, shown.members, shown.editable), ...(pinned.has(c.id) ? { pinned: 'left' as const } : {}) };
      const i = viewSorts?.findIndex((s) => s.columnId === c.id) ?? -1;
      return i < 0 ? def : { ...def, initialSort: viewSorts![i].direction, initialSortIndex: i };
    });
    return [detailColumnDef as ColDef<Row, CellValue>, ...sheetColumns];
  }, [shown, viewSorts, frozen]);
  const onOpenRowRef = useRef(onOpenRow);
  onOpenRowRef.current = onOpenRow;
  const groupedBy = grouping?.columns.map((c) => c.id).join();
  const gridContext = useMemo(
    () =>
      ({
        viewId,
        commentCounts,
        onOpenRow: (rowId: string) => onOpenRowRef.current?.(rowId),
        // Header rows read the grouping as it is now (labels, summaries, the fold button).
        get grouping() {
          return groupingRef.current;
        },
      }) satisfies GridContext & DetailColumnContext & GroupingContext,
    [viewId, commentCounts],
  );
  // The groups' rows move (counts change, a group folds): the grid reads its blocks again. Only their summaries
  // changed: just the header rows are drawn again (rows being edited are left alone).
  const layout = grouping ? JSON.stringify([groupHeaders(grouping.groups).map((h) => [h.path, h.group.count]), [...grouping.collapsed]]) : '';
  const headers = grouping ? JSON.stringify(groupHeaders(grouping.groups).map((h) => h.group.values)) : '';
  useEffect(() => {
    const api = apiRef.current;
    const current = groupingRef.current;
    if (!api || api.isDestroyed() || !current) return;
    api.setRowCount(groupedRowCount(current.groups, current.collapsed), true);
    api.refreshInfiniteCache();
  }, [layout]);
  useEffect(() => {
    const api = apiRef.current;
    const current = groupingRef.current;
    if (!api || api.isDestroyed() || !current) return;
    const nodes = groupHeaders(current.groups).flatMap(({ group, path }) => {
      const node = api.getRowNode(groupRowId(path));
      if (node) node.data = headerRow(group, path, current.collapsed);
      return node ? [node] : [];
    });
    if (nodes.length) api.redrawRows({ rowNodes: nodes });
  }, [headers]);
  // ag-grid keeps what a cell already drew when only its formatter changes: when the members arrive after the rows
  // (or an option is renamed), redraw the cells' text so no one sees raw ids.
  useEffect(() => {
    apiRef.current?.refreshCells({ force: true, suppressFlash: true });
  }, [columnDefs]);
  const saveCell = useSaveCell(sheet.id, live);
  const block = useBlockSelection({
    api: useCallback(() => apiRef.current, []),
    sheetId: sheet.id,
    columns: shown.columns,
    members: shown.members,
    editable: shown.editable,
    onError,
    onNotice: onNotice ?? onError,
  });

  // Others' focused cells: read by the cell style rules, redrawn when presence changes.
  const peerFocus = useRef(new Map<string, PresenceUser>());
  useEffect(() => {
    const before = peerFocus.current;
    const after = new Map(peers.filter((p) => p.focus).map((p) => [cellKey(p.focus!.rowId, p.focus!.columnId), p]));
    const changed = [...before.keys(), ...after.keys()].filter((key) => before.get(key)?.userId !== after.get(key)?.userId);
    peerFocus.current = after;
    const api = apiRef.current;
    if (!api || !changed.length) return;
    // Re-style just the cells whose borders change. Never redraw rows: ag-grid stops every edit in progress when it
    // redraws, so a collaborator moving their cursor closed your editor (and saved what you had typed so far).
    const edited = new Set(api.getEditingCells().map((c) => `${c.rowIndex}:${c.column?.getColId()}`));
    for (const key of changed) {
      const [rowId, columnId] = key.split(':');
      const node = api.getRowNode(rowId);
      if (!node || edited.has(`${node.rowIndex}:${columnId}`)) continue;
      api.refreshCells({ rowNodes: [node], columns: [columnId], force: true, suppressFlash: true });
    }
  }, [peers]);
  const defaultColDef = useMemo(
    () => ({
      resizable: true,
      minWidth: 80,
      filter: true,
      floatingFilter: false,
      cellClassRules: {
        'cell--peer-focus': (p: CellClassParams<Row>) => !!p.data && peerFocus.current.has(cellKey(p.data.id, p.column.getColId())),
        'cell--in-block': block.inBlock,
        'cell--pending': (p: CellClassParams<Row>) => !!p.data && !!offlineRef.current?.isPending(p.data.id, p.column.getColId()),
        'cell--search-match': (p: CellClassParams<Row>) => !!p.data && !!searchRef.current?.matches.has(cellKey(p.data.id, p.column.getColId())),
        'cell--search-current': (p: CellClassParams<Row>) => !!p.data && searchRef.current?.current === cellKey(p.data.id, p.column.getColId()),
      },
      suppressKeyboardEvent: block.suppressKeyboardEvent,
      cellStyle: (p: CellClassParams<Row>) => {
        const peer = p.data && peerFocus.current.get(cellKey(p.data.id, p.column.getColId()));
        return peer ? { boxShadow: `inset 0 0 0 2px ${peerColor(peer.userId)}` } : null;
      },
    }),
    [block.inBlock, block.suppressKeyboardEvent],
  );

  /** The comment counts of a block just loaded, drawn once they are in (a failure leaves the rows without counts). */
  const loadCommentCounts = useCallback(
    (rowIds: string[]) => {
      if (!commentCounts || !rowIds.length) return;
      fetchCommentCounts(sheet.id, rowIds)
        .then((counts) => {
          commentCounts.loaded(rowIds, counts);
          apiRef.current?.refreshCells({ columns: [DETAIL_COLUMN_ID], force: true, suppressFlash: true });
        })
        .catch(() => undefined);
    },
    [sheet.id, commentCounts],
  );

  /**
   * A block of a grouped grid: its header rows, and each group's stretch of rows read as the view's rows narrowed to
   * the group (in the view's order), in parallel.
   */
  const loadGrouped = useCallback(
    async (request: GridRequest, current: NonNullable<typeof grouping>): Promise<{ rows: Row[]; total: number }> => {
      const pieces = groupedPieces(current.groups, current.collapsed, request.startRow, request.endRow);
      const parts = await Promise.all(
        pieces.map(async (piece) => {
          if (piece.kind === 'header') return [headerRow(piece.group, piece.path, current.collapsed)];
          const query = toViewParams(request, new URLSearchParams({ offset: String(piece.offset), limit: String(piece.limit), count: 'false' }));
          for (const filter of groupFilters(
            current.columns.map((c) => c.id),
            piece.path,
          ))
            query.append('filter', filter);
          if (viewId) query.set('viewId', viewId);
          const page = await fetchRows(sheet.id, query);
          return fitted(offlineRef.current ? offlineRef.current.overlay(page.items) : page.items, piece.group, piece.path, piece.offset, piece.limit);
        }),
      );
      return { rows: parts.flat(), total: groupedRowCount(current.groups, current.collapsed) };
    },
    [sheet.id, viewId],
  );

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params) => {
        const request = params as unknown as GridRequest;
        const current = groupingRef.current;
        if (current) {
          loadGrouped(request, current)
            .then(({ rows, total }) => {
              if (request.startRow === 0) {
                const count = { shown: current.groups.reduce((n, g) => n + g.count, 0), filtered: Object.keys(request.filterModel ?? {}).length > 0 || Boolean(filtersView) };
                setCount(count);
                onRowCountRef.current?.(count);
              }
              params.successCallback(rows, request.endRow >= total ? total : undefined);
              loadCommentCounts(rows.filter((r) => !isGroupRow(r)).map((r) => r.id));
            })
            .catch((error: unknown) => {
              onError(error instanceof ApiError ? error.message : 'Could not load rows.');
              params.failCallback();
            });
          return;
        }
        fetchRows(sheet.id, toRowsQuery(request, viewId))
          .then((page) => {
            if (page.total !== undefined) total.current = page.total;
            const reachedEnd = page.items.length < request.endRow - request.startRow;
            if (request.startRow === 0) {
              const count = { shown: page.total ?? page.items.length, filtered: Object.keys(request.filterModel ?? {}).length > 0 || Boolean(filtersView) };
              setCount(count);
              onRowCountRef.current?.(count);
            }
            const items = offlineRef.current ? offlineRef.current.overlay(page.items) : page.items;
            params.successCallback(items, reachedEnd ? request.startRow + page.items.length : total.current);
            loadCommentCounts(page.items.map((r) => r.id));
          })
          .catch((error: unknown) => {
            onError(error instanceof ApiError ? error.message : 'Could not load rows.');
            params.failCallback();
          });
      },
    }),
    [sheet.id, onError, viewId, filtersView, loadCommentCounts, loadGrouped],
  );

  const onCellValueChanged = useCallback(
    (event: CellValueChangedEvent<Row, CellValue>) => {
      const columnId = event.column.getColId();
      if (!event.data || event.oldValue === event.newValue) return;
      // The old value comes from the column's valueGetter, which gives null (never undefined) for an empty cell.
      const previous = { ...event.data, values: { ...event.data.values, [columnId]: event.oldValue as CellValue } };
      // A link cell shows its rows with their labels; the API takes their ids.
      const isLink = latest.current.columns.find((c) => c.id === columnId)?.type === 'link';
      // The link editor reports a new list each time: the same rows (picked and taken out again) change nothing.
      if (isLink && sameLinks(event.oldValue, event.newValue)) return;
      const value = isLink ? linkIds(event.newValue) : event.newValue === '' || event.newValue === undefined ? null : event.newValue;
      const rowId = event.data.id;
      const api = event.api;
      // Optimistic: the value shows at once; the broadcast brings the stored (normalised) one; a refusal rolls back.
      void saveCell(rowId, columnId, value).then(async (saved) => {
        if (saved.ok) {
          if (saved.row) patchRow(api, event.node, saved.row);
          return onSaved?.();
        }
        if (saved.reason === 'unreachable' && offlineRef.current && !isLink) {
          // Out of reach: the edit waits on this device and is sent (checked against the server) when it is back.
          offlineRef.current.queue(rowId, columnId, value, event.oldValue ?? null);
          api.refreshCells({ rowNodes: [event.node], columns: [columnId], force: true, suppressFlash: true });
          onNotice?.('You are offline: the edit is kept on this device and will be sent when the connection is back.');
          return;
        }
        if (saved.reason === 'unconfirmed') {
          // It may have been saved: show what the server has, and say so.
          const current = await fetchRow(sheet.id, rowId).catch(() => null);
          if (current) patchRow(api, event.node, current);
          onError('No answer from the server in time: the cell shows what is saved now. Check it and edit again if needed.');
          return;
        }
        patchRow(api, event.node, previous);
        // Links are not kept on this device: the labels they show are read from the server.
        if (saved.reason === 'unreachable' && isLink) return onError('Not saved: links can be changed only while the server can be reached.');
        const why = saved.reason === 'refused' ? (saved.detail ?? saved.message) : saved.message;
        onError(why === undefined ? 'The change could not be saved.' : `Not saved: ${why}`);
      });
    },
    [sheet.id, onError, onNotice, onSaved, saveCell],
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
      const targets = columns
        .slice(start)
        .map((c) => c.getColId())
        .filter((id) => id !== DETAIL_COLUMN_ID);
      const links = linkColumnsHit(block, targets, latest.current.columns);
      if (links.length) {
        onError(`Links cannot be pasted (“${links[0].name}” takes rows of another sheet, not text): edit the cell to pick the rows instead.`);
        return;
      }
      // A group's header row takes no values: its line of the block is left out.
      const rowIds = block.map((_, i) => {
        const data = api.getDisplayedRowAtIndex(focused.rowIndex + i)?.data;
        return data && !isGroupRow(data) ? data.id : undefined;
      });
      const updates = blockUpdates(block, rowIds, targets);
      if (!updates.length) return;
      updateRows(sheet.id, updates)
        .then((rows) =>
          rows.forEach((row) => {
            const node = api.getRowNode(row.id);
            if (node) patchRow(api, node, row);
          }),
        )
        .catch((error: unknown) => onError(describe(error)));
    },
    [editable, sheet.id, onError],
  );

  return (
    <div className="sheet-grid" data-testid="sheet-grid" onPaste={onPaste} onCopy={block.onCopy} onMouseDownCapture={block.onMouseDown} onKeyDownCapture={block.onKeyDown}>
      <AgGridReact<Row>
        // A column added, removed or retyped starts a fresh grid (its cached blocks were read for the old columns).
        // A view shown, or its filter, sorts or frozen columns changed: a fresh grid (a resize or move saved into the view is not).
        // Grouped by another column (or no longer): a fresh grid too.
        key={`${viewId ?? ''}:${JSON.stringify([savedView?.filter, savedView?.sorts, savedView?.frozenColumns])}:${shown.columns.map((c) => `${c.id}:${c.type}`).join()}:${groupedBy ?? ''}`}
        context={gridContext}
        theme={themeQuartz}
        columnDefs={columnDefs}
        defaultColDef={defaultColDef}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK_SIZE}
        maxBlocksInCache={20}
        getRowId={(p) => p.data.id}
        isFullWidthRow={(p) => isGroupRow(p.rowNode.data)}
        fullWidthCellRenderer={GroupHeader}
        rowHeight={DENSITY_ROW_HEIGHT[density]}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        singleClickEdit={false}
        enterNavigatesVerticallyAfterEdit
        stopEditingWhenCellsLoseFocus
        tooltipShowDelay={400}
        onCellValueChanged={onCellValueChanged}
        onCellKeyDown={(e) => {
          const key = e.event as KeyboardEvent | null | undefined;
          if (key?.key === ' ' && key.shiftKey && e.data && !e.api.getEditingCells().length) {
            key.preventDefault();
            onOpenRowRef.current?.(e.data.id);
          }
        }}
        onCellEditingStarted={() => (editing.current = true)}
        onCellEditingStopped={(e) => {
          if (e.data && held) releaseHeld(e.api, held, e.data.id, e.column.getColId(), e.valueChanged);
          if (e.api.getEditingCells().length) return;
          editing.current = false;
          setShown(latest.current);
          onEditingStopped?.();
        }}
        onCellFocused={(e) => {
          const node = e.rowIndex === null || e.rowIndex === undefined ? undefined : e.api.getDisplayedRowAtIndex(e.rowIndex);
          const columnId = typeof e.column === 'string' ? e.column : e.column?.getColId();
          block.onFocused(e.rowIndex ?? null, columnId ?? null);
          live?.focus(node?.data && columnId ? { rowId: node.data.id, columnId } : null);
          if (node?.data && !isGroupRow(node.data)) onFocusedRow?.(node.data.id);
        }}
        onGridReady={(e) => {
          apiRef.current = e.api;
          onReady?.(e.api);
        }}
        onSelectionChanged={(e) => onSelectionChanged?.(e.api.getSelectedRows().filter((r) => !isGroupRow(r)))}
        onColumnResized={(e) => {
          if (!editable || !e.finished || e.source !== 'uiColumnResized' || !e.column) return;
          onColumnLayout?.(e.column.getColId(), { width: Math.round(e.column.getActualWidth()) });
        }}
        onColumnMoved={(e) => {
          if (!editable || !e.finished || e.source !== 'uiColumnMoved' || !e.column || e.toIndex === undefined) return;
          // The expand column is always first: sheet positions start after it.
          onColumnLayout?.(e.column.getColId(), { position: e.toIndex - 1 });
        }}
        suppressMovableColumns={!editable}
        suppressNoRowsOverlay
      />
      {count?.shown === 0 && (
        <div className="sheet-grid__empty" role="status">
          {count.filtered ? (
            <>
              <p>No rows match the filters.</p>
              <button type="button" className="button button--ghost button--small" onClick={() => apiRef.current?.setFilterModel(null)}>
                Clear filters
              </button>
            </>
          ) : (
            <p>No rows yet.{editable ? ' Add one, or import a CSV.' : ''}</p>
          )}
        </div>
      )}
    </div>
  );
}
