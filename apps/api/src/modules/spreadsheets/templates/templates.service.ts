import { Injectable } from '@nestjs/common';
import type { Column } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { normaliseCell } from '../cells/cell-values';
import { ColumnsService } from '../columns/columns.service';
import { ChangesRepository } from '../change-log/changes.repository';
import { RowsRepository } from '../rows/rows.repository';
import { PIPELINE_COLUMNS, sampleDeals } from './sales-pipeline';

/** Fills a new sheet from a template, inside the transaction that creates it. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly columns: ColumnsService,
    private readonly rows: RowsRepository,
    private readonly changes: ChangesRepository,
  ) {}

  /** The sales pipeline: its columns (stages with probabilities) and sample deals owned by the creator. */
  async fillPipeline(tx: EntityManager, sheetId: string, actor: AuthUser): Promise<void> {
    const deals = sampleDeals(actor.id);
    const version = await this.changes.bump(tx, sheetId, deals.length);
    const created: Column[] = [];
    for (const column of PIPELINE_COLUMNS) created.push(await this.columns.insert(tx, sheetId, column));
    const data = deals.map((deal) =>
      Object.fromEntries(
        created.flatMap((column) => {
          const result = normaliseCell(column, deal[column.name]);
          return result.ok && result.value !== null ? [[column.id, result.value]] : [];
        }),
      ),
    );
    await this.rows.insert(tx, sheetId, data, actor.id);
    await this.changes.record(tx, sheetId, version, actor.id, [
      ...created.map((c) => ({ columnId: c.id, kind: 'column:create' as const, newValue: c })),
      { kind: 'import', newValue: { template: 'sales-pipeline', rows: data.length } },
    ]);
  }
}
