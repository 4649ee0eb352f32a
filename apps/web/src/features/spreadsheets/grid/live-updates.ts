import type { Row, RowValue, SheetChange } from '@contrivance/contracts';
import type { GridApi, IRowNode } from 'ag-grid-community';

const IN_PLACE = new Set(['cell', 'restore']);
/** Changes of a sheet's saved views: nothing of its rows or columns. */
const NOT_ROWS = new Set(['view:update', 'view:delete']);

/** A remote value for a cell someone is editing here, kept until their edit ends. */
export type HeldValues = Map<string, unknown>;
export const cellKey = (rowId: string, columnId: string) => `${rowId}:${columnId}`;

function withValue(row: Row, columnId: string, value: unknown): Row {
  const values = { ...row.values };
  if (value === null || value === undefined) delete values[columnId];
  else values[columnId] = value as never;
  return { ...row, values };
}

/** The cells being edited here, as row id → column ids. */
function editedCells(api: GridApi<Row>): Map<string, Set<string>> {
  const edited = new Map<string, Set<string>>();
  for (const cell of api.getEditingCells()) {
    const rowId = api.getDisplayedRowAtIndex(cell.rowIndex)?.data?.id;
    const columnId = cell.column?.getColId();
    if (!rowId || !columnId) continue;
    edited.set(rowId, (edited.get(rowId) ?? new Set()).add(columnId));
  }
  return edited;
}

/**
 * Puts a newer copy of a row on screen without disturbing an edit in progress: the row's data is updated in place and
 * only the cells whose values changed are refreshed, never one being edited here. (`setData` or `redrawRows` would
 * re-render the row, and ag-grid stops any edit in a row it re-renders: a collaborator's change used to close your
 * editor and save your half-typed text.) Answers the columns whose values changed.
 */
export function patchRow(api: GridApi<Row>, node: IRowNode<Row>, next: Row, options: { flash?: boolean } = {}): string[] {
  const current = node.data;
  if (!current) return [];
  const changed = [...new Set([...Object.keys(current.values), ...Object.keys(next.values)])].filter(
    (columnId) => JSON.stringify(current.values[columnId] ?? null) !== JSON.stringify(next.values[columnId] ?? null),
  );
  // The same object stays in the grid's cache; its fields are replaced.
  Object.assign(current, { ...next, values: { ...next.values } });
  const editing = editedCells(api).get(current.id) ?? new Set<string>();
  const columns = changed.filter((c) => !editing.has(c));
  if (columns.length) {
    api.refreshCells({ rowNodes: [node], columns, force: true, suppressFlash: true });
    if (options.flash) api.flashCells({ rowNodes: [node], columns });
  }
  return changed;
}

/**
 * Applies committed changes to the rows on screen, in place (no reload, no scroll jump), flashing what others
 * changed. A change to the cell being edited here is held, not applied, and reported, so neither value is lost
 * silently. A change to a link cell (`linkColumns`) carries the linked rows' ids, not their labels: its row is to be
 * read again (`refetchRows`) rather than show ids. Returns whether anything needs a reload of rows (rows added or
 * removed, columns changed, imports).
 */
export function applyChanges(
  api: GridApi<Row>,
  changes: SheetChange[],
  ownTab: string,
  held: HeldValues,
  onConflict: (change: SheetChange) => void,
  linkColumns: ReadonlySet<string> = new Set(),
): { reloadRows: boolean; reloadSheet: boolean; refetchRows: string[] } {
  let reloadRows = false;
  let reloadSheet = false;
  const refetch = new Set<string>();
  const editing = editedCells(api);
  for (const change of changes) {
    if (NOT_ROWS.has(change.kind)) continue;
    if (!IN_PLACE.has(change.kind) || !change.rowId || !change.columnId) {
      reloadRows = true;
      reloadSheet ||= change.kind.startsWith('column:') || change.kind === 'import' || change.kind.startsWith('row:');
      continue;
    }
    const node = api.getRowNode(change.rowId);
    if (!node?.data) continue;
    const mine = change.clientId === ownTab;
    if (linkColumns.has(change.columnId)) {
      refetch.add(change.rowId);
      if (!mine && editing.get(change.rowId)?.has(change.columnId)) onConflict(change);
      continue;
    }
    if (!mine && editing.get(change.rowId)?.has(change.columnId)) {
      held.set(cellKey(change.rowId, change.columnId), change.value);
      onConflict(change);
      continue;
    }
    // The row's formula values after the edit come with it (the socket's answer to an edit carries no row).
    const next = Object.entries(change.computed ?? {}).reduce((row, [columnId, value]) => withValue(row, columnId, value), withValue(node.data, change.columnId, change.value));
    patchRow(api, node, next, { flash: !mine });
  }
  return { reloadRows, reloadSheet, refetchRows: [...refetch] };
}

/**
 * patchRow, flashing what changed, for a newer copy of a row that did not come from an edit here: a cell being edited
 * keeps its value (and its editor), and its newer value is held until the edit ends (see releaseHeld).
 */
function patchKeepingEdits(api: GridApi<Row>, node: IRowNode<Row>, next: Row, held: HeldValues): string[] {
  const current = node.data;
  if (!current) return [];
  const editing = editedCells(api).get(current.id);
  if (editing?.size) {
    const values = { ...next.values };
    for (const columnId of editing) {
      const newer = next.values[columnId] ?? null;
      if (JSON.stringify(newer) !== JSON.stringify(current.values[columnId] ?? null)) held.set(cellKey(current.id, columnId), newer);
      if (current.values[columnId] === undefined) delete values[columnId];
      else values[columnId] = current.values[columnId];
    }
    next = { ...next, values };
  }
  return patchRow(api, node, next, { flash: true });
}

/** A row read again (after a change to its links), put on screen in place. Answers the columns whose values changed. */
export function applyFetchedRow(api: GridApi<Row>, row: Row, held: HeldValues): string[] {
  const node = api.getRowNode(row.id);
  return node?.data ? patchKeepingEdits(api, node, row, held) : [];
}

/**
 * New link, lookup and rollup values the server sent for rows of this sheet (`linked:values`; null clears a cell), put
 * on screen in place. Rows not loaded here are skipped: they are read with their values when scrolled to.
 */
export function applyLinkedValues(api: GridApi<Row>, rows: { rowId: string; values: Record<string, RowValue> }[], held: HeldValues): void {
  for (const { rowId, values } of rows) {
    const node = api.getRowNode(rowId);
    if (!node?.data) continue;
    const next = Object.entries(values).reduce((row, [columnId, value]) => withValue(row, columnId, value), node.data);
    patchKeepingEdits(api, node, next, held);
  }
}

/** When an edit ends without a new value, a remote value held during it is shown after all. */
export function releaseHeld(api: GridApi<Row>, held: HeldValues, rowId: string, columnId: string, saved: boolean): void {
  const key = cellKey(rowId, columnId);
  if (!held.has(key)) return;
  const value = held.get(key);
  held.delete(key);
  const node = api.getRowNode(rowId);
  if (!saved && node?.data) patchRow(api, node, withValue(node.data, columnId, value), { flash: true });
}
