import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Change, ChangeKind } from '@contrivance/contracts';
import { queryRows } from '../../../database/query-rows';
import { DataSource, type EntityManager } from 'typeorm';
import { toChange, type ChangeRecord } from '../spreadsheets.mapper';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const INSERT_CHANGES = 'INSERT INTO spreadsheet_changes (sheet_id, version, user_id, row_id, column_id, kind, old_value, new_value)';
const FROM_JSON = (json: string) =>
  `c.row_id, c.column_id, c.kind, c.old_value, c.new_value FROM jsonb_to_recordset(${json}::jsonb) AS c(row_id uuid, column_id uuid, kind text, old_value jsonb, new_value jsonb)`;
const changesJson = (changes: NewChange[]) =>
  JSON.stringify(changes.map((c) => ({ row_id: c.rowId ?? null, column_id: c.columnId ?? null, kind: c.kind, old_value: c.oldValue ?? null, new_value: c.newValue ?? null })));

/** A change about to be recorded; the version and time come from its transaction. */
export interface NewChange {
  rowId?: string | null;
  columnId?: string | null;
  kind: ChangeKind;
  oldValue?: unknown;
  newValue?: unknown;
}

/** The history table and the sheet's change counter, which always move together inside one transaction. */
@Injectable()
export class ChangesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Bumps the sheet's version (and row count by `rowDelta`) and returns the new version. The row lock this takes
   * orders concurrent writers of one sheet, so versions are gap-free and in commit order.
   */
  async bump(tx: EntityManager, sheetId: string, rowDelta = 0): Promise<number> {
    const rows = await queryRows<{ version: string }>(
      tx,
      `UPDATE spreadsheets SET version = version + 1, row_count = row_count + $2, updated_at = now() WHERE id = $1 RETURNING version`,
      [sheetId, rowDelta],
    );
    return Number(rows[0].version);
  }

  /**
   * `bump` as plain SQL with its values written in (checked: a UUID and an integer), so it can travel in one
   * simple-protocol round trip with the BEGIN of its transaction.
   */
  bumpStatement(sheetId: string, rowDelta: number): string {
    if (!UUID.test(sheetId) || !Number.isSafeInteger(rowDelta)) throw new Error('bad sheet id or row delta');
    return `UPDATE spreadsheets SET version = version + 1, row_count = row_count + ${rowDelta}, updated_at = now() WHERE id = '${sheetId}' RETURNING version, columns_version`;
  }

  /** Adds to the sheet's row count inside a running change (bulk writes whose size is known only at the end). */
  async addRows(tx: EntityManager, sheetId: string, delta: number): Promise<void> {
    await tx.query(`UPDATE spreadsheets SET row_count = row_count + $2 WHERE id = $1`, [sheetId, delta]);
  }

  async record(tx: EntityManager, sheetId: string, version: number, userId: string, changes: NewChange[]): Promise<void> {
    if (!changes.length) return;
    await tx.query(`${INSERT_CHANGES} SELECT $1, $2, $3, ${FROM_JSON('$4')}`, [sheetId, version, userId, changesJson(changes)]);
  }

  /**
   * `record` as plain SQL, its values written in (ids and version checked, the JSON quoted by the driver's
   * `escapeLiteral`), so it can travel in one round trip with the COMMIT of its transaction.
   */
  recordStatement(sheetId: string, version: number, userId: string, changes: NewChange[], quote: (text: string) => string): string {
    if (!UUID.test(sheetId) || !UUID.test(userId) || !Number.isSafeInteger(version)) throw new Error('bad sheet id, user id or version');
    return `${INSERT_CHANGES} SELECT '${sheetId}'::uuid, ${version}, '${userId}'::uuid, ${FROM_JSON(`${quote(changesJson(changes))}`)}`;
  }

  async page(sheetId: string, rowId: string | undefined, limit: number, offset: number): Promise<{ items: Change[]; total: number }> {
    const where = rowId ? 'sheet_id = $1 AND row_id = $2' : 'sheet_id = $1';
    const params = rowId ? [sheetId, rowId] : [sheetId];
    const [items, count] = await Promise.all([
      this.dataSource.query(
        `SELECT * FROM spreadsheet_changes WHERE ${where} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ) as Promise<ChangeRecord[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM spreadsheet_changes WHERE ${where}`, params) as Promise<{ n: number }[]>,
    ]);
    return { items: items.map(toChange), total: count[0].n };
  }

  /** The sheet's current version (null when there is no such sheet). */
  async currentVersion(sheetId: string): Promise<number | null> {
    const rows: { version: string }[] = await this.dataSource.query(`SELECT version FROM spreadsheets WHERE id = $1`, [sheetId]);
    return rows.length ? Number(rows[0].version) : null;
  }

  /**
   * The changes committed after `sinceVersion`, oldest first, for a client catching up; null when there are more
   * than `limit` (it should reload instead).
   */
  async since(sheetId: string, sinceVersion: number, limit: number): Promise<Change[] | null> {
    const rows: ChangeRecord[] = await this.dataSource.query(
      `SELECT * FROM spreadsheet_changes WHERE sheet_id = $1 AND version > $2 ORDER BY version, seq LIMIT $3`,
      [sheetId, sinceVersion, limit + 1],
    );
    return rows.length > limit ? null : rows.map(toChange);
  }

  async find(sheetId: string, seq: number): Promise<Change | null> {
    const rows: ChangeRecord[] = await this.dataSource.query(`SELECT * FROM spreadsheet_changes WHERE sheet_id = $1 AND seq = $2`, [sheetId, seq]);
    return rows.length ? toChange(rows[0]) : null;
  }
}
