import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RowIndexSpec } from './rows-query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const short = (id: string) => createHash('md5').update(id).digest('hex').slice(0, 12);
const KIND = { 'sort-asc': 'sa', 'sort-desc': 'sd', filter: 'f', count: 'c' } as const;

/**
 * Index names stay under PostgreSQL's 63 characters and can be found again by sheet. A view's filtered-rows index is
 * named after its predicate (one per distinct filter set).
 */
export const sheetIndexPrefix = (sheetId: string) => `sr_${short(sheetId)}_`;
export const indexName = (sheetId: string, spec: RowIndexSpec) =>
  `${sheetIndexPrefix(sheetId)}${short(spec.kind === 'count' ? spec.predicate! : spec.columnId)}_${KIND[spec.kind]}`;

/** At most this many filtered-rows indexes per sheet (each costs a little on every write to the sheet). */
export const MAX_FILTER_SET_INDEXES = 32;

/** Partial expression indexes on spreadsheet_rows, one sheet each (`WHERE sheet_id = '<sheet>'`). */
@Injectable()
export class RowIndexesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Builds the index without blocking writers. An invalid leftover of an interrupted build is dropped first. False
   * when the sheet already has its share of filtered-rows indexes (nothing built).
   */
  async create(sheetId: string, spec: RowIndexSpec): Promise<boolean> {
    if (!UUID.test(sheetId)) throw new Error('sheet id is not a UUID');
    const name = indexName(sheetId, spec);
    const [state]: { valid: boolean }[] = await this.dataSource.query(
      `SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1`,
      [name],
    );
    if (state?.valid) return true;
    if (state) await this.dataSource.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    if (spec.kind === 'count' && (await this.names(sheetIndexPrefix(sheetId))).filter((n) => n.endsWith('_c')).length >= MAX_FILTER_SET_INDEXES) {
      return false;
    }
    const predicate = spec.predicate ? ` AND ${spec.predicate}` : '';
    await this.dataSource.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS "${name}" ON spreadsheet_rows (${spec.expression}) WHERE sheet_id = '${sheetId}'${predicate}`);
    return true;
  }

  /**
   * Drops a column's indexes inside the transaction that changes or removes it, so no index expression (a numeric
   * cast, say) outlives the type it was built for.
   */
  async dropForColumn(tx: EntityManager, sheetId: string, columnId: string): Promise<void> {
    if (!UUID.test(columnId)) throw new Error('column id is not a UUID');
    for (const name of await this.names(sheetIndexPrefix(sheetId), tx, columnId)) await tx.query(`DROP INDEX IF EXISTS "${name}"`);
  }

  async dropForSheet(sheetId: string): Promise<void> {
    for (const name of await this.names(sheetIndexPrefix(sheetId))) await this.dataSource.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
  }

  async rowCount(sheetId: string): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(`SELECT row_count AS n FROM spreadsheets WHERE id = $1`, [sheetId]);
    return rows[0]?.n ?? 0;
  }

  /** Index names with this prefix, optionally only those whose definition mentions a column. */
  async names(prefix: string, tx?: EntityManager, mentioning?: string): Promise<string[]> {
    const rows: { name: string }[] = await (tx ?? this.dataSource).query(
      `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'spreadsheet_rows' AND indexname LIKE $1 AND indexdef LIKE $2`,
      [`${prefix}%`, mentioning ? `%${mentioning}%` : '%'],
    );
    return rows.map((r) => r.name);
  }
}
