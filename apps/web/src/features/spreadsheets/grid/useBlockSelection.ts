import { COMPUTED_COLUMN_TYPES, MAX_ROWS_PER_BATCH, type Column, type Member, type Row } from '@contrivance/contracts';
import type { CellClassParams, GridApi, SuppressKeyboardEventParams } from 'ag-grid-community';
import { useCallback, useMemo, useRef, type ClipboardEvent } from 'react';
import { ApiError } from '../../../lib/api-error';
import { fetchRows, updateRows } from '../api/spreadsheets.api';
import { toHtml, toTsv } from './clipboard';
import { DETAIL_COLUMN_ID } from '../row-detail/detail-column';
import { cellText } from './cell-text';
import { isShortcut } from '../../../lib/keyboard';
import { isGroupRow, isGrouped } from './grouped-rows';
import { gridViewParams } from './rows-request';

/** A rectangle of cells by displayed row index and displayed column index, both ends included. */
export interface Block {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

interface CellPos {
  row: number;
  col: number;
}

/** Rows a copy may take from the server when the block reaches rows not on screen. */
export const MAX_COPY_ROWS = 10_000;
const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/** The grid cell an element is in, by displayed row index and index in `colIds`; null outside the cells. */
export function cellAt(element: HTMLElement, colIds: string[]): CellPos | null {
  const cell = element.closest<HTMLElement>('.ag-cell[col-id]');
  const row = cell?.closest<HTMLElement>('.ag-row[row-index]');
  const rowIndex = Number(row?.getAttribute('row-index'));
  const col = colIds.indexOf(cell?.getAttribute('col-id') ?? '');
  return row && Number.isInteger(rowIndex) && rowIndex >= 0 && col >= 0 ? { row: rowIndex, col } : null;
}

export function blockOf(a: CellPos, b: CellPos): Block {
  return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
}

/**
 * A block of cells in the grid, the way spreadsheet programs select them: Shift+arrows or Shift+click from the focused
 * cell, Ctrl/⌘+A for everything. Ctrl/⌘+C copies the block (or the focused cell) as TSV and HTML, as shown on screen
 * (labels, names, formatted numbers), which pastes into other programs and back into the grid; Delete or Backspace
 * clears every cell of the block in one change. Community ag-grid has no range selection, hence this.
 */
export function useBlockSelection(options: {
  api: () => GridApi<Row> | null;
  sheetId: string;
  columns: Column[];
  members: Member[];
  editable: boolean;
  onError: (message: string) => void;
  onNotice: (message: string) => void;
}) {
  const { api, sheetId, columns, members, editable, onError, onNotice } = options;
  const anchor = useRef<CellPos | null>(null);
  const block = useRef<Block | null>(null);
  /** The cell a Shift+click or Shift+arrow is moving the focus to: its focus extends the block. */
  const extendTo = useRef<CellPos | null>(null);
  /** The cell focused last: the grid focuses it again when it redraws (after a broadcast change), which changes nothing. */
  const focusedAt = useRef<CellPos | null>(null);
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);

  const displayed = useCallback(
    () =>
      api()
        ?.getAllDisplayedColumns()
        .map((c) => c.getColId())
        // The expand column holds no values.
        .filter((id) => id !== DETAIL_COLUMN_ID) ?? [],
    [api],
  );
  const rowCount = useCallback(() => api()?.getDisplayedRowCount() ?? 0, [api]);

  const redraw = useCallback(() => {
    const grid = api();
    if (!grid) return;
    const editing = new Set(grid.getEditingCells().map((c) => c.rowIndex));
    const nodes: NonNullable<ReturnType<GridApi<Row>['getDisplayedRowAtIndex']>>[] = [];
    grid.forEachNode((node) => {
      if (node.rowIndex !== null && !editing.has(node.rowIndex)) nodes.push(node);
    });
    grid.refreshCells({ rowNodes: nodes, force: true, suppressFlash: true });
  }, [api]);

  const select = useCallback(
    (from: CellPos | null, to: CellPos | null) => {
      anchor.current = from;
      block.current = from && to && (from.row !== to.row || from.col !== to.col) ? blockOf(from, to) : null;
      redraw();
    },
    [redraw],
  );

  /** For the cell class rule: is this cell inside the selected block? */
  const inBlock = useCallback(
    (params: CellClassParams<Row>) => {
      const b = block.current;
      if (!b || params.rowIndex === null) return false;
      const col = displayed().indexOf(params.column.getColId());
      return params.rowIndex >= b.top && params.rowIndex <= b.bottom && col >= b.left && col <= b.right;
    },
    [displayed],
  );

