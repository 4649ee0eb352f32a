import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { View, ViewSettings, ViewType } from '@contrivance/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../../../database/query-rows';

interface ViewRecord {
  id: string;
  sheet_id: string;
  name: string;
  type: ViewType;
  shared: boolean;
  created_by: string;
  settings: ViewSettings;
  created_at: Date;
  updated_at: Date;
}

const toView = (r: ViewRecord): View => ({
  id: r.id,
  spreadsheetId: r.sheet_id,
  name: r.name,
  type: r.type,
  shared: r.shared,
  createdBy: r.created_by,
  ...r.settings,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** The SQL of saved views. */
@Injectable()
export class ViewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(tx?: EntityManager) {
    return tx ?? this.dataSource.manager;
  }

  /** The views `userId` may see: the shared ones and their own, oldest first. */
  async list(sheetId: string, userId: string, limit: number, offset: number): Promise<{ items: View[]; total: number }> {
    const where = `sheet_id = $1 AND (shared OR created_by = $2)`;
    const [rows, [{ n }]] = await Promise.all([
      this.dataSource.query<ViewRecord[]>(`SELECT * FROM spreadsheet_views WHERE ${where} ORDER BY created_at, id LIMIT $3 OFFSET $4`, [sheetId, userId, limit, offset]),
      this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM spreadsheet_views WHERE ${where}`, [sheetId, userId]),
    ]);
    return { items: rows.map(toView), total: n };
  }

  async find(sheetId: string, viewId: string, tx?: EntityManager): Promise<View | null> {
    const rows: ViewRecord[] = await this.db(tx).query(`SELECT * FROM spreadsheet_views WHERE sheet_id = $1 AND id = $2`, [sheetId, viewId]);
    return rows.length ? toView(rows[0]) : null;
  }

  async insert(view: { sheetId: string; name: string; type: ViewType; shared: boolean; createdBy: string; settings: ViewSettings }, tx?: EntityManager): Promise<View> {
    const rows = await queryRows<ViewRecord>(
      this.db(tx),
      `INSERT INTO spreadsheet_views (sheet_id, name, type, shared, created_by, settings) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [view.sheetId, view.name, view.type, view.shared, view.createdBy, JSON.stringify(view.settings)],
    );
    return toView(rows[0]);
  }

  /** Saves a view's name, sharing, settings and owner (a shared view made personal becomes the changer's). */
  async update(viewId: string, view: { name: string; shared: boolean; settings: ViewSettings; createdBy: string }, tx?: EntityManager): Promise<View> {
    const rows = await queryRows<ViewRecord>(
      this.db(tx),
      `UPDATE spreadsheet_views SET name = $2, shared = $3, settings = $4, created_by = $5, updated_at = now() WHERE id = $1 RETURNING *`,
      [viewId, view.name, view.shared, JSON.stringify(view.settings), view.createdBy],
    );
    return toView(rows[0]);
  }

  async remove(viewId: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).query(`DELETE FROM spreadsheet_views WHERE id = $1`, [viewId]);
  }
}
