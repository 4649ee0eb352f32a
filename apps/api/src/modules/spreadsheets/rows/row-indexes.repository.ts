import { createHash } from 'node:crypto';
import { queryRows } from '../../../database/query-rows';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { IndexFunction, RowIndexSpec } from './rows-query';
import { storedKeyOfIdSql } from '../cells/stored-keys';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The functions formula indexes are built on (see formulaKeyFunction); they are named after a hash of their definition. */
const KEY_FUNCTION = /^sr_fx_[0-9a-f]{32}$/;
const KEY_FUNCTION_CALL = /\bsr_fx_[0-9a-f]{32}\b/g;
const short = (id: string) => createHash('md5').update(id).digest('hex').slice(0, 12);
const KIND = { 'sort-asc': 'sa', 'sort-desc': 'sd', filter: 'f', count: 'c', search: 's' } as const;
/**
 * Builds, evictions and drops of stale formula indexes run one at a time across every instance (an arbitrary, fixed
 * advisory-lock key; tests hold it to keep them waiting).
 */
export const BUILD_LOCK_KEY = 727_274_002;

/**
 * Index names stay under PostgreSQL's 63 characters and can be found again by sheet. A view's filtered-rows index is
 * named after its predicate (one per distinct filter set), a formula column's after the function it is built on and
 * its predicate (so the index of a changed formula is another index).
 */
export const sheetIndexPrefix = (sheetId: string) => `sr_${short(sheetId)}_`;
const indexKey = (spec: RowIndexSpec) => {
  if (spec.kind === 'count') return spec.predicate!;
  return spec.function ? [spec.columnId, spec.function.name, spec.predicate ?? ''].join(':') : spec.columnId;
};
export const indexName = (sheetId: string, spec: RowIndexSpec) => `${sheetIndexPrefix(sheetId)}${short(indexKey(spec))}_${KIND[spec.kind]}`;

/** How many per-view indexes may exist, and how recently used an index must be to be safe from eviction. */
export interface IndexLimits {
  perSheet: number;
  total: number;
  /** An index used within this many ms is never dropped to make room (it is serving someone now). */
  inUseMs: number;
}

/** What a build request came to ('unavailable': the server lacks the extension the index needs). */
export type BuildOutcome = 'built' | 'exists' | 'busy' | 'full' | 'unavailable';

/**
 * Partial expression indexes on spreadsheet_rows, one sheet each (`WHERE sheet_id = '<sheet>'`), and their registry
 * (`spreadsheet_row_indexes`: which sheet, when last used), which keeps their number within the limits.
 */
