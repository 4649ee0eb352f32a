import { Injectable } from '@nestjs/common';
import {
  COMPUTED_COLUMN_TYPES,
  ErrorCode,
  type Column,
  type CreateRowsDto,
  type Row,
  type RowPage,
  type RowsQuery,
  type UpdateRowDto,
  type UpdateRowsDto,
} from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import type { EntityManager } from 'typeorm';
import { SheetAccessService, type SheetContext } from '../access/sheet-access.service';
import { ChangeLog, type ChangeRecorder, type Committed, type WriteOrigin } from '../change-log/change-log.service';
import type { NewChange } from '../change-log/change-statements';
import { CellValidator, type CheckedValues } from './cell-validator.service';
import { RowIndexesService } from './row-indexes.service';
import { RowCursors } from './row-cursor';
import { RowsRepository } from './rows.repository';
import { filterStrings, ViewSelections } from './rows-query';
import { LinkCells } from '../links/link-cells.service';
import { isLinkedType } from '../cells/linked-columns';

/** History entries for the cells an update really changed. */
function cellChanges(before: Row, after: Row, checked: CheckedValues, kind: 'cell' | 'restore', columns: readonly Column[]): NewChange[] {
  const formulas = columns.filter((c) => c.type === 'formula');
  // Listeners see the row's formulas as they are after the edit (blank as null), so they need not read the row again.
  const computed = formulas.length ? Object.fromEntries(formulas.map((c) => [c.id, after.values[c.id] ?? null])) : undefined;
  return [...Object.keys(checked.set), ...checked.clear]
    .filter((columnId) => JSON.stringify(before.values[columnId] ?? null) !== JSON.stringify(after.values[columnId] ?? null))
    .map((columnId) => ({
      rowId: after.id,
      columnId,
      kind,
      oldValue: before.values[columnId] ?? null,
      newValue: after.values[columnId] ?? null,
      ...(computed ? { computed } : {}),
    }));
}

/** The row's values limited to the cells a write stored (its formula cells are computed on reading). */
function storedValues(values: Row['values'], written: Record<string, unknown>): Row['values'] {
  return Object.fromEntries(Object.entries(values).filter(([id]) => id in written));
}

