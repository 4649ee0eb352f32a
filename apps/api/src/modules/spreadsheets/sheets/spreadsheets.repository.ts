import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlParams } from '../../../database/sql-params';
import type { SheetRecord } from '../spreadsheets.mapper';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class SpreadsheetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, ownerId: string, name: string, description: string): Promise<string> {
    const rows: { id: string }[] = await tx.query(`INSERT INTO spreadsheets (name, description, owner_id) VALUES ($1, $2, $3) RETURNING id`, [name, description, ownerId]);
    await tx.query(`INSERT INTO spreadsheet_members (sheet_id, user_id, role) VALUES ($1, $2, 'owner')`, [rows[0].id, ownerId]);
    return rows[0].id;
  }

  async find(sheetId: string, userId: string): Promise<SheetRecord | null> {
    const rows: SheetRecord[] = await this.dataSource.query(
      `SELECT s.*, m.role FROM spreadsheets s LEFT JOIN spreadsheet_members m ON m.sheet_id = s.id AND m.user_id = $2 WHERE s.id = $1`,
      [sheetId, userId],
    );
    return rows[0] ?? null;
  }

  /** Sheets the user is a member of (all sheets for admins), most recently changed first. */
  async visible(userId: string, all: boolean, search: string | undefined, limit: number, offset: number): Promise<{ rows: SheetRecord[]; total: number }> {
    const params = new SqlParams([userId]);
    let where = all ? 'TRUE' : 'm.user_id IS NOT NULL';
    if (search) where += ` AND s.name ILIKE ${params.add(`%${escapeLike(search)}%`)}`;
    const from = `FROM spreadsheets s LEFT JOIN spreadsheet_members m ON m.sheet_id = s.id AND m.user_id = $1 WHERE ${where}`;
    const filterValues = [...params.values];
    const [rows, count] = await Promise.all([
      this.dataSource.query<SheetRecord[]>(`SELECT s.*, m.role ${from} ORDER BY s.updated_at DESC, s.id LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`, params.values),
      this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n ${from}`, filterValues),
    ]);
    return { rows, total: count[0].n };
  }

  async update(sheetId: string, name: string | undefined, description: string | undefined): Promise<void> {
    await this.dataSource.query(`UPDATE spreadsheets SET name = coalesce($2, name), description = coalesce($3, description), updated_at = now() WHERE id = $1`, [
      sheetId,
      name ?? null,
      description ?? null,
    ]);
  }

  async remove(sheetId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM spreadsheets WHERE id = $1`, [sheetId]);
  }
}
