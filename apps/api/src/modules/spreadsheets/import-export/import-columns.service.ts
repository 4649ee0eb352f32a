import { Injectable } from '@nestjs/common';
import { ErrorCode, MAX_COLUMNS_PER_SHEET, SETTINGS_COLUMN_TYPES, type Column, type ImportColumnMappingDto, type ImportMappingDto } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../../common/errors/domain-error';
import { unstorableText } from '../../../common/validation/input-safety';
import { ColumnsRepository } from '../columns/columns.repository';
import { ColumnsService } from '../columns/columns.service';
import { restoreNeutralised } from './csv-safety';
import { invalidFile, invalidMapping } from './import-errors';

/** Where each CSV column goes (null: skipped), and the columns created for the import. */
export interface ImportColumnPlan {
  columns: (Column | null)[];
  created: Column[];
}

/** Decides, inside an import's transaction, which sheet column each CSV column fills, creating the new ones. */
@Injectable()
export class ImportColumns {
  constructor(
    private readonly columns: ColumnsRepository,
    private readonly columnsService: ColumnsService,
  ) {}

  /** By the client's mapping when it sent one, else by the header's names. */
  plan(tx: EntityManager, sheetId: string, header: string[], mapping: ImportMappingDto | undefined): Promise<ImportColumnPlan> {
    return mapping ? this.byMapping(tx, sheetId, header, mapping) : this.byHeader(tx, sheetId, header);
  }

  /**
   * The CSV columns to sheet columns as the mapping says: into existing columns, into new ones (created together, with
   * their types and options), or skipped. CSV columns the mapping leaves out are skipped; two into one column are
   * refused.
   */
  private async byMapping(tx: EntityManager, sheetId: string, names: string[], mapping: ImportMappingDto): Promise<ImportColumnPlan> {
    const existing = new Map((await this.columns.list(sheetId, tx)).map((c) => [c.id, c]));
    const bySource = new Map<number, ImportColumnMappingDto>();
    for (const entry of mapping.columns) {
      if (entry.source >= names.length) throw invalidMapping(`The mapping names CSV column ${entry.source + 1}, but the file has ${names.length}`);
      if (bySource.has(entry.source)) throw invalidMapping(`The mapping names CSV column ${entry.source + 1} twice`);
      if ([entry.columnId, entry.create, entry.skip].filter((x) => x !== undefined && x !== false).length !== 1) {
        throw invalidMapping(`CSV column ${entry.source + 1} must go into an existing column, a new one, or be skipped (one of them)`);
      }
      if (entry.columnId && !existing.has(entry.columnId.toLowerCase())) throw invalidMapping(`CSV column ${entry.source + 1} goes into a column that is not in this spreadsheet`);
      const target = entry.columnId && existing.get(entry.columnId.toLowerCase());
      if (target && target.type === 'formula') throw invalidMapping(`CSV column ${entry.source + 1} goes into "${target.name}", a formula column: its values are computed`);
      if (target && (target.type === 'lookup' || target.type === 'rollup')) {
        throw invalidMapping(`CSV column ${entry.source + 1} goes into "${target.name}", a ${target.type} column: its values come from the linked rows`);
      }
      bySource.set(entry.source, entry);
    }
    const targets = [...bySource.values()].filter((e) => e.columnId).map((e) => e.columnId!.toLowerCase());
    if (new Set(targets).size !== targets.length) throw invalidMapping('Two CSV columns go into the same column');
    const toCreate = [...bySource.values()].filter((e) => e.create);
    const created = await this.columnsService.insertMany(
      tx,
      sheetId,
      toCreate.map((e) => e.create!),
    );
    const createdBySource = new Map(toCreate.map((e, i) => [e.source, created[i]]));
    const columns = names.map((_, i) => {
      const entry = bySource.get(i);
      if (!entry || entry.skip) return null;
      return entry.columnId ? existing.get(entry.columnId.toLowerCase())! : createdBySource.get(i)!;
    });
    return { columns, created };
  }

  /**
   * Header names to columns, case-insensitively; unknown names become new text columns, created together in one
   * statement. Duplicates, empty names and more columns than a sheet may have are refused.
   */
  private async byHeader(tx: EntityManager, sheetId: string, names: string[]): Promise<ImportColumnPlan> {
    if (names.length > MAX_COLUMNS_PER_SHEET) throw invalidFile(`The header names ${names.length} columns; a spreadsheet can have at most ${MAX_COLUMNS_PER_SHEET}`);
    const existing = new Map((await this.columns.list(sheetId, tx)).map((c) => [c.name.toLowerCase(), c]));
    const seen = new Set<string>();
    const wanted: { name: string; column?: Column }[] = [];
    for (const raw of names) {
      const name = restoreNeutralised(raw.trim()).slice(0, 100);
      const header = (message: string) => new DomainError(ErrorCode.ValidationFailed, message, [{ field: 'line 1', message }]);
      if (!name) throw header('Every header cell must name a column');
      const unstorable = unstorableText(name);
      if (unstorable) throw header(`A column name ${unstorable}`);
      if (seen.has(name.toLowerCase())) throw header(`The header names "${name}" twice`);
      seen.add(name.toLowerCase());
      wanted.push({ name, column: existing.get(name.toLowerCase()) });
    }
    const created = await this.columnsService.insertMany(
      tx,
      sheetId,
      wanted.filter((w) => !w.column).map((w) => ({ name: w.name, type: 'text' as const })),
    );
    const byName = new Map(created.map((c) => [c.name.toLowerCase(), c]));
    // Computed columns' values (formulas, lookups, rollups) are ignored, so a sheet's export imports back into it;
    // links are read by the linked rows' names, as exports write them.
    const ignored = (column: Column) => column.type !== 'link' && SETTINGS_COLUMN_TYPES.includes(column.type);
    const target = (w: (typeof wanted)[number]) => (w.column && ignored(w.column) ? null : (w.column ?? byName.get(w.name.toLowerCase())!));
    return { columns: wanted.map(target), created };
  }
}