/** Rows of a sheet. Every write resolves to what it wrote and the sheet version it committed as (for the socket's ack). */
@Injectable()
export class RowsService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly rows: RowsRepository,
    private readonly changeLog: ChangeLog,
    private readonly cells: CellValidator,
    private readonly rowIndexes: RowIndexesService,
    private readonly links: LinkCells,
    private readonly views: ViewSelections,
  ) {}

  async page(actor: AuthUser, sheetId: string, query: RowsQuery): Promise<RowPage> {
    const { columns } = await this.access.requireSheet(actor, sheetId, 'viewer');
    const linked = await this.access.linkedSheets(actor, columns);
    const selection = await this.views.selection(actor, sheetId, columns, query);
    // A view's filter counts as the query's when indexes can serve it (they are asked for again after an eviction).
    const viewFilter = filterStrings(selection.where);
    if (viewFilter) this.rowIndexes.request(sheetId, columns, { sort: selection.sort, filter: [...(selection.filter ?? []), ...viewFilter] }, linked);
    const after = RowCursors.of(query, selection.sort);
    return this.rows.page(sheetId, columns, { ...selection, limit: query.limit!, offset: query.offset!, after, count: query.count !== false }, linked);
  }

  async get(actor: AuthUser, sheetId: string, rowId: string): Promise<Row> {
    const { columns } = await this.access.requireSheet(actor, sheetId, 'viewer');
    const row = await this.rows.get(sheetId, columns, rowId, await this.access.linkedSheets(actor, columns));
    if (!row) throw DomainError.notFound('Row');
    return row;
  }

  /**
   * Rows a write answers, as `actor` reads them. Writes read rows in the stored form (link cells as row ids, no
   * lookups or rollups: what history keeps); a sheet with links reads its answer again once committed.
   */
  private async asRead(actor: AuthUser, sheetId: string, columns: readonly Column[], rows: Row[]): Promise<Row[]> {
    if (!columns.some(isLinkedType) || !rows.length) return rows;
    const ids = rows.map((r) => r.id);
    const again = await this.rows.getMany(sheetId, columns, ids, await this.access.linkedSheets(actor, columns));
    return rows.map((r) => again.get(r.id) ?? r);
  }

  async create(actor: AuthUser, sheetId: string, dto: CreateRowsDto, origin: WriteOrigin = {}): Promise<Committed<Row[]>> {
    const context = await this.access.requireSheet(actor, sheetId, 'editor');
    const values = dto.rows.map((r) => r.values);
    const check = { values, complete: true, fieldPrefix: 'rows.#.values' };
    return this.writeChecked(actor, sheetId, context, check, { rowDelta: values.length, ...origin }, async (tx, change, columns, checked) => {
      const created = await this.rows.insert(
        tx,
        sheetId,
        columns,
        checked.map((c) => c.set),
        actor.id,
        dto.beforeRowId,
      );
      if (!created) throw DomainError.notFound('Row beforeRowId');
      // History keeps what was written: computed cells are not part of a row's stored values.
      const changes: NewChange[] = created.map((row, i) => ({ rowId: row.id, kind: 'row:create', newValue: storedValues(row.values, checked[i].set) }));
      await this.links.follow(tx, change, actor, columns, changes);
      await change.record(changes);
      return created;
    });
  }

  /**
   * The one path of a cell edit: only the named cells change, in SQL, in one transaction with the version bump and
   * the history. A stale `expectedVersion` is a 409 carrying the current row.
   */
  async updateCells(actor: AuthUser, sheetId: string, rowId: string, dto: UpdateRowDto, kind: 'cell' | 'restore' = 'cell', origin: WriteOrigin = {}): Promise<Committed<Row>> {
    const context = await this.access.requireSheet(actor, sheetId, 'editor');
    const committed = await this.writeChecked(actor, sheetId, context, { values: [dto.values], complete: false }, origin, async (tx, change, columns, [checked]) => {
      const { before: current, after: updated } = await this.rows.patchReturningBefore(tx, sheetId, columns, rowId, checked.set, checked.clear, actor.id, dto.expectedVersion);
      if (!current) throw DomainError.notFound('Row');
      if (!updated) {
        throw new DomainError(ErrorCode.Conflict, 'This row was changed by someone else', [{ message: 'current row', field: 'row', row: current }]);
      }
      const changes = cellChanges(current, updated, checked, kind, columns);
      await this.links.follow(tx, change, actor, columns, changes);
      await change.record(changes);
      return [changes.length ? updated : current];
    });
    return { ...committed, value: committed.value[0] };
  }

  /**
   * Cells of many rows in one transaction and one version (a pasted block): every value is checked first, and if any
   * is refused or a row is missing, nothing changes.
   */
  async updateMany(actor: AuthUser, sheetId: string, dto: UpdateRowsDto): Promise<Committed<Row[]>> {
    const context = await this.access.requireSheet(actor, sheetId, 'editor');
    const check = { values: dto.updates.map((u) => u.values), complete: false, fieldPrefix: 'updates.#.values' };
    return this.writeChecked(actor, sheetId, context, check, {}, (tx, change, columns, checked) =>
      this.patchManyIn(tx, change, actor, sheetId, columns, dto.updates, checked, 'cell'),
    );
  }

  /**
   * A write of checked values, answered as `actor` reads the rows it wrote. The values are checked before the
   * transaction (a refusal costs no lock), against columns that may change while the write waits for the sheet's
   * lock. Under the lock, if the columns version moved, they are checked again against the columns as they are now,
   * and those are the columns `fn` writes with: a retype or delete that won the race is never bypassed, and a column
   * brought back by an undo (same id, a new stored key) is written under the key it has now, not the one it had.
   */
  private async writeChecked(
    actor: AuthUser,
    sheetId: string,
    context: SheetContext,
    check: { values: Record<string, unknown>[]; complete: boolean; fieldPrefix?: string },
    options: { rowDelta?: number } & WriteOrigin,
    fn: (tx: EntityManager, change: ChangeRecorder, columns: readonly Column[], checked: CheckedValues[]) => Promise<Row[]>,
  ): Promise<Committed<Row[]>> {
    const early = await this.cells.check(sheetId, context.columns, check.values, check.complete, check.fieldPrefix);
    const committed = await this.changeLog.write(sheetId, actor, options, async (tx, change) => {
      const moved = change.columnsVersion !== context.columnsVersion;
      const columns = moved ? await this.access.columnsNow(tx, sheetId) : context.columns;
      const checked = moved ? await this.cells.check(sheetId, columns, check.values, check.complete, check.fieldPrefix, tx) : early;
      return { columns, rows: await fn(tx, change, columns, checked) };
    });
    return { ...committed, value: await this.asRead(actor, sheetId, committed.value.columns, committed.value.rows) };
  }

  private async patchManyIn(
    tx: EntityManager,
    change: ChangeRecorder,
    actor: AuthUser,
    sheetId: string,
    columns: readonly Column[],
    updates: readonly { rowId: string }[],
    checked: CheckedValues[],
    kind: 'cell' | 'restore',
  ): Promise<Row[]> {
    const updated: Row[] = [];
    const changed: NewChange[] = [];
    for (const [i, { rowId }] of updates.entries()) {
      const { before: current, after: row } = await this.rows.patchReturningBefore(tx, sheetId, columns, rowId, checked[i].set, checked[i].clear, actor.id);
      if (!current || !row) throw new DomainError(ErrorCode.NotFound, 'Row not found', [{ field: `updates.${i}.rowId`, message: 'no such row in this spreadsheet' }]);
      updated.push(row);
      changed.push(...cellChanges(current, row, checked[i], kind, columns));
    }
    await this.links.follow(tx, change, actor, columns, changed);
    await change.record(changed);
    return updated;
  }

  /** Puts cells back inside a running change (undo and redo), checked against the columns as they are now. */
  async restoreCellsIn(tx: EntityManager, change: ChangeRecorder, actor: AuthUser, sheetId: string, updates: { rowId: string; values: Record<string, unknown> }[]): Promise<void> {
    const columns = await this.access.columnsNow(tx, sheetId);
    const checked = await this.cells.check(
      sheetId,
      columns,
      updates.map((u) => u.values),
      false,
      'cells.#.values',
      tx,
    );
    await this.patchManyIn(tx, change, actor, sheetId, columns, updates, checked, 'restore');
  }

  /** Deletes rows inside a running change (undo and redo), recording each as a delete that can be undone. */
  async removeManyIn(tx: EntityManager, change: ChangeRecorder, actor: AuthUser, sheetId: string, rowIds: string[]): Promise<void> {
    if (!rowIds.length) return;
    const removed = await this.rows.removeMany(tx, sheetId, rowIds);
    const changes: NewChange[] = removed.map((r) => ({ rowId: r.id, kind: 'row:delete', oldValue: r.data, position: r.position }));
    await this.links.follow(tx, change, actor, await this.access.columnsNow(tx, sheetId), changes);
    await change.addRows(-removed.length);
    await change.record(changes);
  }

  /**
   * Brings deleted rows back under their ids, where they stood (undo and redo), with the cells whose columns are still
   * there, checked against them; their links are followed again.
   */
  async reinsertIn(
    tx: EntityManager,
    change: ChangeRecorder,
    actor: AuthUser,
    sheetId: string,
    rows: { id: string; values: Record<string, unknown>; position: string | null }[],
  ): Promise<void> {
    if (!rows.length) return;
    const columns = await this.access.columnsNow(tx, sheetId);
    const stored = new Set(columns.filter((c) => !COMPUTED_COLUMN_TYPES.includes(c.type)).map((c) => c.id));
    const values = rows.map((r) => Object.fromEntries(Object.entries(r.values).filter(([id]) => stored.has(id))));
    const checked = await this.cells.check(sheetId, columns, values, false, 'rows.#.values', tx);
    const data = checked.map((c) => c.set);
    await this.rows.reinsert(
      tx,
      sheetId,
      rows.map((r, i) => ({ id: r.id, data: data[i], position: r.position })),
      actor.id,
    );
    const changes: NewChange[] = rows.map((r, i) => ({ rowId: r.id, kind: 'row:create', newValue: data[i] }));
    await this.links.follow(tx, change, actor, columns, changes);
    await change.addRows(rows.length);
    await change.record(changes);
  }

  async remove(actor: AuthUser, sheetId: string, rowId: string, origin: WriteOrigin = {}): Promise<Committed<void>> {
    const context = await this.access.requireSheet(actor, sheetId, 'editor');
    return this.changeLog.write(sheetId, actor, { rowDelta: -1, ...origin }, async (tx, change) => {
      const removed = await this.rows.remove(tx, sheetId, rowId);
      if (!removed) throw DomainError.notFound('Row');
      // Its links go with it: the linked rows of other sheets stop listing it.
      const changes: NewChange[] = [{ rowId, kind: 'row:delete', oldValue: removed.values, position: String(removed.position) }];
      const columns = change.columnsVersion === context.columnsVersion ? context.columns : await this.access.columnsNow(tx, sheetId);
      await this.links.follow(tx, change, actor, columns, changes);
      await change.record(changes);
    });
  }
}
