import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ErrorCode, type Column, type PipelineQuery, type PipelineReport } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { moves, type PipelineColumns } from './pipeline-changes';
import { buildPipelineReport } from './pipeline-report';
import { applyDelta, stintsDelta, toAggregates, type PipelineAggregates, type PipelineState } from './pipeline-state';
import { PipelineRepository } from './pipeline.repository';

export type { PipelineAggregates } from './pipeline-state';

/** The template's column names, used when the query names no column. */
const DEFAULTS = { stageColumn: 'Stage', valueColumn: 'Value', dateColumn: 'Close date' } as const;
const TYPES = { stageColumn: ['select'], valueColumn: ['number', 'currency'], dateColumn: ['date'] } as const;
const WHAT = { stageColumn: 'a select column', valueColumn: 'a number or currency column', dateColumn: 'a date column' } as const;

function refuse(field: string, message: string): never {
  throw new DomainError(ErrorCode.ValidationFailed, message, [{ field, message }]);
}

/** Reports of this many (sheet, columns) choices are kept; a sheet's entry is replaced when its version moves. */
const CACHED_REPORTS = 500;
/**
 * Changes that can move the pipeline, at most, that a cached report is brought forward by; past this, it is computed
 * from scratch again (a long import, say, or a sheet nobody looked at for a while).
 */
const MAX_CHANGES_FORWARD = 2000;

interface Cached {
  version: number;
  state: PipelineState;
}

@Injectable()
export class PipelineService {
  private readonly cache = new LRUCache<string, Cached>({ max: CACHED_REPORTS });
  private readonly logger = new Logger('Pipeline');

  constructor(
    private readonly access: SheetAccessService,
    private readonly pipeline: PipelineRepository,
  ) {}

  async report(actor: AuthUser, sheetId: string, query: PipelineQuery): Promise<PipelineReport> {
    const { columns } = await this.access.requireSheet(actor, sheetId, 'viewer');
    const stage = this.pick(columns, query, 'stageColumn', true)!;
    const value = this.pick(columns, query, 'valueColumn', true)!;
    const date = this.pick(columns, query, 'dateColumn', false);
    const { byStage, forecast, stints } = await this.aggregates(sheetId, stage.id, value.id, date?.id ?? null);
    return buildPipelineReport({ stage, value, date }, byStage, forecast, stints);
  }

  /**
   * The report's aggregates of the sheet's current version: from the cache when they were computed at that version;
   * else the cached ones brought forward by the changes committed since (see forward); else (nothing cached, or
   * changes that cannot be followed) from all the rows and history. Options' labels and probabilities are applied
   * afterwards from the current columns, so they need no cache of their own. `cached: false` computes from scratch
   * and leaves the cache alone.
   */
  async aggregates(sheetId: string, stageColumn: string, valueColumn: string, dateColumn: string | null, { cached = true } = {}): Promise<PipelineAggregates> {
    const columns = { stage: stageColumn, value: valueColumn, date: dateColumn };
    if (!cached) return toAggregates(await this.scratch(sheetId, columns));
    const key = `${sheetId}:${stageColumn}:${valueColumn}:${dateColumn ?? ''}`;
    const before = Number(await this.pipeline.version(sheetId));
    const hit = this.cache.get(key);
    if (hit?.version === before) return toAggregates(hit.state);
    const brought = hit && hit.version < before ? await this.forward(sheetId, columns, hit).catch((error: unknown) => this.unfollowed(key, error)) : null;
    if (brought) {
      this.keep(key, brought);
      return toAggregates(brought.state);
    }
    const state = await this.scratch(sheetId, columns);
    // Kept only when the version read before equals the one read after: no change committed in between, so every
    // statement saw that version.
    if (Number(await this.pipeline.version(sheetId)) === before) this.keep(key, { version: before, state });
    return toAggregates(state);
  }

  private async scratch(sheetId: string, columns: PipelineColumns): Promise<PipelineState> {
    const [groups, stints] = await Promise.all([this.pipeline.groups(sheetId, columns), this.pipeline.stints(sheetId, columns.stage)]);
    return { groups, stints };
  }

  /**
   * The cached state brought forward to the sheet's current version, in one snapshot (every read sees the same
   * committed version, whatever commits meanwhile): only the rows the changes since touched are read, as they are now
   * and, walking their changes back, as they were (see moves); their stints are taken now and as of the cached
   * version. Null when that cannot be done (see moves and MAX_CHANGES_FORWARD).
   */
  private async forward(sheetId: string, columns: PipelineColumns, cached: Cached): Promise<Cached | null> {
    return this.pipeline.snapshot(async (reader) => {
      const version = Number(await this.pipeline.version(sheetId, reader));
      if (version === cached.version) return cached;
      const changes = await this.pipeline.changesSince(reader, sheetId, columns, cached.version, MAX_CHANGES_FORWARD);
      if (!changes) return null;
      const touched = [...new Set(changes.flatMap((c) => (c.rowId ? [c.rowId] : [])))];
      const imports = changes.flatMap((c) => (c.kind === 'import' ? [{ version: c.version, rows: c.importedRows }] : []));
      const current = await this.pipeline.currentRows(reader, sheetId, columns, touched, imports);
      const moved = moves(columns, changes, current, cached.version);
      if (!moved) return null;
      // A row there then and deleted (or brought back) since: its creation time then is gone with it.
      if ((await this.pipeline.stintsFromCreation(reader, sheetId, columns.stage, moved.recreated, cached.version)).length) return null;
      const now = await this.pipeline.rowStints(reader, sheetId, columns.stage, moved.staged, null);
      const then = await this.pipeline.rowStints(reader, sheetId, columns.stage, moved.staged, {
        version: cached.version,
        absent: [...moved.absentBefore, ...moved.recreated],
      });
      return { version, state: applyDelta(cached.state, { groups: moved.groups, stints: stintsDelta(now, then) }) };
    });
  }

  /**
   * Bringing a cached report forward failed: it is computed from scratch instead (and that is kept), so one change the
   * delta could not take never fails every later report of the sheet.
   */
  private unfollowed(key: string, error: unknown): null {
    this.cache.delete(key);
    this.logger.warn(`pipeline ${key} computed from scratch: its cached report could not be brought forward (${(error as Error)?.message})`);
    return null;
  }

  /** Keeps a state unless a newer one is kept already (reports of two versions may finish in either order). */
  private keep(key: string, entry: Cached): void {
    const kept = this.cache.get(key);
    if (!kept || kept.version < entry.version) this.cache.set(key, entry);
  }

  /** The column the query names, or the template's by name; its type must fit the role. */
  private pick(columns: Column[], query: PipelineQuery, field: keyof typeof DEFAULTS, required: boolean): Column | null {
    const id = query[field];
    const column = id ? columns.find((c) => c.id === id.toLowerCase()) : columns.find((c) => c.name.toLowerCase() === DEFAULTS[field].toLowerCase());
    if (!column) {
      if (id) refuse(field, `${field}: no such column in this spreadsheet`);
      if (!required) return null;
      refuse(field, `Choose ${field}: this sheet has no column named "${DEFAULTS[field]}"`);
    }
    if (!(TYPES[field] as readonly string[]).includes(column.type)) refuse(field, `${field} must be ${WHAT[field]}; "${column.name}" is ${column.type}`);
    return column;
  }
}
