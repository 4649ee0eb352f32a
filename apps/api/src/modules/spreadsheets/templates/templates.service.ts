import { Injectable } from '@nestjs/common';
import type { Column } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { normaliseCell } from '../cells/cell-values';
import { ChangeLog, type ChangeRecorder } from '../change-log/change-log.service';
import { ColumnsService } from '../columns/columns.service';
import { RowsRepository } from '../rows/rows.repository';
import { PIPELINE_COLUMNS, sampleDeals } from './sales-pipeline';

/** Sheets that start with content: created and filled as one change, so history explains every row. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly columns: ColumnsService,
    private readonly rows: RowsRepository,
    private readonly changeLog: ChangeLog,
  ) {}

  /** Creates a sheet with `insert` and fills it with the sales pipeline, in one transaction; answers its id. */
  async createPipeline(actor: AuthUser, insert: (tx: EntityManager) => Promise<string>): Promise<string> {
    const { sheetId } = await this.changeLog.create(actor, insert, (tx, change, id) => this.fillPipeline(tx, id, actor, change));
    return sheetId;
  }

  /** The sales pipeline: its columns (stages with probabilities) and sample deals owned by the creator. */
  private async fillPipeline(tx: EntityManager, sheetId: string, actor: AuthUser, change: ChangeRecorder): Promise<void> {
    const deals = sampleDeals(actor.id);
    const created: Column[] = [];
    // Each insert records its column:create.
    for (const column of PIPELINE_COLUMNS) created.push(await this.columns.insert(tx, change, actor, sheetId, column));
    const data = deals.map((deal) =>
      Object.fromEntries(
        created.flatMap((column) => {
          const result = normaliseCell(column, deal[column.name]);
          return result.ok && result.value !== null ? [[column.id, result.value]] : [];
        }),
      ),
    );
    await this.rows.insert(tx, sheetId, created, data, actor.id);
    await change.addRows(data.length);
    await change.record([{ kind: 'import', newValue: { template: 'sales-pipeline', rows: data.length } }]);
  }
}
