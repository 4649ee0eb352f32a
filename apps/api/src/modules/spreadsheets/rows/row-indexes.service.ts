import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Column } from '@contrivance/contracts';
import type { AppConfig } from '../../../config/app-config';
import type { EntityManager } from 'typeorm';
import { indexName, MAX_FILTER_SET_INDEXES, RowIndexesRepository, sheetIndexPrefix } from './row-indexes.repository';
import { indexesForView, type RowIndexSpec } from './rows-query';

const SMALL_RECHECK_MS = 10_000;

/**
 * Builds, on first use, the indexes a view of a large sheet needs, so the next pages of that view read a few hundred
 * index entries instead of scanning the sheet. Builds run one at a time in the background (CREATE INDEX
 * CONCURRENTLY: writers are not blocked); the request that asked does not wait.
 */
@Injectable()
export class RowIndexesService {
  private readonly logger = new Logger('RowIndexes');
  private readonly minRows: number;
  private readonly requested = new Set<string>();
  /** Sheets found too small, and until when that answer is trusted (so small sheets are not counted per request). */
  private readonly small = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly indexes: RowIndexesRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.minRows = config.get('rows.indexMinRows', { infer: true });
  }

  /**
   * Queues the indexes for this view when the sheet is large enough for them to pay off. The caller does not wait:
   * the sheet's row count is read (in the background) only when the view needs an index not yet asked for.
   */
  request(sheetId: string, columns: Column[], view: { sort?: string[]; filter?: string[] }): void {
    if ((this.small.get(sheetId) ?? 0) > Date.now()) return;
    const missing = indexesForView(columns, view.sort, view.filter)
      .map((spec) => ({ spec, name: indexName(sheetId, spec) }))
      .filter(({ name }) => !this.requested.has(name));
    if (!missing.length) return;
    for (const { name } of missing) this.requested.add(name);
    this.queue = this.queue.then(() => this.buildIfLarge(sheetId, missing));
  }

  /** Drops a column's indexes inside the transaction that retypes or removes it. */
  async dropForColumn(tx: EntityManager, sheetId: string, columnId: string): Promise<void> {
    await this.indexes.dropForColumn(tx, sheetId, columnId);
    this.forget(sheetIndexPrefix(sheetId));
  }

  /** Drops a deleted sheet's indexes (they would stay, empty, otherwise). */
  async dropForSheet(sheetId: string): Promise<void> {
    await this.indexes.dropForSheet(sheetId);
    this.forget(sheetIndexPrefix(sheetId));
  }

  private forget(prefix: string): void {
    for (const name of this.requested) if (name.startsWith(prefix)) this.requested.delete(name);
  }

  /** Resolves when every queued build has finished (tests and benchmarks wait on it). */
  idle(): Promise<void> {
    return this.queue;
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
      if (this.small.size > 10_000) this.small.clear();
      if (rows >= 0) this.small.set(sheetId, Date.now() + SMALL_RECHECK_MS);
      return;
    }
    this.small.delete(sheetId);
    for (const { spec, name } of wanted) await this.build(sheetId, spec, name);
  }

  private async build(sheetId: string, spec: RowIndexSpec, name: string): Promise<void> {
    const started = Date.now();
    try {
      if (await this.indexes.create(sheetId, spec)) this.logger.log(`built ${name} (${spec.kind}) in ${Date.now() - started} ms`);
      else this.logger.warn(`not building ${name}: the sheet has ${MAX_FILTER_SET_INDEXES} filtered-rows indexes already`);
    } catch (error) {
      this.requested.delete(name);
      this.logger.warn(`could not build ${name}: ${(error as Error).message}`);
    }
  }
}
