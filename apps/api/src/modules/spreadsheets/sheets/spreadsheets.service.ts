import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateSpreadsheetDto, ListSpreadsheetsQuery, Page, Spreadsheet, UpdateSpreadsheetDto } from '@contrivance/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { ColumnsRepository } from '../columns/columns.repository';
import { ColumnsService } from '../columns/columns.service';
import { RowIndexesService } from '../rows/row-indexes.service';
import { TemplatesService } from '../templates/templates.service';
import { toSpreadsheet } from '../spreadsheets.mapper';
import { SpreadsheetsRepository } from './spreadsheets.repository';

@Injectable()
export class SpreadsheetsService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly sheets: SpreadsheetsRepository,
    private readonly columns: ColumnsRepository,
    private readonly templates: TemplatesService,
    private readonly rowIndexes: RowIndexesService,
    private readonly columnsService: ColumnsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(actor: AuthUser, query: ListSpreadsheetsQuery): Promise<Page<Spreadsheet>> {
    const { rows, total } = await this.sheets.visible(actor.id, actor.role === 'admin', query.search, query.limit!, query.offset!);
    const columns = await this.columns.listBySheets(rows.map((r) => r.id));
    return { items: rows.map((r) => toSpreadsheet(r, columns.get(r.id)!, actor)), total };
  }

  async get(actor: AuthUser, sheetId: string): Promise<Spreadsheet> {
    await this.access.require(actor, sheetId, 'viewer');
    const record = await this.sheets.find(sheetId, actor.id);
    if (!record) throw DomainError.notFound('Spreadsheet');
    return toSpreadsheet(record, await this.columns.list(sheetId), actor);
  }

  /** Creates a sheet owned by the caller, blank or from the sales-pipeline template (columns and sample deals). */
  async create(actor: AuthUser, dto: CreateSpreadsheetDto): Promise<Spreadsheet> {
    const insert = (tx: EntityManager) => this.sheets.insert(tx, actor.id, dto.name, dto.description ?? '');
    const sheetId = dto.template === 'sales-pipeline' ? await this.templates.createPipeline(actor, insert) : await this.dataSource.transaction(insert);
    return this.get(actor, sheetId);
  }

  async update(actor: AuthUser, sheetId: string, dto: UpdateSpreadsheetDto): Promise<Spreadsheet> {
    await this.access.require(actor, sheetId, 'editor');
    await this.sheets.update(sheetId, dto.name, dto.description);
    return this.get(actor, sheetId);
  }

  async remove(actor: AuthUser, sheetId: string): Promise<void> {
    await this.access.require(actor, sheetId, 'owner');
    await this.columnsService.unlinkSheet(actor, sheetId);
    await this.sheets.remove(sheetId);
    this.access.changed(sheetId);
    await this.rowIndexes.dropForSheet(sheetId);
  }
}
