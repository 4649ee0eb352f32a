import type { Row, SheetChange } from '@contrivance/contracts';
import type { GridApi } from 'ag-grid-community';

const IN_PLACE = new Set(['cell', 'restore']);

/** A remote value for a cell someone is editing here, kept until their edit ends. */
export type HeldValues = Map<string, unknown>;
export const cellKey = (rowId: string, columnId: string) => `${rowId}:${columnId}`;

function withValue(row: Row, columnId: string, value: unknown): Row {
  const values = { ...row.values };
  if (value === null || value === undefined) delete values[columnId];
  else values[columnId] = value as never;
  return { ...row, values };
}

/**
 * Applies committed changes to the rows on screen, in place (no reload, no scroll jump), flashing what others
 * changed. A change to the cell being edited here is held, not applied, and reported, so neither value is lost
 * silently. Returns whether anything needs a reload of rows (rows added or removed, columns changed, imports).
 */
export function applyChanges(
  api: GridApi<Row>,
  changes: SheetChange[],
  ownTab: string,
  held: HeldValues,
  onConflict: (change: SheetChange) => void,
): { reloadRows: boolean; reloadSheet: boolean } {
  let reloadRows = false;
  let reloadSheet = false;
  const editing = api.getEditingCells();
  for (const change of changes) {
    if (!IN_PLACE.has(change.kind) || !change.rowId || !change.columnId) {
      reloadRows = true;
      reloadSheet ||= change.kind.startsWith('column:') || change.kind === 'import' || change.kind.startsWith('row:');
      continue;
    }
    const node = api.getRowNode(change.rowId);
    if (!node?.data) continue;
    const mine = change.clientId === ownTab;
    const isEdited = editing.some((cell) => cell.rowIndex === node.rowIndex && cell.column?.getColId() === change.columnId);
    if (isEdited && !mine) {
      held.set(cellKey(change.rowId, change.columnId), change.value);
      onConflict(change);
      continue;
    }
    node.setData(withValue(node.data, change.columnId, change.value));
    if (!mine) api.flashCells({ rowNodes: [node], columns: [change.columnId] });
  }
  return { reloadRows, reloadSheet };
}

/** When an edit ends without a new value, a remote value held during it is shown after all. */
export function releaseHeld(api: GridApi<Row>, held: HeldValues, rowId: string, columnId: string, saved: boolean): void {
  const key = cellKey(rowId, columnId);
  if (!held.has(key)) return;
  const value = held.get(key);
  held.delete(key);
  const node = api.getRowNode(rowId);
  if (!saved && node?.data) node.setData(withValue(node.data, columnId, value));
}
