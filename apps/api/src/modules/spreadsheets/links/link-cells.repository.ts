import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The SQL of the other side of links: which rows exist there, and their reverse link cells. */
@Injectable()
export class LinkCellsRepository {
  /** Those of `ids` that are rows of `sheetId`. */
  async existing(tx: EntityManager, sheetId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await tx.query(`SELECT id FROM spreadsheet_rows WHERE sheet_id = $1 AND id = ANY($2::uuid[])`, [sheetId, ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** The link cells of `columnId` in rows `ids` of `sheetId`, locked for this change (rows not found are left out). */
  async cellsForUpdate(tx: EntityManager, sheetId: string, columnId: string, ids: string[]): Promise<Map<string, string[]>> {
    const rows: { id: string; value: unknown }[] = await tx.query(
      `SELECT id, data->$3 AS value FROM spreadsheet_rows WHERE sheet_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [sheetId, ids, columnId],
    );
    return new Map(rows.map((r) => [r.id, Array.isArray(r.value) ? r.value.filter((v): v is string => typeof v === 'string') : []]));
  }

  /** Writes link cells of `columnId` (an empty list clears the cell), as a change by `userId`. */
  async write(tx: EntityManager, sheetId: string, columnId: string, cells: { id: string; value: string[] }[], userId: string): Promise<void> {
    if (!cells.length) return;
    await tx.query(
      `UPDATE spreadsheet_rows r SET data = CASE WHEN jsonb_array_length(u.value) = 0 THEN r.data - $2 ELSE jsonb_set(r.data, ARRAY[$2], u.value) END,
         version = r.version + 1, updated_at = now(), updated_by = $4
       FROM jsonb_to_recordset($3::jsonb) AS u(id uuid, value jsonb) WHERE r.sheet_id = $1 AND r.id = u.id`,
      [sheetId, columnId, JSON.stringify(cells), userId],
    );
  }
}
