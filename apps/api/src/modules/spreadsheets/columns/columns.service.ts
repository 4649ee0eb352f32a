import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  MAX_COLUMNS_PER_SHEET,
  SETTINGS_COLUMN_TYPES,
  type Column,
  type CreateColumnDto,
  type ErrorDetail,
  type SelectOption,
  type SelectOptionDto,
  type UpdateColumnDto,
  toStored,
} from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { ChangeLog, type ChangeRecorder, type LinkedRecorder, type NewChange } from '../change-log/change-log.service';
import { RowIndexesService } from '../rows/row-indexes.service';
import { RowsRepository } from '../rows/rows.repository';
import { convertCell, type ColumnRules } from '../cells/cell-values';
import { MembersRepository } from '../access/members.repository';
import { personLookup } from '../cells/person-refs';
import { checkColumnFormula, dependentsOf, formulasReading } from '../cells/formula-columns';
import { ColumnsRepository, isDuplicateName, type ColumnValues } from './columns.repository';
import { ColumnLinks } from './column-links.service';

/** Rows listed at most in a 409 about values that do not fit. */
const MAX_LISTED_ROWS = 50;

const hasOptions = (type: string) => type === 'select' || type === 'multiSelect';

/** Options with ids: kept when given, generated (short, URL-safe) for new ones. */
export function withOptionIds(options: SelectOptionDto[] | undefined): SelectOption[] | undefined {
  if (!options) return undefined;
  const seen = new Set<string>();
  return options.map((o) => {
    let id = o.id ?? randomBytes(6).toString('base64url');
    while (seen.has(id)) id = randomBytes(6).toString('base64url');
    seen.add(id);
    return { id, label: o.label, ...(o.color ? { color: o.color } : {}), ...(o.probability !== undefined ? { probability: o.probability } : {}) };
  });
}

function columnValues(dto: CreateColumnDto): ColumnValues {
  return {
    name: dto.name,
    type: dto.type,
    width: dto.width,
    // A computed cell is never empty by omission: there is nothing to require.
    required: dto.type === 'formula' ? false : dto.required,
    options: hasOptions(dto.type) ? (withOptionIds(dto.options) ?? []) : null,
  };
}

function invalidFormula(message: string, position?: number): DomainError {
  return new DomainError(ErrorCode.ValidationFailed, `formula: ${message}`, [{ field: 'formula', message, ...(position !== undefined ? { position } : {}) }]);
}

/**
 * A formula checked against the sheet's other columns, in the form it is stored (references by id) with its result
 * type; a 400 with the position of the first problem otherwise.
 */
function formulaValues(formula: string | undefined, columns: Column[], selfId?: string): Pick<ColumnValues, 'formula' | 'resultType'> {
  if (formula === undefined) throw invalidFormula('is required for a formula column');
  const checked = checkColumnFormula(formula, columns, selfId);
  if (!checked.ok) throw invalidFormula(checked.error.message, checked.error.position);
  const byName = new Map(columns.map((c) => [c.name, c.id]));
  return { formula: toStored(formula, (name) => byName.get(name)), resultType: checked.formula.resultType };
}

/** A 409 naming the formulas that read a column about to be deleted or retyped. */
function referencedBy(readers: Column[], doing: string): DomainError {
  const names = readers.map((c) => `"${c.name}"`).join(', ');
  return new DomainError(
    ErrorCode.Conflict,
    `Cannot ${doing} this column: the formula column(s) ${names} use it; change their formulas first`,
    readers.map((c) => ({ field: 'formula', columnId: c.id, name: c.name, message: `the formula of "${c.name}" uses this column` })),
  );
}

function duplicateName(name: string): DomainError {
  return new DomainError(ErrorCode.Conflict, `A column named "${name}" already exists`, [{ field: 'name', message: 'already exists in this spreadsheet' }]);
}

