import { Injectable } from '@nestjs/common';
import type { CellValue, Column } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { normaliseCell } from '../cells/cell-values';
import { ChangeLog, type ChangeRecorder } from '../change-log/change-log.service';
import { ColumnsService } from '../columns/columns.service';
import { RowsRepository } from '../rows/rows.repository';
import { COMPANY_COLUMNS, COMPANY_ROLLUPS, HIDDEN_PIPELINE_COLUMNS, pipelineColumns, sampleCompanies, sampleDeals } from './sales-pipeline';
import { ColumnsRepository } from '../columns/columns.repository';
import { SpreadsheetsRepository } from '../sheets/spreadsheets.repository';

/** Sheets that start with content: created and filled as one change, so history explains every row. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly columns: ColumnsService,
    private readonly rows: RowsRepository,
    private readonly changeLog: ChangeLog,
    private readonly sheetColumns: ColumnsRepository,
    private readonly sheets: SpreadsheetsRepository,
  ) {}

  /** Creates a sheet with `insert` and fills it with the sales pipeline, in one transaction; answers its id. */
  async createPipeline(actor: AuthUser, insert: (tx: EntityManager) => Promise<string>): Promise<string> {
    const { sheetId } = await this.changeLog.create(actor, insert, (tx, change, id) => this.fillPipeline(tx, id, actor, change));
    return sheetId;
  }

  /**
   * The sales pipeline: its columns (stages with probabilities), sample deals owned by the creator, and a Companies
   * sheet (made in the same transaction, recorded as its own change) that the deals link to, with rollups of each
   * company's open pipeline and won deals.
   */
  private async fillPipeline(tx: EntityManager, sheetId: string, actor: AuthUser, change: ChangeRecorder): Promise<void> {
    const dealsName = await this.sheetColumns.sheetName(tx, sheetId);
    const companiesId = await this.sheets.insert(tx, actor.id, `${dealsName} – Companies`.slice(0, 200), 'The companies of the pipeline, linked from its deals');
    const companies = await change.alsoIn(companiesId);
    const companyColumns: Column[] = [];
    // Each insert records its column:create (on the sheet whose recorder it gets); the template made both sheets.
    for (const column of COMPANY_COLUMNS) companyColumns.push(await this.columns.insert(tx, companies, null, companiesId, column));
    const companyRows = await this.rows.insert(
      tx,
      companiesId,
      companyColumns,
      sampleCompanies().map((c) => cellsOf(companyColumns, c)),
      actor.id,
    );
    await companies.addRows(companyRows!.length);
    const companyIds = new Map(companyRows!.map((row, i) => [sampleCompanies()[i].Name, row.id]));

    const created: Column[] = [];
    for (const column of pipelineColumns(companiesId)) created.push(await this.columns.insert(tx, change, null, sheetId, column));
    for (const column of created.filter((c) => HIDDEN_PIPELINE_COLUMNS.includes(c.name))) {
      const hidden = await this.sheetColumns.update(tx, column, { hidden: true });
      await change.record([{ columnId: column.id, kind: 'column:update', oldValue: column, newValue: hidden }]);
    }
    const data = sampleDeals(actor.id).map((deal) => cellsOf(created, { ...deal, Account: [companyIds.get(deal.Company as string)!] }));
    const deals = await this.rows.insert(tx, sheetId, created, data, actor.id);
    await change.addRows(data.length);

    // The other side of each link: every company lists its deals.
    const account = created.find((c) => c.name === 'Account')!;
    const reverseId = account.link!.reverseColumnId;
    const dealsOf = new Map<string, string[]>();
    deals!.forEach((row, i) => {
      const [companyId] = data[i][account.id] as string[];
      dealsOf.set(companyId, [...(dealsOf.get(companyId) ?? []), row.id]);
    });
    await this.rows.setColumnValues(
      tx,
      reverseId,
      [...dealsOf].map(([id, value]) => ({ id, value })),
    );
    for (const rollup of COMPANY_ROLLUPS) {
      const over = created.find((c) => c.name === rollup.over)!;
      await this.columns.insert(tx, companies, null, companiesId, {
        name: rollup.name,
        type: 'rollup',
        rollup: { linkColumnId: reverseId, columnId: over.id, fn: 'sum' },
        width: rollup.width,
      });
    }
    await change.record([{ kind: 'import', newValue: { template: 'sales-pipeline', rows: data.length } }]);
    await companies.record([{ kind: 'import', newValue: { template: 'sales-pipeline', rows: companyRows!.length } }]);
  }
}

/** A sample record keyed by column name as stored cells keyed by column id (values that do not fit are left out). */
function cellsOf(columns: readonly Column[], record: Record<string, unknown>): Record<string, CellValue> {
  return Object.fromEntries(
    columns.flatMap((column) => {
      const result = normaliseCell(column, record[column.name]);
      return result.ok && result.value !== null ? [[column.id, result.value]] : [];
    }),
  );
}
