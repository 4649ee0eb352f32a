import { Injectable } from '@nestjs/common';
import { ErrorCode, type Column, type PipelineQuery, type PipelineReport } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { buildPipelineReport } from './pipeline-report';
import { PipelineRepository } from './pipeline.repository';

/** The template's column names, used when the query names no column. */
const DEFAULTS = { stageColumn: 'Stage', valueColumn: 'Value', dateColumn: 'Close date' } as const;
const TYPES = { stageColumn: ['select'], valueColumn: ['number', 'currency'], dateColumn: ['date'] } as const;
const WHAT = { stageColumn: 'a select column', valueColumn: 'a number or currency column', dateColumn: 'a date column' } as const;

function refuse(field: string, message: string): never {
  throw new DomainError(ErrorCode.ValidationFailed, message, [{ field, message }]);
}

@Injectable()
export class PipelineService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly pipeline: PipelineRepository,
  ) {}

  async report(actor: AuthUser, sheetId: string, query: PipelineQuery): Promise<PipelineReport> {
    const { columns } = await this.access.requireSheet(actor, sheetId, 'viewer');
    const stage = this.pick(columns, query, 'stageColumn', true)!;
    const value = this.pick(columns, query, 'valueColumn', true)!;
    const date = this.pick(columns, query, 'dateColumn', false);
    const [{ byStage, forecast }, stints] = await Promise.all([this.pipeline.aggregates(sheetId, stage.id, value.id, date?.id ?? null), this.pipeline.stints(sheetId, stage.id)]);
    return buildPipelineReport({ stage, value, date }, byStage, forecast, stints);
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