@Injectable()
export class ColumnsService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly columns: ColumnsRepository,
    private readonly rows: RowsRepository,
    private readonly changeLog: ChangeLog,
    private readonly rowIndexes: RowIndexesService,
    private readonly members: MembersRepository,
    private readonly links: ColumnLinks,
  ) {}

  async create(actor: AuthUser, sheetId: string, dto: CreateColumnDto): Promise<Column> {
    await this.access.require(actor, sheetId, 'editor');
    await this.links.checkNewLink(actor, sheetId, dto);
    const column = await this.inChange(sheetId, actor, (tx, change) => this.insert(tx, change, actor, sheetId, dto));
    // The other side of a new link changed that sheet's columns too.
    if (column.link) this.access.changed(column.link.sheetId);
    return column;
  }

  /**
   * Inserts a column inside a running change and records it (used by templates too, with `actor` null: they make
   * every sheet they link themselves); a link column gets its reverse in the other sheet in the same change.
   */
  async insert(tx: EntityManager, change: ChangeRecorder | LinkedRecorder, actor: AuthUser | null, sheetId: string, dto: CreateColumnDto): Promise<Column> {
    await this.ensureRoomFor(tx, sheetId, 1);
    if (dto.formula !== undefined && dto.type !== 'formula') throw invalidFormula('is only for columns of type formula');
    const values = { ...columnValues(dto), ...(await this.links.settingsFor(tx, actor, sheetId, dto)) };
    if (dto.type === 'formula') Object.assign(values, formulaValues(dto.formula, await this.columns.list(sheetId, tx)));
    let column: Column;
    try {
      column = await this.columns.insert(tx, sheetId, values, dto.position);
    } catch (error) {
      if (isDuplicateName(error)) throw duplicateName(dto.name);
      throw error;
    }
    if (column.type === 'link') {
      if (!('alsoIn' in change)) throw new Error('a link column is created in its own sheet’s change');
      column = await this.links.createReverse(tx, change, sheetId, column);
    }
    await change.record([{ columnId: column.id, kind: 'column:create', newValue: column }]);
    return column;
  }

  /** Appends many columns in one statement inside a running change (imports: one per unknown header name). */
  async insertMany(tx: EntityManager, sheetId: string, dtos: CreateColumnDto[]): Promise<Column[]> {
    if (!dtos.length) return [];
    if (dtos.some((d) => SETTINGS_COLUMN_TYPES.includes(d.type))) {
      throw new DomainError(ErrorCode.ValidationFailed, 'An import cannot create formula, link, lookup or rollup columns', [
        { field: 'type', message: 'these columns are created one by one, with their settings' },
      ]);
    }
    await this.ensureRoomFor(tx, sheetId, dtos.length);
    try {
      return await this.columns.insertMany(tx, sheetId, dtos.map(columnValues));
    } catch (error) {
      if (isDuplicateName(error))
        throw new DomainError(ErrorCode.Conflict, 'Two columns would have the same name', [{ field: 'name', message: 'already exists in this spreadsheet' }]);
      throw error;
    }
  }

  /** A sheet has at most MAX_COLUMNS_PER_SHEET columns. */
  private async ensureRoomFor(tx: EntityManager, sheetId: string, adding: number): Promise<void> {
    const existing = await this.columns.count(sheetId, tx);
    if (existing + adding > MAX_COLUMNS_PER_SHEET) {
      throw new DomainError(ErrorCode.ValidationFailed, `A spreadsheet can have at most ${MAX_COLUMNS_PER_SHEET} columns (it has ${existing}; this would add ${adding})`, [
        { field: 'columns', message: `at most ${MAX_COLUMNS_PER_SHEET} columns` },
      ]);
    }
  }

  /**
   * Renames, resizes, hides, moves or retypes a column. Existing values are converted to a new type or checked
   * against new options or `required`; if any cannot be kept, nothing changes and the 409 lists those rows.
   */
  async update(actor: AuthUser, sheetId: string, columnId: string, dto: UpdateColumnDto): Promise<Column> {
    await this.access.require(actor, sheetId, 'editor');
    const { column, columns } = await this.inChange(sheetId, actor, (tx, change) => this.updateIn(tx, change, sheetId, columnId, dto));
    this.formulasChanged(sheetId, columns);
    return column;
  }

  /** Row indexes follow the formulas a column change rewrote; call it once the change committed. */
  formulasChanged(sheetId: string, columns: { before: Column[]; after: Column[] }): void {
    this.rowIndexes.formulasChanged(sheetId, columns.before, columns.after);
  }

  /** `update` inside a running change (undo runs it too); answers the column and the sheet's columns before and after. */
  async updateIn(
    tx: EntityManager,
    change: ChangeRecorder,
    sheetId: string,
    columnId: string,
    dto: UpdateColumnDto,
  ): Promise<{ column: Column; columns: { before: Column[]; after: Column[] } }> {
    const all = await this.columns.list(sheetId, tx);
    const before = all.find((c) => c.id === columnId);
    if (!before) throw DomainError.notFound('Column');
    const type = dto.type ?? before.type;
    const formula = this.formulaChange(all, before, dto);
    // A computed cell is never empty by omission: there is nothing to require.
    const required = type === 'formula' ? undefined : dto.required;
    const options = hasOptions(type) ? (withOptionIds(dto.options) ?? before.options ?? []) : null;
    const after: ColumnRules = { type, required: required ?? before.required, options: options ?? undefined };
    if (dto.type !== undefined && dto.type !== before.type) {
      await this.links.refuseIfRead(tx, before, 'retype');
      await this.rowIndexes.dropForColumn(tx, sheetId, columnId);
    }
    if (dto.type !== undefined || dto.options !== undefined || (after.required && !before.required)) {
      await this.reconcileValues(tx, sheetId, before, after);
    }
    let column: Column;
    try {
      column = await this.columns.update(tx, before, { name: dto.name, type, width: dto.width, hidden: dto.hidden, required, options, ...formula });
    } catch (error) {
      if (isDuplicateName(error)) throw duplicateName(dto.name ?? before.name);
      throw error;
    }
    if (dto.position !== undefined) {
      await this.columns.move(tx, sheetId, columnId, dto.position);
      column = (await this.columns.list(sheetId, tx)).find((c) => c.id === columnId)!;
    }
    const followers = formula.formula !== undefined ? await this.followFormula(tx, all, column) : [];
    await change.record([{ columnId, kind: 'column:update', oldValue: before, newValue: column }, ...followers]);
    // The sheet's formulas as they read now (renames change their text, not what they compute).
    return { column, columns: { before: all, after: all.some((c) => c.type === 'formula') ? await this.columns.list(sheetId, tx) : [] } };
  }

  async remove(actor: AuthUser, sheetId: string, columnId: string): Promise<void> {
    await this.access.require(actor, sheetId, 'editor');
    const removed = await this.inChange(sheetId, actor, (tx, change) => this.removeIn(tx, change, sheetId, columnId));
    if (removed.link) this.access.changed(removed.link.sheetId);
  }

  /** `remove` inside a running change (undo runs it too). A plain column's cells go to the trash, for undo. */
  async removeIn(tx: EntityManager, change: ChangeRecorder, sheetId: string, columnId: string): Promise<Column> {
    const all = await this.columns.list(sheetId, tx);
    const column = all.find((c) => c.id === columnId);
    if (!column) throw DomainError.notFound('Column');
    const readers = formulasReading(all, columnId);
    if (readers.length) throw referencedBy(readers, 'delete');
    await this.links.refuseIfRead(tx, column, 'delete');
    await this.rowIndexes.dropForColumn(tx, sheetId, columnId);
    await this.rows.dropColumn(tx, sheetId, columnId, !SETTINGS_COLUMN_TYPES.includes(column.type));
    await this.columns.remove(tx, sheetId, columnId);
    // A link goes from both sheets.
    if (column.type === 'link') await this.links.removeReverse(tx, change, column);
    await change.record([{ columnId, kind: 'column:delete', oldValue: column }]);
    return column;
  }

  /**
   * Brings a deleted plain column back inside a running change (undo): its id, settings, place and cells. Formula,
   * link, lookup and rollup columns are not brought back this way (their settings reach into other columns and sheets).
   */
  async restoreIn(tx: EntityManager, change: ChangeRecorder, sheetId: string, column: Column): Promise<Column> {
    if (SETTINGS_COLUMN_TYPES.includes(column.type)) throw new DomainError(ErrorCode.Conflict, `A deleted ${column.type} column cannot be brought back by undo; create it again`);
    await this.ensureRoomFor(tx, sheetId, 1);
    let restored: Column;
    try {
      const { name, type, width, hidden, required, options } = column;
      restored = await this.columns.insert(tx, sheetId, { name, type, width, hidden, required, options: options ?? null }, column.position, column.id);
    } catch (error) {
      if (isDuplicateName(error)) throw duplicateName(column.name);
      throw error;
    }
    await this.rows.restoreColumn(tx, sheetId, column.id);
    await change.record([{ columnId: column.id, kind: 'column:create', newValue: restored }]);
    return restored;
  }

  /**
   * Before a sheet is deleted: the link columns of other sheets that point to it go, with the lookups and rollups
   * that read through them, each sheet's as one change of that sheet.
   */
  async unlinkSheet(actor: AuthUser, sheetId: string): Promise<void> {
    const others = [...new Set((await this.columns.linkingInto(sheetId)).map((c) => c.sheetId))];
    for (const otherId of others) {
      await this.inChange(
        otherId,
        actor,
        async (tx, change) => {
          const all = await this.columns.list(otherId, tx);
          const links = all.filter((c) => c.type === 'link' && c.link?.sheetId === sheetId);
          const readers = all.filter((c) => links.some((l) => (c.lookup ?? c.rollup)?.linkColumnId === l.id));
          for (const column of [...readers, ...links]) {
            await this.rowIndexes.dropForColumn(tx, otherId, column.id);
            await this.rows.dropColumn(tx, otherId, column.id);
            await this.columns.remove(tx, otherId, column.id);
          }
          await change.record([...readers, ...links].map((c) => ({ columnId: c.id, kind: 'column:delete' as const, oldValue: c })));
          // Not a step of the person in that sheet: a sheet being deleted is not undone from another one.
        },
        { step: false },
      );
    }
  }

  /**
   * Saves the new result types of the formulas that read a changed formula (directly or through others); a 409 naming
   * those that would no longer type-check. Answers their column changes, to record with the formula's own.
   */
  private async followFormula(tx: EntityManager, all: Column[], changed: Column): Promise<NewChange[]> {
    const { retyped, broken } = dependentsOf(all, changed);
    if (broken.length) {
      const names = broken.map((b) => `"${b.column.name}"`).join(', ');
      throw new DomainError(
        ErrorCode.Conflict,
        `This formula would break the formula column(s) ${names} that use it; change their formulas first`,
        broken.map((b) => ({ field: 'formula', columnId: b.column.id, name: b.column.name, message: `the formula of "${b.column.name}" would fail: ${b.message}` })),
      );
    }
    const entries: NewChange[] = [];
    for (const follower of retyped) {
      const before = all.find((c) => c.id === follower.id)!;
      const after = await this.columns.update(tx, before, { resultType: follower.resultType });
      entries.push({ columnId: after.id, kind: 'column:update', oldValue: before, newValue: after });
    }
    return entries;
  }

  /**
   * What a change does to a column's formula. Retyping to or from formula is refused (stored values and computed
   * ones do not convert into each other); so is retyping a column a formula reads (the formula's types would break).
   */
  private formulaChange(all: Column[], before: Column, dto: UpdateColumnDto): Pick<ColumnValues, 'formula' | 'resultType'> {
    const retyped = dto.type !== undefined && dto.type !== before.type;
    const special = SETTINGS_COLUMN_TYPES;
    if (retyped && (special.includes(dto.type!) || special.includes(before.type))) {
      const kind = special.includes(before.type) ? before.type : dto.type!;
      throw new DomainError(ErrorCode.ValidationFailed, `A column cannot be retyped to or from ${kind}; create a new column instead`, [
        { field: 'type', message: `cannot change to or from ${kind}` },
      ]);
    }
    if (retyped) {
      const readers = formulasReading(all, before.id);
      if (readers.length) throw referencedBy(readers, 'retype');
    }
    if (dto.formula === undefined) return {};
    if (before.type !== 'formula') throw invalidFormula('is only for columns of type formula');
    return formulaValues(dto.formula, all, before.id);
  }

  private async reconcileValues(tx: EntityManager, sheetId: string, before: Column, after: ColumnRules): Promise<void> {
    const problems: ErrorDetail[] = [];
    const updates: { id: string; value: unknown }[] = [];
    // Text retyped to a person column is read as names or emails of members.
    const people = after.type === 'user' && before.type !== 'user' ? personLookup(await this.members.list(sheetId, tx)) : undefined;
    for (const { id, value } of await this.rows.columnValues(tx, sheetId, before.id)) {
      const converted = convertCell(before, after, value, people);
      if (!converted.ok) problems.push({ field: `rows.${id}`, rowId: id, value, message: converted.message });
      else if (JSON.stringify(converted.value) !== JSON.stringify(value)) updates.push({ id, value: converted.value });
    }
    if (after.required) {
      for (const id of await this.rows.emptyIn(tx, sheetId, before.id, MAX_LISTED_ROWS)) problems.push({ field: `rows.${id}`, rowId: id, message: 'is required' });
    }
    if (problems.length) {
      throw new DomainError(
        ErrorCode.Conflict,
        `${problems.length} row(s) have values that do not fit the new column settings; change or clear them first`,
        problems.slice(0, MAX_LISTED_ROWS),
      );
    }
    await this.rows.setColumnValues(tx, before.id, updates as { id: string; value: never }[]);
  }

  private async inChange<T>(sheetId: string, actor: AuthUser, fn: (tx: EntityManager, change: ChangeRecorder) => Promise<T>, options: { step?: boolean } = {}): Promise<T> {
    const { value } = await this.changeLog.write(sheetId, actor, options, fn);
    this.access.changed(sheetId);
    return value;
  }
}
