import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Column } from '@contrivance/contracts';
import { LRUCache } from 'lru-cache';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../../config/app-config';
import type { LinkedSheets } from '../cells/linked-columns';
import { indexName, RowIndexesRepository, sheetIndexPrefix, type IndexLimits } from './row-indexes.repository';
import { formulaKeyFunction, indexesForView, type RowIndexSpec } from './rows-query';
import { searchIndexSpec } from './search-index';

const SMALL_RECHECK_MS = 10_000;
/** Uses of a view are counted over this window; a view asked for less often than the threshold gets no index. */
const DEMAND_WINDOW_MS = 10 * 60_000;
/** A request for an index is remembered this long; after that, demand may ask again (another instance may have evicted it). */
const REQUESTED_TTL_MS = 10 * 60_000;
/** How often the last use of indexes is written to their registry (eviction reads it). */
const TOUCH_EVERY_MS = 30_000;
/** An index used within this long is never dropped to make room for another. */
const IN_USE_MS = 60_000;
const TRACKED = 10_000;

/**
 * Builds the indexes that the views of large sheets actually use, so their pages read a few hundred index entries
 * instead of scanning the sheet, and keeps their number bounded (each one costs every write to the rows table and
 * every query's planning a little):
 * - a view's indexes are built only once it has been asked for ROW_INDEX_MIN_USES times within ten minutes, so a
 *   one-off sort or a probe of many views builds nothing;
 * - at most ROW_INDEX_MAX_PER_SHEET per sheet and ROW_INDEX_MAX_TOTAL overall: beyond them the least recently used
 *   index that no one used in the last minute is dropped first, and if every one is in use nothing is built.
 * Builds run one at a time in the background (CREATE INDEX CONCURRENTLY: writers are not blocked); the request that
 * asked does not wait.
 */
@Injectable()
export class RowIndexesService implements OnApplicationShutdown {
  private readonly logger = new Logger('RowIndexes');
  private readonly minRows: number;
  private readonly minUses: number;
  private readonly limits: IndexLimits;
  private readonly demand = new LRUCache<string, { uses: number }>({ max: TRACKED, ttl: DEMAND_WINDOW_MS });
  private readonly requested = new LRUCache<string, true>({ max: TRACKED, ttl: REQUESTED_TTL_MS });
  private readonly used = new Set<string>();
  /** Sheets found too small, and until when that answer is trusted (so small sheets are not counted per request). */
  private readonly small = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();
  private readonly toucher: NodeJS.Timeout;

