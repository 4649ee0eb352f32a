import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Member, SheetRole } from '@contrivance/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { toMember, type MemberRecord } from '../spreadsheets.mapper';

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
    const rows: (MemberRecord & { total: number })[] = await this.db(tx).query(
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

  async put(sheetId: string, userId: string, role: SheetRole, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(
      `INSERT INTO spreadsheet_members (sheet_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (sheet_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [sheetId, userId, role],
    );
  }

  async remove(sheetId: string, userId: string, tx?: EntityManager): Promise<boolean> {
    const [, count] = await this.db(tx).query<[unknown, number]>(`DELETE FROM spreadsheet_members WHERE sheet_id = $1 AND user_id = $2`, [sheetId, userId]);
    return count > 0;
  }

  /** Locks the sheet's owners for the transaction and returns their ids (for the last-owner rule). */
  async lockOwners(tx: EntityManager, sheetId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await tx.query(`SELECT user_id FROM spreadsheet_members WHERE sheet_id = $1 AND role = 'owner' ORDER BY user_id FOR UPDATE`, [sheetId]);
    return rows.map((r) => r.user_id);
  }
}
