import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Column } from '@contrivance/contracts';
import type { AppConfig } from '../../../config/app-config';
import type { EntityManager } from 'typeorm';
import { indexName, RowIndexesRepository, sheetIndexPrefix } from './row-indexes.repository';
import { indexesForView, type RowIndexSpec } from './rows-query';

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
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly indexes: RowIndexesRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.minRows = config.get('rows.indexMinRows', { infer: true });
  }

  /** Queues the indexes for this view when the sheet is large enough for them to pay off. */
  request(sheetId: string, rowCount: number, columns: Column[], view: { sort?: string[]; filter?: string[] }): void {
    if (rowCount < this.minRows) return;
    for (const spec of indexesForView(columns, view.sort, view.filter)) {
      const name = indexName(sheetId, spec);
      if (this.requested.has(name)) continue;
      this.requested.add(name);
      this.queue = this.queue.then(() => this.build(sheetId, spec, name));
    }
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

  private async build(sheetId: string, spec: RowIndexSpec, name: string): Promise<void> {
    const started = Date.now();
    try {
      await this.indexes.create(sheetId, spec);
      this.logger.log(`built ${name} (${spec.kind}) in ${Date.now() - started} ms`);
    } catch (error) {
      this.requested.delete(name);
      this.logger.warn(`could not build ${name}: ${(error as Error).message}`);
    }
  }
}
