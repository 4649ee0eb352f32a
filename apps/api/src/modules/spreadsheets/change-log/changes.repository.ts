import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Change } from '@contrivance/contracts';
import { SqlParams } from '../../../database/sql-params';
import { DataSource, type EntityManager } from 'typeorm';
import { toChange, type ChangeRecord } from '../spreadsheets.mapper';

/** The history table, read; it is written only by ChangeLog (see change-statements). */
@Injectable()
export class ChangesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds to the sheet's row count inside a running change (bulk writes whose size is known only at the end). */
  async addRows(tx: EntityManager, sheetId: string, delta: number): Promise<void> {
    await tx.query(`UPDATE spreadsheets SET row_count = row_count + $2 WHERE id = $1`, [sheetId, delta]);
  }

  async page(sheetId: string, rowId: string | undefined, limit: number, offset: number): Promise<{ items: Change[]; total: number }> {
    const params = new SqlParams([sheetId]);
    const where = rowId ? `sheet_id = $1 AND row_id = ${params.add(rowId)}` : 'sheet_id = $1';
    const filterValues = [...params.values];
    const [items, count] = await Promise.all([
      this.dataSource.query<ChangeRecord[]>(
        `SELECT * FROM spreadsheet_changes WHERE ${where} ORDER BY seq DESC LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`,
        params.values,
      ),
      this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM spreadsheet_changes WHERE ${where}`, filterValues),
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
    const rows: ChangeRecord[] = await this.dataSource.query(`SELECT * FROM spreadsheet_changes WHERE sheet_id = $1 AND version > $2 ORDER BY version, seq LIMIT $3`, [
      sheetId,
      sinceVersion,
      limit + 1,
    ]);
    return rows.length > limit ? null : rows.map(toChange);
  }

  async find(sheetId: string, seq: number): Promise<Change | null> {
    const rows: ChangeRecord[] = await this.dataSource.query(`SELECT * FROM spreadsheet_changes WHERE sheet_id = $1 AND seq = $2`, [sheetId, seq]);
    return rows.length ? toChange(rows[0]) : null;
  }
}
