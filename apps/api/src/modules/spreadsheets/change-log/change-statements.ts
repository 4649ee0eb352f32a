import type { ChangeKind, RowValue } from '@contrivance/contracts';
import { escapeLiteral } from 'pg';

/**
 * The two statements of every change, written as plain SQL with their values in, so each can share a round trip with
 * the BEGIN or the COMMIT of its transaction (simple protocol: no parameters). The only SQL in the app built from
 * values, so it stays small: ids and numbers are checked to be what they claim before they are written, and the one
 * free-form value, the changes' JSON, is quoted by the driver's escapeLiteral (a property test runs hostile ids and
 * JSON through both against PostgreSQL).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A change about to be recorded; the version and time come from its transaction. */
export interface NewChange {
  rowId?: string | null;
  columnId?: string | null;
  kind: ChangeKind;
  oldValue?: unknown;
  newValue?: unknown;
  /** Formula values of the row after a cell edit: told to listeners, not kept in history (they are recomputed). */
  computed?: Record<string, RowValue>;
  /** Where a deleted row stood (`row:delete`): kept in history for undo, not told to listeners. */
  position?: string;
}

function uuid(value: string, what: string): string {
  if (!UUID.test(value)) throw new Error(`${what} is not a UUID`);
  return `'${value}'::uuid`;
}

function integer(value: number, what: string): string {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} is not an integer`);
  return String(value);
}

/**
 * Bumps the sheet's version (and its row count by `rowDelta`) and answers the new version and the columns version.
 * The row lock this takes orders concurrent writers of one sheet, so versions are gap-free and in commit order.
 */
export function bumpStatement(sheetId: string, rowDelta: number): string {
  return `UPDATE spreadsheets SET version = version + 1, row_count = row_count + ${integer(rowDelta, 'row delta')}, updated_at = now() WHERE id = ${uuid(sheetId, 'sheet id')} RETURNING version, columns_version`;
}

/** Records what one version of a sheet did, in history. */
export function recordStatement(sheetId: string, version: number, userId: string, changes: NewChange[]): string {
  const json = JSON.stringify(
    changes.map((c) => ({
      row_id: c.rowId ?? null,
      column_id: c.columnId ?? null,
      kind: c.kind,
      old_value: c.oldValue ?? null,
      new_value: c.newValue ?? null,
      position: c.position ?? null,
    })),
  );
  return `INSERT INTO spreadsheet_changes (sheet_id, version, user_id, row_id, column_id, kind, old_value, new_value, position)
    SELECT ${uuid(sheetId, 'sheet id')}, ${integer(version, 'version')}, ${uuid(userId, 'user id')}, c.row_id, c.column_id, c.kind, c.old_value, c.new_value, c.position
    FROM jsonb_to_recordset(${escapeLiteral(json)}::jsonb) AS c(row_id uuid, column_id uuid, kind text, old_value jsonb, new_value jsonb, position numeric)`;
}

/**
 * Pushes a person's new change on their undo stack in the sheet, and empties their redo stack (a new change ends
 * the line of what could be redone).
 */
export function stepStatement(sheetId: string, version: number, userId: string): string {
  const sheet = uuid(sheetId, 'sheet id');
  const user = uuid(userId, 'user id');
  return `DELETE FROM undo_steps WHERE sheet_id = ${sheet} AND user_id = ${user} AND stack = 'redo';
    INSERT INTO undo_steps (sheet_id, user_id, stack, version) VALUES (${sheet}, ${user}, 'undo', ${integer(version, 'version')})`;
}