  /**
   * The cell's focus moved: to the cell a Shift+click or Shift+arrow aimed at, it extends the block; to another cell,
   * the block collapses to it. The grid focusing the same cell again (it does when it redraws, say after a change came
   * in from someone else) changes nothing, and does not use up a pending extension.
   */
  const onFocused = useCallback(
    (rowIndex: number | null, colId: string | null) => {
      if (rowIndex === null || !colId) return;
      const at = { row: rowIndex, col: displayed().indexOf(colId) };
      const same = (p: CellPos | null) => !!p && p.row === at.row && p.col === at.col;
      if (same(focusedAt.current) && !same(extendTo.current)) return;
      focusedAt.current = at;
      const extending = same(extendTo.current) && anchor.current;
      extendTo.current = null;
      if (extending) {
        block.current = blockOf(anchor.current!, at);
        redraw();
        return;
      }
      if (block.current) select(at, at);
      else anchor.current = at;
    },
    [displayed, redraw, select],
  );

  /**
   * A click on a cell: with Shift it aims the block's far corner at that cell; without, it starts over there (also when
   * the cell clicked is the one already focused, whose focus would change nothing).
   */
  const onMouseDown = useCallback(
    (event: React.MouseEvent) => {
      const at = cellAt(event.target as HTMLElement, displayed());
      if (!at) return;
      if (event.shiftKey && anchor.current) extendTo.current = at;
      else {
        extendTo.current = null;
        if (block.current) {
          focusedAt.current = at;
          select(at, at);
        }
      }
    },
    [displayed, select],
  );

  /** Keys the grid must leave to the block: Shift+arrows, select-all, and Delete/Backspace on a block. */
  const suppressKeyboardEvent = useCallback((params: SuppressKeyboardEventParams<Row>) => {
    if (params.editing) return false;
    const e = params.event;
    if (e.shiftKey && ARROWS[e.key]) return true;
    if (isShortcut(e, 'a')) return true;
    return (e.key === 'Delete' || e.key === 'Backspace') && !!block.current;
  }, []);

  /** Rows of the block that are on screen (undefined where the grid has not loaded them). */
  const loadedRows = useCallback((grid: GridApi<Row>, b: Block) => Array.from({ length: b.bottom - b.top + 1 }, (_, i) => grid.getDisplayedRowAtIndex(b.top + i)?.data), []);

  /** The cells as people see them: option labels, names, formatted numbers. */
  const textOf = useCallback(
    (rows: Row[], b: Block) => {
      const colIds = displayed().slice(b.left, b.right + 1);
      return rows.map((row) => colIds.map((id) => (byId.has(id) ? cellText(byId.get(id)!, row.values[id], members) : '')));
    },
    [displayed, byId, members],
  );

  /** The block's rows, read from the server (in the view's order and filter) when some are not on screen. */
  const rowsOf = useCallback(
    async (grid: GridApi<Row>, b: Block, max: number): Promise<Row[] | null> => {
      const loaded = loadedRows(grid, b);
      // Group header rows hold no cells of their own.
      if (loaded.every(Boolean)) return (loaded as Row[]).filter((row) => !isGroupRow(row));
      // A grouped grid's indexes are not offsets in the view's order: only rows on screen can be read.
      if (isGrouped(grid)) return null;
      if (b.bottom - b.top + 1 > max) return null;
      const rows: Row[] = [];
      for (let offset = b.top; offset <= b.bottom; offset += 1000) {
        const params = gridViewParams(grid);
        params.set('offset', String(offset));
        params.set('limit', String(Math.min(1000, b.bottom - offset + 1)));
        params.set('count', 'false');
        rows.push(...(await fetchRows(sheetId, params)).items);
      }
      return rows;
    },
    [loadedRows, sheetId],
  );

  /** The block, or the focused cell when there is no block. */
  const current = useCallback((): Block | null => {
    if (block.current) return block.current;
    const focused = api()?.getFocusedCell();
    if (!focused) return null;
    const col = displayed().indexOf(focused.column.getColId());
    return { top: focused.rowIndex, bottom: focused.rowIndex, left: col, right: col };
  }, [api, displayed]);

