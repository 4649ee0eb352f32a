import type { ChangeKind } from '@contrivance/contracts';
import { addDecimals, negateDecimal, type RowGroup } from './pipeline-state';

/** The report's columns. */
export interface PipelineColumns {
  stage: string;
  value: string;
  date: string | null;
}

/** A row's cells as the report reads them: the stage, the value as numeric text, the close date's month. */
export interface RowCells {
  stage: string | null;
  value: string | null;
  month: string | null;
}

/** A row as it is now, with the version of the import that wrote it (null when not imported). */
export interface CurrentRow extends RowCells {
  createdIn: number | null;
}

/**
 * A change of the log that can move the pipeline: a row created or deleted, a cell of one of its columns, an import,
 * or a change of one of its columns.
 */
export interface LoggedChange {
  version: number;
  kind: ChangeKind;
  rowId: string | null;
  columnId: string | null;
  /** A cell change: the cell before it, read like RowCells (the value as numeric text, the date as its month). */
  before: string | null;
  /** A row:delete: the row's cells before it. */
  deleted: RowCells | null;
  /** An import that filled a sheet from a template (its rows carry no import version). */
  template: boolean;
  /** An import: how many rows it wrote. */
  importedRows: number | null;
}

/** How the rows the changes touched moved the pipeline since the version they follow. */
export interface RowMoves {
  /** Signed counts and sums per (month, stage): the rows as they are now, less the same rows as they were. */
  groups: RowGroup[];
  /** Rows whose stage history changed: their stints, now and before, make the stints' delta. */
  staged: string[];
  /** Of those, the ones that did not exist at the earlier version (no first stint from their creation then). */
  absentBefore: string[];
  /**
   * Of those, the ones that existed then and were deleted or brought back since: their creation time then is not
   * known, so if their first stint was counted from it, the delta cannot be taken.
   */
  recreated: string[];
}

const cellField = (columns: PipelineColumns, columnId: string | null): keyof RowCells | null =>
  columnId === columns.stage ? 'stage' : columnId === columns.value ? 'value' : columnId !== null && columnId === columns.date ? 'month' : null;

/**
 * Walks each touched row back from its current cells through the changes since `since` (newest first) to what it was
 * at `since`, and answers what the rows moved. Null when the changes cannot be followed this way and the report must
 * be computed from scratch: a change of one of the report's columns (a retype or new options may rewrite its cells
 * without a cell change each), a template import, rows an import may have written deleted again in the same stretch,
 * or a history that does not fit the rows (a row changed that was not there).
 */
export function moves(columns: PipelineColumns, changes: readonly LoggedChange[], current: ReadonlyMap<string, CurrentRow>, since: number): RowMoves | null {
  const byRow = new Map<string, LoggedChange[]>();
  let firstImport = Infinity;
  for (const change of changes) {
    if (change.kind.startsWith('column:') && cellField(columns, change.columnId) !== null) return null;
    if (change.kind === 'import') {
      if (change.template) return null;
      firstImport = Math.min(firstImport, change.version);
    }
    const rowChange = change.kind === 'row:create' || change.kind === 'row:delete';
    const cellChange = (change.kind === 'cell' || change.kind === 'restore') && cellField(columns, change.columnId) !== null;
    if (change.rowId && (rowChange || cellChange)) byRow.set(change.rowId, [...(byRow.get(change.rowId) ?? []), change]);
  }
  for (const [id, row] of current) if (row.createdIn !== null && row.createdIn > since && !byRow.has(id)) byRow.set(id, []);

  const deltas = new Map<string, RowGroup>();
  const add = (cells: RowCells, sign: 1 | -1) => {
    const key = JSON.stringify([cells.month, cells.stage]);
    const group = deltas.get(key) ?? { month: cells.month, stage: cells.stage, count: 0, total: '0' };
    const value = cells.value === null ? '0' : sign === 1 ? cells.value : negateDecimal(cells.value);
    deltas.set(key, { ...group, count: group.count + sign, total: addDecimals(group.total, value) });
  };
  const staged: string[] = [];
  const absentBefore: string[] = [];
  const recreated: string[] = [];
  for (const [id, rowChanges] of byRow) {
    const now = current.get(id) ?? null;
    let cells: RowCells | null = now && { stage: now.stage, value: now.value, month: now.month };
    let deletedAfterImport = false;
    for (const change of [...rowChanges].reverse()) {
      if (change.kind === 'row:create') {
        if (!cells) return null;
        cells = null;
      } else if (change.kind === 'row:delete') {
        if (cells || !change.deleted) return null;
        cells = change.deleted;
        if (change.version > firstImport) deletedAfterImport = true;
      } else {
        if (!cells) return null;
        cells = { ...cells, [cellField(columns, change.columnId)!]: change.before };
      }
    }
    if (now?.createdIn != null && now.createdIn > since) cells = null;
    // Deleted after an import, and there before as far as the history of the row tells: it may be one the import wrote.
    else if (cells && deletedAfterImport) return null;
    if (cells) add(cells, -1);
    if (now) add(now, 1);
    if (rowChanges.some((c) => c.kind === 'row:create' || c.kind === 'row:delete' || c.columnId === columns.stage)) {
      staged.push(id);
      if (!cells) absentBefore.push(id);
      else if (rowChanges.some((c) => c.kind === 'row:create' || c.kind === 'row:delete')) recreated.push(id);
    }
  }
  return { groups: [...deltas.values()], staged, absentBefore, recreated };
}