@Injectable()
export class RowIndexesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Builds the index without blocking writers, when the limits allow: first it makes room by dropping the least
   * recently used index (of the sheet when the sheet is at its limit, else of any sheet) that is not in use; when
   * every candidate is in use, nothing is built ('full'). Another instance building meanwhile: 'busy' (try later).
   */
  async build(sheetId: string, spec: RowIndexSpec, limits: IndexLimits): Promise<BuildOutcome> {
    if (!UUID.test(sheetId)) throw new Error('sheet id is not a UUID');
    if (spec.extension && !(await this.hasExtension(spec.extension))) return 'unavailable';
    const name = indexName(sheetId, spec);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await queryRows<{ locked: boolean }>(runner, 'SELECT pg_try_advisory_lock($1) AS locked', [BUILD_LOCK_KEY]);
      if (!locked) return 'busy';
      try {
        return await this.buildLocked(runner, sheetId, spec, name, limits);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [BUILD_LOCK_KEY]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  private async buildLocked(runner: QueryRunner, sheetId: string, spec: RowIndexSpec, name: string, limits: IndexLimits): Promise<BuildOutcome> {
    const [state] = await queryRows<{ valid: boolean }>(runner, `SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1`, [
      name,
    ]);
    if (state?.valid) {
      await this.register(runner, name, sheetId, spec.columnId);
      return 'exists';
    }
    // An invalid leftover of an interrupted build.
    if (state) await runner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    await runner.query(`DELETE FROM spreadsheet_row_indexes WHERE name = $1`, [name]);
    for (;;) {
      const [counts] = await queryRows<{ sheet: number; total: number }>(
        runner,
        `SELECT count(*) FILTER (WHERE sheet_id = $1)::int AS sheet, count(*)::int AS total FROM spreadsheet_row_indexes`,
        [sheetId],
      );
      if (counts.sheet < limits.perSheet && counts.total < limits.total) break;
      const [victim] = await queryRows<{ name: string }>(
        runner,
        `SELECT name FROM spreadsheet_row_indexes
         WHERE ($1::uuid IS NULL OR sheet_id = $1) AND last_used_at < now() - make_interval(secs => $2)
         ORDER BY last_used_at LIMIT 1`,
        [counts.sheet >= limits.perSheet ? sheetId : null, limits.inUseMs / 1000],
      );
      if (!victim) return 'full';
      await runner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${victim.name}"`);
      await runner.query(`DELETE FROM spreadsheet_row_indexes WHERE name = $1`, [victim.name]);
    }
    await this.dropUnusedFunctions(runner);
    if (spec.function) await this.createFunction(runner, spec.function);
    const predicate = spec.predicate ? ` AND ${spec.predicate}` : '';
    const method = spec.method ? ` USING ${spec.method}` : '';
    await runner.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS "${name}" ON spreadsheet_rows${method} (${spec.expression}) WHERE sheet_id = '${sheetId}'${predicate}`);
    await this.register(runner, name, sheetId, spec.columnId);
    return 'built';
  }

  /** Creates a formula index's function unless it exists: its name is a hash of its definition, so it is never replaced. */
  private async createFunction(runner: QueryRunner, fn: IndexFunction): Promise<void> {
    if (!KEY_FUNCTION.test(fn.name)) throw new Error('not the name of an index function');
    const [{ exists }] = await queryRows<{ exists: boolean }>(runner, `SELECT to_regprocedure($1) IS NOT NULL AS exists`, [`${fn.name}(jsonb)`]);
    if (!exists) await runner.query(fn.definition);
  }

  /**
   * Drops the index functions no index uses any more (their index was dropped with a column, a sheet, a change of the
   * formula or evicted). Only under the build lock, so no build is between creating a function and indexing it.
   */
  private async dropUnusedFunctions(runner: QueryRunner): Promise<void> {
    const unused = await queryRows<{ name: string }>(
      runner,
      `SELECT p.proname AS name FROM pg_proc p
       WHERE p.proname LIKE 'sr\\_fx\\_%' AND p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid = p.oid)`,
    );
    for (const { name } of unused) if (KEY_FUNCTION.test(name)) await runner.query(`DROP FUNCTION IF EXISTS "${name}"(jsonb)`);
  }

  /**
   * Drops a formula column's indexes that are built on another function than `current` (its formula, or a column it
   * reads, changed since; null: it has no indexable key now), without blocking writers, and then the functions left
   * unused. They could never answer a query again, but every write to the sheet would keep them up to date. Waits for
   * a build in progress.
   */
  async dropStaleFormulaIndexes(sheetId: string, columnId: string, current: string | null): Promise<void> {
    if (!UUID.test(sheetId) || !UUID.test(columnId)) throw new Error('sheet or column id is not a UUID');
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [BUILD_LOCK_KEY]);
      try {
        const indexes = await queryRows<{ name: string; definition: string }>(
          runner,
          `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i JOIN spreadsheet_row_indexes r ON r.name = i.indexname
           WHERE i.tablename = 'spreadsheet_rows' AND r.sheet_id = $1 AND r.column_id = $2`,
          [sheetId, columnId],
        );
        for (const { name, definition } of indexes) {
          const functions = definition.match(KEY_FUNCTION_CALL) ?? [];
          if (!functions.length || functions.every((f) => f === current)) continue;
          await runner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
          await runner.query(`DELETE FROM spreadsheet_row_indexes WHERE name = $1`, [name]);
        }
        await this.dropUnusedFunctions(runner);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [BUILD_LOCK_KEY]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  private async register(runner: QueryRunner, name: string, sheetId: string, columnId: string): Promise<void> {
    await runner.query(`INSERT INTO spreadsheet_row_indexes (name, sheet_id, column_id) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET last_used_at = now()`, [
      name,
      sheetId,
      columnId,
    ]);
  }

  /** Records that views used these indexes (names of indexes that do not exist are ignored). */
  async touch(names: string[]): Promise<void> {
    if (!names.length) return;
    await this.dataSource.query(`UPDATE spreadsheet_row_indexes SET last_used_at = now() WHERE name = ANY($1)`, [names]);
  }

  /**
   * Drops a column's indexes inside the transaction that changes or removes it, so no index expression (a numeric
   * cast, say) outlives the type it was built for.
   */
  async dropForColumn(tx: EntityManager, sheetId: string, columnId: string): Promise<void> {
    if (!UUID.test(columnId)) throw new Error('column id is not a UUID');
    const names = await this.names(sheetIndexPrefix(sheetId), tx, columnId);
    for (const name of names) await tx.query(`DROP INDEX IF EXISTS "${name}"`);
    if (names.length) await tx.query(`DELETE FROM spreadsheet_row_indexes WHERE name = ANY($1)`, [names]);
  }

  async dropForSheet(sheetId: string): Promise<void> {
    for (const name of await this.names(sheetIndexPrefix(sheetId))) await this.dataSource.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    await this.dataSource.query(`DELETE FROM spreadsheet_row_indexes WHERE sheet_id = $1`, [sheetId]);
  }

  /** Whether an extension is installed in this database (the migration creates pg_trgm where the server ships it). */
  async hasExtension(name: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM pg_extension WHERE extname = $1`, [name]);
    return rows.length > 0;
  }

  async rowCount(sheetId: string): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(`SELECT row_count AS n FROM spreadsheets WHERE id = $1`, [sheetId]);
    return rows[0]?.n ?? 0;
  }

  /**
   * Index names with this prefix, optionally only those about a column: whose definition reads its cell (by its stored
   * key, see stored-keys), or registered for it (a formula column's indexes name only their function).
   */
  async names(prefix: string, tx?: EntityManager, mentioning?: string): Promise<string[]> {
    const rows: { name: string }[] = await (tx ?? this.dataSource).query(
      `SELECT indexname AS name FROM pg_indexes
       WHERE tablename = 'spreadsheet_rows' AND indexname LIKE $1
         AND ($2::uuid IS NULL OR indexdef ~ ('(data|linked) (->>?|\\?) ''' || ${storedKeyOfIdSql('$2')} || '''::text')
              OR indexname IN (SELECT name FROM spreadsheet_row_indexes WHERE column_id = $2))`,
      [`${prefix}%`, mentioning ?? null],
    );
    return rows.map((r) => r.name);
  }
}
