import type { CellValue, Column, ErrorDetail } from '@contrivance/contracts';
import type { NewChange } from '../change-log/change-statements';

/** The families of change a step's inverse handles together, in the order the step recorded them. */
export type ChangeBatch =
  | { kind: 'cells'; changes: NewChange[] }
  | { kind: 'row:create'; changes: NewChange[] }
  | { kind: 'row:delete'; changes: NewChange[] }
  | { kind: 'import'; change: NewChange }
  | { kind: 'column'; change: NewChange };

const family = (c: NewChange) => (c.kind === 'cell' || c.kind === 'restore' ? 'cells' : c.kind);

/**
 * A step's changes as batches to invert, last first: undoing walks back through what the step did (an import's rows
 * go before the columns it created for them). Only the first column update of a step is the person's own: the
 * updates after it are formulas that followed a rename, and follow again when it is undone. Views are not undone.
 */
export function inverseOrder(changes: readonly NewChange[]): ChangeBatch[] {
  const batches: ChangeBatch[] = [];
  let sawColumnUpdate = false;
  for (const change of changes) {
    const kind = family(change);
    if (kind.startsWith('view:')) continue;
    if (kind === 'column:update') {
      if (sawColumnUpdate) continue;
      sawColumnUpdate = true;
    }
    const last = batches[batches.length - 1];
    if ((kind === 'cells' || kind === 'row:create' || kind === 'row:delete') && last?.kind === kind) last.changes.push(change);
    else if (kind === 'cells' || kind === 'row:create' || kind === 'row:delete') batches.push({ kind, changes: [change] });
    else if (kind === 'import') batches.push({ kind, change });
    else batches.push({ kind: 'column', change });
  }
  return batches.reverse();
}

/** JSON with object keys sorted: two cells hold the same value when their texts are equal. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A cell the inverse would overwrite although someone changed it since: what the 409 names. */
export const changedCell = (rowId: string, columnId: string, message = 'changed by someone else since'): ErrorDetail => ({
  field: `cells.${rowId}.${columnId}`,
  rowId,
  columnId,
  message,
});

/**
 * The cells to put back for a batch of cell changes, and the ones that cannot be: a cell must still hold what the step
 * wrote into it (its row and column still there), or someone else has changed it since.
 */
export function cellsToRestore(
  changes: readonly NewChange[],
  current: ReadonlyMap<string, Record<string, CellValue>>,
  columns: readonly Column[],
): { updates: { rowId: string; values: Record<string, unknown> }[]; conflicts: ErrorDetail[] } {
  const known = new Set(columns.map((c) => c.id));
  const byRow = new Map<string, Record<string, unknown>>();
  const conflicts: ErrorDetail[] = [];
  const seen = new Set<string>();
  // Last change first: a cell changed twice in the step must hold the second change's value, and gets the first's old one.
  for (const c of [...changes].reverse()) {
    const rowId = c.rowId!;
    const columnId = c.columnId!;
    const row = current.get(rowId);
    const values = byRow.get(rowId);
    if (seen.has(`${rowId}/${columnId}`)) {
      if (values && columnId in values) values[columnId] = c.oldValue ?? null;
      continue;
    }
    seen.add(`${rowId}/${columnId}`);
    if (!row) conflicts.push(changedCell(rowId, columnId, 'its row was deleted since'));
    else if (!known.has(columnId)) conflicts.push(changedCell(rowId, columnId, 'its column was deleted since'));
    else if (!sameValue(row[columnId], c.newValue)) conflicts.push(changedCell(rowId, columnId));
    else byRow.set(rowId, { ...values, [columnId]: c.oldValue ?? null });
  }
  return { updates: [...byRow].map(([rowId, values]) => ({ rowId, values })), conflicts };
}