  const onCopy = useCallback(
    (event: ClipboardEvent<HTMLDivElement>) => {
      const grid = api();
      const b = current();
      if (!grid || !b || grid.getEditingCells().length) return;
      event.preventDefault();
      const loaded = loadedRows(grid, b);
      if (loaded.every(Boolean)) {
        // Synchronously, into the copy event's own clipboard data.
        const cells = textOf(
          (loaded as Row[]).filter((row) => !isGroupRow(row)),
          b,
        );
        event.clipboardData.setData('text/plain', toTsv(cells));
        event.clipboardData.setData('text/html', toHtml(cells));
        return;
      }
      // Rows off screen are fetched first; the clipboard is then written through the asynchronous Clipboard API.
      void (async () => {
        const rows = await rowsOf(grid, b, MAX_COPY_ROWS).catch(() => null);
        if (!rows)
          return onError(
            isGrouped(grid)
              ? 'In a grouped grid, copy rows that are on screen (scroll to them first), or export the sheet as CSV.'
              : `Copy takes at most ${MAX_COPY_ROWS.toLocaleString()} rows at a time; export the sheet as CSV for more.`,
          );
        const cells = textOf(rows, b);
        try {
          await navigator.clipboard.write([
            new ClipboardItem({ 'text/plain': new Blob([toTsv(cells)], { type: 'text/plain' }), 'text/html': new Blob([toHtml(cells)], { type: 'text/html' }) }),
          ]);
          onNotice(`Copied ${cells.length.toLocaleString()} rows.`);
        } catch {
          onError('The browser did not allow copying; try again, or export the sheet as CSV.');
        }
      })();
    },
    [api, current, loadedRows, textOf, rowsOf, onError, onNotice],
  );

  /**
   * Clears every cell of the block in one change (empty cells of required columns are refused by the server). Formula,
   * lookup and rollup cells are left as they are: they hold nothing to clear, and the server refuses writing them.
   */
  const clearBlock = useCallback(async () => {
    const grid = api();
    const b = block.current;
    if (!grid || !b || !editable) return;
    if (b.bottom - b.top + 1 > MAX_ROWS_PER_BATCH) {
      onError(`Clear up to ${MAX_ROWS_PER_BATCH.toLocaleString()} rows at a time.`);
      return;
    }
    const colIds = displayed()
      .slice(b.left, b.right + 1)
      .filter((id) => !COMPUTED_COLUMN_TYPES.includes(byId.get(id)?.type ?? 'text'));
    if (!colIds.length) return;
    const rows = await rowsOf(grid, b, MAX_ROWS_PER_BATCH).catch(() => null);
    if (!rows) return onError(isGrouped(grid) ? 'In a grouped grid, clear rows that are on screen (scroll to them first).' : 'The rows to clear could not be read; try again.');
    const updates = rows.map((row) => ({ rowId: row.id, values: Object.fromEntries(colIds.map((id) => [id, null])) }));
    try {
      const saved = await updateRows(sheetId, updates);
      for (const row of saved) {
        const node = grid.getRowNode(row.id);
        if (node?.data) Object.assign(node.data, row);
      }
      grid.refreshCells({ force: true, suppressFlash: true });
    } catch (error) {
      onError(error instanceof ApiError ? `Not cleared: ${error.details[0]?.message ?? error.message}` : 'The cells could not be cleared.');
    }
  }, [api, displayed, byId, editable, rowsOf, sheetId, onError]);

  /**
   * Handled on the grid's container as the key goes down (the grid's own cellKeyDown event can arrive after the
   * browser has acted, and Ctrl/⌘+A would select the whole page).
   */
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent<HTMLDivElement>) => {
      const grid = api();
      const target = e.target as HTMLElement;
      if (!grid || grid.getEditingCells().length || !target.closest('.ag-cell, .ag-row, .ag-body-viewport')) return;
      const focused = grid.getFocusedCell();
      if (e.shiftKey && ARROWS[e.key] && focused) {
        const cols = displayed();
        const from = anchor.current ?? { row: focused.rowIndex, col: cols.indexOf(focused.column.getColId()) };
        const [dr, dc] = ARROWS[e.key];
        const to = {
          row: Math.max(0, Math.min(rowCount() - 1, focused.rowIndex + dr)),
          col: Math.max(0, Math.min(cols.length - 1, cols.indexOf(focused.column.getColId()) + dc)),
        };
        e.preventDefault();
        e.stopPropagation();
        extendTo.current = to;
        anchor.current = from;
        grid.ensureIndexVisible(to.row);
        grid.setFocusedCell(to.row, cols[to.col]);
      } else if (isShortcut(e.nativeEvent, 'a')) {
        e.preventDefault();
        e.stopPropagation();
        select({ row: 0, col: 0 }, { row: Math.max(0, rowCount() - 1), col: displayed().length - 1 });
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && block.current) {
        e.preventDefault();
        e.stopPropagation();
        void clearBlock();
      }
    },
    [api, displayed, rowCount, select, clearBlock],
  );

  return { inBlock, onFocused, onMouseDown, onKeyDown, suppressKeyboardEvent, onCopy, block: () => block.current };
}