  constructor(
    private readonly indexes: RowIndexesRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    const settings = config.get('rows', { infer: true });
    this.minRows = settings.indexMinRows;
    this.minUses = settings.indexMinUses;
    this.limits = { perSheet: settings.indexMaxPerSheet, total: settings.indexMaxTotal, inUseMs: IN_USE_MS };
    this.toucher = setInterval(() => void this.flushUses(), TOUCH_EVERY_MS);
    this.toucher.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.toucher);
    await this.queue;
  }

  /**
   * Counts a use of this view and queues its indexes once it is in demand on a large sheet. The caller does not
   * wait: the sheet's row count is read (in the background) only when the view needs an index not yet asked for.
   */
  request(sheetId: string, columns: Column[], view: { sort?: string[]; filter?: string[] }, linked?: LinkedSheets): void {
    if ((this.small.get(sheetId) ?? 0) > Date.now()) return;
    const wanted = indexesForView(columns, view.sort, view.filter, linked).map((spec) => ({ spec, name: indexName(sheetId, spec) }));
    const missing = wanted.filter(({ name }) => {
      if (this.used.size < TRACKED) this.used.add(name);
      if (this.requested.has(name)) return false;
      const seen = this.demand.get(name) ?? { uses: 0 };
      seen.uses += 1;
      this.demand.set(name, seen, { noUpdateTTL: seen.uses > 1 });
      return seen.uses >= this.minUses;
    });
    this.queueBuilds(sheetId, missing);
  }

  /**
   * Queues a saved view's indexes at once, without waiting for demand: a view someone saved is one that will be used
   * (built only on a large sheet, within the same limits).
   */
  requestNow(sheetId: string, columns: Column[], view: { sort?: string[]; filter?: string[] }, linked?: LinkedSheets): void {
    const wanted = indexesForView(columns, view.sort, view.filter, linked).map((spec) => ({ spec, name: indexName(sheetId, spec) }));
    this.queueBuilds(
      sheetId,
      wanted.filter(({ name }) => !this.requested.has(name)),
    );
  }

  /**
   * Queues a large sheet's search index (see searchIndexSpec) at its first search, without waiting for demand (until
   * it is built, searches scan the sheet), and counts the use so that eviction sees it in use. Where the server lacks
   * pg_trgm nothing is built and searches keep scanning.
   */
  requestSearch(sheetId: string): void {
    if ((this.small.get(sheetId) ?? 0) > Date.now()) return;
    const spec = searchIndexSpec(sheetId);
    const name = indexName(sheetId, spec);
    if (this.used.size < TRACKED) this.used.add(name);
    if (!this.requested.has(name)) this.queueBuilds(sheetId, [{ spec, name }]);
  }

  private queueBuilds(sheetId: string, missing: { spec: RowIndexSpec; name: string }[]): void {
    if (!missing.length) return;
    for (const { name } of missing) {
      this.requested.set(name, true);
      this.demand.delete(name);
    }
    this.queue = this.queue.then(() => this.buildIfLarge(sheetId, missing)).catch((error: Error) => this.logger.warn(`index builds paused: ${error.message}`));
  }

  /** Drops a column's indexes inside the transaction that retypes or removes it. */
  async dropForColumn(tx: EntityManager, sheetId: string, columnId: string): Promise<void> {
    await this.indexes.dropForColumn(tx, sheetId, columnId);
    this.forget(sheetIndexPrefix(sheetId));
  }

  /**
   * After a change to a sheet's columns has committed: queues dropping the indexes of formula columns whose key
   * changed with it (their formula, or the options or type of a column they read). PostgreSQL would never use them
   * again (see formulaKeyFunction), but every write to the sheet would still update them. Concurrently, in the
   * background like builds (a plain DROP INDEX in the change's transaction would lock the rows table of every sheet
   * until it commits); the indexes of the formula as it is now are kept.
   */
  formulasChanged(sheetId: string, before: Column[], after: Column[]): void {
    const now = new Map(after.map((c) => [c.id, c]));
    for (const column of before.filter((c) => c.type === 'formula' && now.has(c.id))) {
      const current = formulaKeyFunction(now.get(column.id)!, after)?.name ?? null;
      if ((formulaKeyFunction(column, before)?.name ?? null) === current) continue;
      this.queue = this.queue
        .then(() => this.indexes.dropStaleFormulaIndexes(sheetId, column.id, current))
        .then(() => this.forget(sheetIndexPrefix(sheetId)))
        .catch((error: Error) => this.logger.warn(`could not drop the old indexes of formula ${column.id}: ${error.message}`));
    }
  }

  /** Drops a deleted sheet's indexes (they would stay, empty, otherwise). */
  async dropForSheet(sheetId: string): Promise<void> {
    await this.indexes.dropForSheet(sheetId);
    this.forget(sheetIndexPrefix(sheetId));
  }

  /** Resolves when every queued build has finished (tests and benchmarks wait on it). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Writes the recent uses to the registry now (the eviction order reads them; tests call it). */
  async flushUses(): Promise<void> {
    const names = [...this.used];
    this.used.clear();
    await this.indexes.touch(names).catch((error: Error) => this.logger.warn(`could not record index uses: ${error.message}`));
  }

  private forget(prefix: string): void {
    for (const name of [...this.requested.keys()]) if (name.startsWith(prefix)) this.requested.delete(name);
  }

  private async buildIfLarge(sheetId: string, wanted: { spec: RowIndexSpec; name: string }[]): Promise<void> {
    let rows: number;
    try {
      rows = await this.indexes.rowCount(sheetId);
    } catch (error) {
      rows = -1;
      this.logger.warn(`could not read the row count of ${sheetId}: ${(error as Error).message}`);
    }
    if (rows < this.minRows) {
      for (const { name } of wanted) this.requested.delete(name);
      if (this.small.size > TRACKED) this.small.clear();
      if (rows >= 0) this.small.set(sheetId, Date.now() + SMALL_RECHECK_MS);
      return;
    }
    this.small.delete(sheetId);
    for (const { spec, name } of wanted) await this.build(sheetId, spec, name);
  }

  private async build(sheetId: string, spec: RowIndexSpec, name: string): Promise<void> {
    const started = Date.now();
    try {
      const outcome = await this.indexes.build(sheetId, spec, this.limits);
      if (outcome === 'built') this.logger.log(`built ${name} (${spec.kind}) in ${Date.now() - started} ms`);
      if (outcome === 'busy' || outcome === 'full') this.requested.delete(name);
      if (outcome === 'full') this.logger.warn(`not building ${name}: the index limits are reached and every index is in use`);
    } catch (error) {
      this.requested.delete(name);
      this.logger.warn(`could not build ${name}: ${(error as Error).message}`);
    }
  }
}
