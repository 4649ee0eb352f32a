import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlParams } from '../../../database/sql-params';
import type { SqlBinder } from '../cells/column-types';
import { storedKeyOfIdSql } from '../cells/stored-keys';

/** The SQL of the other side of links: which rows exist there, and their reverse link cells. */
@Injectable()
export class LinkCellsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The rows of `sheetId` whose label (SQL of the row `l.`, see linkLabelSql), trimmed, is one of `labels`. Read
   * outside any transaction (an import's connection is busy with its COPY); the rows are checked again when linked.
   */
  async labelled(sheetId: string, label: (bind: SqlBinder) => string, labels: string[]): Promise<{ id: string; label: string }[]> {
    const params = new SqlParams([sheetId, labels]);
    const sql = label(params);
    return this.dataSource.query(
      `SELECT id, label FROM (SELECT l.id, btrim(${sql}) AS label FROM spreadsheet_rows l WHERE l.sheet_id = $1) x WHERE label = ANY($2::text[])`,
      params.values,
    );
  }

  /** Those of `ids` that are rows of `sheetId`. */
  async existing(tx: EntityManager, sheetId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await tx.query(`SELECT id FROM spreadsheet_rows WHERE sheet_id = $1 AND id = ANY($2::uuid[])`, [sheetId, ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** The link cells of `columnId` in rows `ids` of `sheetId`, locked for this change (rows not found are left out). */
  async cellsForUpdate(tx: EntityManager, sheetId: string, columnId: string, ids: string[]): Promise<Map<string, string[]>> {
    const rows: { id: string; value: unknown }[] = await tx.query(
      `SELECT id, data->${storedKeyOfIdSql('$3')} AS value FROM spreadsheet_rows WHERE sheet_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [sheetId, ids, columnId],
    );
    return new Map(rows.map((r) => [r.id, Array.isArray(r.value) ? r.value.filter((v): v is string => typeof v === 'string') : []]));
  }

  /** Writes link cells of `columnId` (an empty list clears the cell), as a change by `userId`. */
  async write(tx: EntityManager, sheetId: string, columnId: string, cells: { id: string; value: string[] }[], userId: string): Promise<void> {
    if (!cells.length) return;
    await tx.query(
      `UPDATE spreadsheet_rows r SET data = CASE WHEN jsonb_array_length(u.value) = 0 THEN r.data - k.key ELSE jsonb_set(r.data, ARRAY[k.key], u.value) END,
         version = r.version + 1, updated_at = now(), updated_by = $4
       FROM jsonb_to_recordset($3::jsonb) AS u(id uuid, value jsonb), (SELECT ${storedKeyOfIdSql('$2')} AS key) k WHERE r.sheet_id = $1 AND r.id = u.id`,
      [sheetId, columnId, JSON.stringify(cells), userId],
    );
  }
}
