import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Member, SheetRole } from '@contrivance/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { ColumnRecord } from '../columns/columns.repository';

interface MemberRow {
  user_id: string;
  email: string;
  display_name: string;
  role: SheetRole;
}

const toMember = (r: MemberRow): Member => ({ userId: r.user_id, email: r.email, displayName: r.display_name, role: r.role });

@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(tx?: EntityManager) {
    return tx ?? this.dataSource.manager;
  }

  /** Every member, owners first, then by name. */
  async list(sheetId: string, tx?: EntityManager): Promise<Member[]> {
    return (await this.page(sheetId, null, 0, tx)).items;
  }

  /** A page of the members in `list` order, with the total. */
  async page(sheetId: string, limit: number | null, offset: number, tx?: EntityManager): Promise<{ items: Member[]; total: number }> {
    const rows: (MemberRow & { total: number })[] = await this.db(tx).query(
      `SELECT m.user_id, u.email, u.display_name, m.role, count(*) OVER ()::int AS total
       FROM spreadsheet_members m JOIN users u ON u.id = m.user_id
       WHERE m.sheet_id = $1 ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END, lower(u.display_name), m.user_id
       LIMIT $2 OFFSET $3`,
      [sheetId, limit, offset],
    );
    const total = rows[0]?.total ?? (offset > 0 ? await this.count(sheetId) : 0);
    return { items: rows.map(toMember), total };
  }

  private async count(sheetId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM spreadsheet_members WHERE sheet_id = $1`, [sheetId]);
    return n;
  }

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

  async put(sheetId: string, userId: string, role: SheetRole, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `INSERT INTO spreadsheet_members (sheet_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (sheet_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [sheetId, userId, role],
    );
  }

  async remove(sheetId: string, userId: string, tx?: EntityManager): Promise<boolean> {
    const [, count] = (await this.db(tx).query(`DELETE FROM spreadsheet_members WHERE sheet_id = $1 AND user_id = $2`, [sheetId, userId])) as [unknown, number];
    return count > 0;
  }

  /** Locks the sheet's owners for the transaction and returns their ids (for the last-owner rule). */
  async lockOwners(tx: EntityManager, sheetId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await tx.query(
      `SELECT user_id FROM spreadsheet_members WHERE sheet_id = $1 AND role = 'owner' ORDER BY user_id FOR UPDATE`,
      [sheetId],
    );
    return rows.map((r) => r.user_id);
  }
}
