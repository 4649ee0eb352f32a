import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Column, ColumnType, FormulaResultType, SelectOption } from '@contrivance/contracts';
import { queryRows } from '../../../database/query-rows';
import { DataSource, type EntityManager } from 'typeorm';
import { toColumn, toColumns, type ColumnRecord, type ColumnSettingsRecord } from '../spreadsheets.mapper';

export interface ColumnValues {
  name: string;
  type: ColumnType;
  width?: number | null;
  hidden?: boolean;
  required?: boolean;
  options?: SelectOption[] | null;
  /** Formula columns: the formula in stored form (toStored) and its result type. */
  formula?: string | null;
  resultType?: FormulaResultType | null;
  /** Link, lookup and rollup columns: their settings. */
  settings?: ColumnSettingsRecord | null;
}

/**
 * Takes the next `n` (SQL) stored keys of the sheet $1 (see rows/stored-keys) from its counter, so that no key is
 * given twice in a sheet, even after its column is deleted.
 */
const takeKeys = (n: string) => `UPDATE spreadsheets SET last_column_key = last_column_key + ${n} WHERE id = $1`;

/** Postgres unique_violation on (sheet, lower(name)). */
export const isDuplicateName = (error: unknown) =>
  (error as { code?: string; driverError?: { code?: string } })?.driverError?.code === '23505' || (error as { code?: string })?.code === '23505';

