import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Column, SheetRole } from '@contrivance/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { toColumns, type ColumnRecord } from '../spreadsheets.mapper';

/** What access checks read: whether a sheet exists, the caller's role on it, and its columns. */
@Injectable()
export class SheetContextRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The caller's view of a sheet in one round trip: existence, membership role and the columns. The hot
   * paths (listing rows, editing cells) need all of it before their own query.
   */
  async context(sheetId: string, userId: string): Promise<{ role: SheetRole | null; columns: ColumnRecord[]; columns_version: string } | null> {
    const rows: { role: SheetRole | null; columns: ColumnRecord[]; columns_version: string }[] = await this.dataSource.query(
      `SELECT m.role, s.columns_version,
              coalesce((SELECT json_agg(c ORDER BY c.position, c.created_at) FROM spreadsheet_columns c WHERE c.sheet_id = s.id), '[]') AS columns
       FROM spreadsheets s LEFT JOIN spreadsheet_members m ON m.sheet_id = s.id AND m.user_id = $2 WHERE s.id = $1`,
      [sheetId, userId],
    );
    return rows[0] ?? null;
  }

  /** The sheet's columns as the transaction sees them (inside a change: the ones in force under its lock). */
  async columns(tx: EntityManager, sheetId: string): Promise<Column[]> {
    const rows: ColumnRecord[] = await tx.query(`SELECT * FROM spreadsheet_columns WHERE sheet_id = $1 ORDER BY position, created_at`, [sheetId]);
    return toColumns(rows);
  }
}
