import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ErrorCode, type Column, type PipelineQuery, type PipelineReport } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { buildPipelineReport, type ForecastAggregate, type StageAggregate, type StintAggregate } from './pipeline-report';
import { PipelineRepository } from './pipeline.repository';

/** The template's column names, used when the query names no column. */
const DEFAULTS = { stageColumn: 'Stage', valueColumn: 'Value', dateColumn: 'Close date' } as const;
const TYPES = { stageColumn: ['select'], valueColumn: ['number', 'currency'], dateColumn: ['date'] } as const;
const WHAT = { stageColumn: 'a select column', valueColumn: 'a number or currency column', dateColumn: 'a date column' } as const;

function refuse(field: string, message: string): never {
  throw new DomainError(ErrorCode.ValidationFailed, message, [{ field, message }]);
}

export interface PipelineAggregates {
  byStage: StageAggregate[];
  forecast: ForecastAggregate[];
  stints: StintAggregate[];
}

/** Reports of this many (sheet, columns) choices are kept; a sheet's entry is replaced when its version moves. */
const CACHED_REPORTS = 500;

@Injectable()
export class PipelineService {
  private readonly cache = new LRUCache<string, { version: string; aggregates: PipelineAggregates }>({ max: CACHED_REPORTS });

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
   * The report's aggregates of the sheet's current version: from the cache when they were computed at that version,
   * else from the rows and history. They are kept only when the version read before equals the one read after
   * (no change committed in between, so every statement saw that version). Options' labels and probabilities are
   * applied afterwards from the current columns, so they need no cache of their own.
   */
  async aggregates(sheetId: string, stageColumn: string, valueColumn: string, dateColumn: string | null, { cached = true } = {}): Promise<PipelineAggregates> {
    const key = `${sheetId}:${stageColumn}:${valueColumn}:${dateColumn ?? ''}`;
    const before = await this.pipeline.version(sheetId);
    const hit = cached ? this.cache.get(key) : undefined;
    if (hit?.version === before) return hit.aggregates;
    const [{ byStage, forecast }, stints] = await Promise.all([
      this.pipeline.aggregates(sheetId, stageColumn, valueColumn, dateColumn),
      this.pipeline.stints(sheetId, stageColumn),
    ]);
    const aggregates = { byStage, forecast, stints };
    if (cached && (await this.pipeline.version(sheetId)) === before) this.cache.set(key, { version: before, aggregates });
    return aggregates;
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