@Injectable()
export class ColumnsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(tx?: EntityManager) {
    return tx ?? this.dataSource.manager;
  }

  async listBySheets(sheetIds: string[]): Promise<Map<string, Column[]>> {
    const rows: ColumnRecord[] = sheetIds.length
      ? await this.dataSource.query(`SELECT * FROM spreadsheet_columns WHERE sheet_id = ANY($1) ORDER BY position, created_at`, [sheetIds])
      : [];
    const bySheet = new Map<string, Column[]>(sheetIds.map((id) => [id, []]));
    const records = new Map<string, ColumnRecord[]>(sheetIds.map((id) => [id, []]));
    for (const row of rows) records.get(row.sheet_id)!.push(row);
    for (const [id, list] of records) bySheet.set(id, toColumns(list));
    return bySheet;
  }

  async list(sheetId: string, tx?: EntityManager): Promise<Column[]> {
    const rows: ColumnRecord[] = await this.db(tx).query(`SELECT * FROM spreadsheet_columns WHERE sheet_id = $1 ORDER BY position, created_at`, [sheetId]);
    return toColumns(rows);
  }

  /** Inserts at `position` (shifting later columns) or at the end. */
  /** Inserts a column at `position` (default: last); `id` brings back a deleted column under its own id (undo). */
  async insert(tx: EntityManager, sheetId: string, values: ColumnValues, position?: number, id?: string): Promise<Column> {
    const [{ n }]: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM spreadsheet_columns WHERE sheet_id = $1`, [sheetId]);
    const at = position === undefined ? n : Math.min(position, n);
    await tx.query(`UPDATE spreadsheet_columns SET position = position + 1 WHERE sheet_id = $1 AND position >= $2`, [sheetId, at]);
    const rows: ColumnRecord[] = await tx.query(
      `WITH k AS (${takeKeys('1')} RETURNING last_column_key AS last)
       INSERT INTO spreadsheet_columns (id, sheet_id, name, type, position, width, hidden, required, options, formula, result_type, settings, link_sheet_id, key)
       SELECT coalesce($13::uuid, gen_random_uuid()), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, k.last FROM k RETURNING *`,
      [
        sheetId,
        values.name,
        values.type,
        at,
        values.width ?? null,
        values.hidden ?? false,
        values.required ?? false,
        values.options ? JSON.stringify(values.options) : null,
        values.formula ?? null,
        values.resultType ?? null,
        values.settings ? JSON.stringify(values.settings) : null,
        values.settings && 'link' in values.settings ? values.settings.link.sheetId : null,
        id ?? null,
      ],
    );
    return this.answer(tx, sheetId, rows[0]);
  }

  /** Appends many columns after the last one in one statement (imports), in the order given. */
  async insertMany(tx: EntityManager, sheetId: string, values: ColumnValues[]): Promise<Column[]> {
    if (!values.length) return [];
    const rows: ColumnRecord[] = await tx.query(
      `WITH k AS (${takeKeys('$3')} RETURNING last_column_key - $3 AS base)
       INSERT INTO spreadsheet_columns (sheet_id, name, type, position, width, hidden, required, options, key)
       SELECT $1, c.name, c.type, (SELECT count(*) FROM spreadsheet_columns WHERE sheet_id = $1) + c.ord - 1, c.width, coalesce(c.hidden, false), coalesce(c.required, false), c.options,
              k.base + c.ord
       FROM jsonb_to_recordset($2::jsonb) AS c(name text, type text, width int, hidden boolean, required boolean, options jsonb, ord int) CROSS JOIN k
       ORDER BY c.ord
       RETURNING *`,
      [sheetId, JSON.stringify(values.map((v, i) => ({ ...v, ord: i + 1 }))), values.length],
    );
    return rows.sort((a, b) => a.position - b.position).map((r) => toColumn(r));
  }

  /** How many columns the sheet has. */
  async count(sheetId: string, tx?: EntityManager): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db(tx).query(`SELECT count(*)::int AS n FROM spreadsheet_columns WHERE sheet_id = $1`, [sheetId]);
    return n;
  }

  async update(tx: EntityManager, column: Column, values: Partial<ColumnValues>): Promise<Column> {
    // The API's column shows its formula by names: the stored form is kept unless a new one is given.
    const [stored]: Pick<ColumnRecord, 'formula' | 'result_type'>[] = await tx.query(`SELECT formula, result_type FROM spreadsheet_columns WHERE id = $1`, [column.id]);
    const rows = await queryRows<ColumnRecord>(
      tx,
      `UPDATE spreadsheet_columns SET name = $2, type = $3, width = $4, hidden = $5, required = $6, options = $7, formula = $8, result_type = $9 WHERE id = $1 RETURNING *`,
      [
        column.id,
        values.name ?? column.name,
        values.type ?? column.type,
        values.width !== undefined ? values.width : (column.width ?? null),
        values.hidden ?? column.hidden,
        values.required ?? column.required,
        values.options !== undefined ? (values.options ? JSON.stringify(values.options) : null) : column.options ? JSON.stringify(column.options) : null,
        values.formula !== undefined ? values.formula : stored.formula,
        values.resultType !== undefined ? values.resultType : stored.result_type,
      ],
    );
    return this.answer(tx, rows[0].sheet_id, rows[0]);
  }

  /** A written column as the API answers it: a formula needs the sheet's column names to be shown. */
  private async answer(tx: EntityManager, sheetId: string, record: ColumnRecord): Promise<Column> {
    if (record.formula === null) return toColumn(record);
    return (await this.list(sheetId, tx)).find((c) => c.id === record.id)!;
  }

  /** Saves a link, lookup or rollup column's settings (a new link learns its reverse column's id this way). */
  async setSettings(tx: EntityManager, columnId: string, settings: ColumnSettingsRecord): Promise<Column> {
    const rows = await queryRows<ColumnRecord>(tx, `UPDATE spreadsheet_columns SET settings = $2 WHERE id = $1 RETURNING *`, [columnId, JSON.stringify(settings)]);
    return toColumn(rows[0]);
  }

  /** Lookup and rollup columns, in any sheet, that read `columnId` (as their link or as the field they read). */
  async computedReading(tx: EntityManager, columnId: string): Promise<(Column & { sheetId: string; sheetName: string })[]> {
    const rows: (ColumnRecord & { sheet_name: string })[] = await tx.query(
      `SELECT c.*, s.name AS sheet_name FROM spreadsheet_columns c JOIN spreadsheets s ON s.id = c.sheet_id
       WHERE c.type IN ('lookup', 'rollup') AND $1 IN (c.settings #>> '{lookup,linkColumnId}', c.settings #>> '{lookup,columnId}', c.settings #>> '{rollup,linkColumnId}', c.settings #>> '{rollup,columnId}')
       ORDER BY s.name, c.position`,
      [columnId],
    );
    return rows.map((r) => ({ ...toColumn(r), sheetId: r.sheet_id, sheetName: r.sheet_name }));
  }

  /** A name like `base` that no column of the sheet has yet: `base`, then `base 2`, `base 3`… */
  async freeName(tx: EntityManager, sheetId: string, base: string): Promise<string> {
    const rows: { name: string }[] = await tx.query(`SELECT name FROM spreadsheet_columns WHERE sheet_id = $1`, [sheetId]);
    const taken = new Set(rows.map((r) => r.name.toLowerCase()));
    const stem = base.slice(0, 94);
    for (let n = 1; ; n++) {
      const name = n === 1 ? stem : `${stem} ${n}`;
      if (!taken.has(name.toLowerCase())) return name;
    }
  }

  /** A sheet's name, read for naming the reverse side of a link to it. */
  async sheetName(tx: EntityManager, sheetId: string): Promise<string> {
    const rows: { name: string }[] = await tx.query(`SELECT name FROM spreadsheets WHERE id = $1`, [sheetId]);
    return rows[0]?.name ?? 'Linked rows';
  }

  /** Link columns of other sheets that link into `sheetId`, with their sheet. */
  async linkingInto(sheetId: string, tx?: EntityManager): Promise<(Column & { sheetId: string })[]> {
    const rows: ColumnRecord[] = await this.db(tx).query(`SELECT * FROM spreadsheet_columns WHERE link_sheet_id = $1 AND sheet_id <> $1`, [sheetId]);
    return rows.map((r) => ({ ...toColumn(r), sheetId: r.sheet_id }));
  }

  /** Moves a column to `position`, renumbering the others 0..n-1. */
  async move(tx: EntityManager, sheetId: string, columnId: string, position: number): Promise<void> {
    const ids: { id: string }[] = await tx.query(`SELECT id FROM spreadsheet_columns WHERE sheet_id = $1 ORDER BY position, created_at`, [sheetId]);
    const order = ids.map((r) => r.id).filter((id) => id !== columnId);
    order.splice(Math.min(position, order.length), 0, columnId);
    await tx.query(`UPDATE spreadsheet_columns c SET position = o.pos - 1 FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, pos) WHERE c.id = o.id`, [order]);
  }

  async remove(tx: EntityManager, sheetId: string, columnId: string): Promise<void> {
    await tx.query(`DELETE FROM spreadsheet_columns WHERE id = $1 AND sheet_id = $2`, [columnId, sheetId]);
    await tx.query(
      `UPDATE spreadsheet_columns c SET position = o.pos - 1
       FROM (SELECT id, row_number() OVER (ORDER BY position, created_at) AS pos FROM spreadsheet_columns WHERE sheet_id = $1) o
       WHERE c.id = o.id`,
      [sheetId],
    );
  }
}
