import { Injectable } from '@nestjs/common';
import { ErrorCode, SETTINGS_COLUMN_TYPES, type CellValue, type Column, type ErrorDetail, type UndoResult, type UpdateColumnDto } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { ChangeLog, type ChangeRecorder } from '../change-log/change-log.service';
import type { NewChange } from '../change-log/change-statements';
import { UndoStepsRepository, type UndoStack, type UndoStep } from '../change-log/undo-steps.repository';
import { ColumnsService } from '../columns/columns.service';
import { RowsRepository } from '../rows/rows.repository';
import { RowsService } from '../rows/rows.service';
import { cellsToRestore, changedCell, inverseOrder, sameValue, type ChangeBatch } from './inverse';

/** Steps with nothing left to invert (all already as they were) that one request skips before giving up. */
const MAX_EMPTY_STEPS = 20;
/** Cells or rows a 409 lists at most. */
const MAX_LISTED = 50;

/** A step that can never be undone (its inverse is refused whatever anyone does): it leaves the stack. */
class NeverUndoable extends DomainError {
  constructor(message: string) {
    super(ErrorCode.Conflict, `${message}; that change is taken off your undo list`);
  }
}

const conflict = (what: string, details: ErrorDetail[]) =>
  new DomainError(ErrorCode.Conflict, `${what}: ${details.length} cell(s) were changed by someone else since; nothing was changed`, details.slice(0, MAX_LISTED));

/** The fields of a column that a column change sets, to tell whether someone changed it since (its place apart: others' columns move it). */
const definition = (c: Partial<Column>) => ({
  name: c.name,
  type: c.type,
  width: c.width ?? null,
  hidden: c.hidden ?? false,
  required: c.required ?? false,
  options: c.options ?? null,
  formula: c.formula ?? null,
});

/**
 * Undo and redo of a person's own steps in a sheet. A step is one change they made (one request or socket event);
 * undoing it records its inverse as a new change, in one transaction: if any cell of the step was changed by someone
 * else since, nothing is applied and the 409 names those cells. Redo inverts the undo's change the same way. The
 * stacks live in the database (UndoStepsRepository), so they survive a reload.
 */
@Injectable()
export class UndoService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly changeLog: ChangeLog,
    private readonly steps: UndoStepsRepository,
    private readonly rowsService: RowsService,
    private readonly rows: RowsRepository,
    private readonly columns: ColumnsService,
  ) {}

  undo(actor: AuthUser, sheetId: string): Promise<UndoResult> {
    return this.step(actor, sheetId, 'undo');
  }

  redo(actor: AuthUser, sheetId: string): Promise<UndoResult> {
    return this.step(actor, sheetId, 'redo');
  }

  private async step(actor: AuthUser, sheetId: string, stack: UndoStack): Promise<UndoResult> {
    await this.access.require(actor, sheetId, 'editor');
    for (let skipped = 0; skipped <= MAX_EMPTY_STEPS; skipped++) {
      const taken: { step?: UndoStep } = {};
      let formulas: { before: Column[]; after: Column[] } | undefined;
      let version: number | null;
      try {
        ({ version } = await this.changeLog.write(sheetId, actor, { step: false }, async (tx, change) => {
          const step = await this.steps.top(tx, sheetId, actor.id, stack);
          if (!step)
            throw new DomainError(ErrorCode.Conflict, stack === 'undo' ? 'Nothing to undo: you have made no change in this spreadsheet that is not undone' : 'Nothing to redo');
          taken.step = step;
          const recorded = await this.steps.changesOf(tx, sheetId, step.version);
          const inverting = { sheetId, stack, version: step.version };
          for (const batch of inverseOrder(recorded)) formulas = (await this.invert(tx, change, actor, inverting, batch)) ?? formulas;
          await this.steps.move(tx, step, sheetId, actor.id, stack === 'undo' ? 'redo' : 'undo', change.version);
        }));
      } catch (error) {
        if (error instanceof NeverUndoable && taken.step) await this.steps.dropNow(taken.step);
        throw error;
      }
      if (formulas) this.columns.formulasChanged(sheetId, formulas);
      if (version !== null) {
        this.access.changed(sheetId);
        return { version };
      }
      // The step's inverse changed nothing (every cell already as it was, its rows already gone): it is dropped, and
      // the next one is undone.
      if (taken.step) await this.steps.dropNow(taken.step);
    }
    throw new DomainError(ErrorCode.Conflict, `Nothing to ${stack}: the last ${MAX_EMPTY_STEPS} steps left nothing to change`);
  }

  /** Writes the inverse of one batch of a step's changes; answers the columns before and after when formulas may have moved. */
  private async invert(
    tx: EntityManager,
    change: ChangeRecorder,
    actor: AuthUser,
    { sheetId, stack, version }: { sheetId: string; stack: UndoStack; version: number },
    batch: ChangeBatch,
  ): Promise<{ before: Column[]; after: Column[] } | undefined> {
    switch (batch.kind) {
      case 'cells': {
        const current = await this.rows.storedData(tx, sheetId, [...new Set(batch.changes.map((c) => c.rowId!))]);
        const { updates, conflicts } = cellsToRestore(batch.changes, current, await this.access.columnsNow(tx, sheetId));
        if (conflicts.length) throw conflict(`Cannot ${stack} this step`, conflicts);
        await this.rowsService.restoreCellsIn(tx, change, actor, sheetId, updates);
        return;
      }
      case 'row:create':
        await this.removeRows(tx, change, actor, sheetId, batch.changes);
        return;
      case 'row:delete': {
        const ids = batch.changes.map((c) => c.rowId!);
        const existing = await this.rows.storedData(tx, sheetId, ids);
        if (existing.size)
          throw conflict(
            'Cannot bring the rows back',
            [...existing.keys()].map((id) => ({ field: `rows.${id}`, rowId: id, message: 'a row with this id exists' })),
          );
        const rows = batch.changes.map((c) => ({ id: c.rowId!, values: (c.oldValue ?? {}) as Record<string, unknown>, position: c.position ?? null }));
        await this.rowsService.reinsertIn(tx, change, actor, sheetId, rows);
        return;
      }
      case 'import': {
        const imported = await this.rows.createdIn(tx, sheetId, version);
        const changedByOthers = imported.filter((r) => r.updated_by && r.updated_by !== actor.id);
        if (changedByOthers.length) {
          throw new DomainError(
            ErrorCode.Conflict,
            `Cannot undo the import: ${changedByOthers.length} of its rows were changed by someone else since; nothing was changed`,
            changedByOthers.slice(0, MAX_LISTED).map((r) => ({ field: `rows.${r.id}`, rowId: r.id, message: 'changed by someone else since' })),
          );
        }
        await this.rowsService.removeManyIn(
          tx,
          change,
          actor,
          sheetId,
          imported.map((r) => r.id),
        );
        return;
      }
      case 'column':
        return this.invertColumn(tx, change, sheetId, batch.change);
    }
  }

  /** Deletes rows a step created, unless someone changed them since (then the 409 names their cells). */
  private async removeRows(tx: EntityManager, change: ChangeRecorder, actor: AuthUser, sheetId: string, created: NewChange[]): Promise<void> {
    const ids = created.map((c) => c.rowId!);
    const current = await this.rows.storedData(tx, sheetId, ids);
    const conflicts: ErrorDetail[] = [];
    for (const c of created) {
      const now = current.get(c.rowId!);
      if (!now) continue; // already deleted: nothing to undo for it
      const wrote = (c.newValue ?? {}) as Record<string, CellValue>;
      for (const columnId of new Set([...Object.keys(now), ...Object.keys(wrote)])) {
        if (!sameValue(now[columnId], wrote[columnId])) conflicts.push(changedCell(c.rowId!, columnId));
      }
    }
    if (conflicts.length) throw conflict('Cannot remove the added rows', conflicts);
    await this.rowsService.removeManyIn(
      tx,
      change,
      actor,
      sheetId,
      ids.filter((id) => current.has(id)),
    );
  }

  private async invertColumn(tx: EntityManager, change: ChangeRecorder, sheetId: string, recorded: NewChange): Promise<{ before: Column[]; after: Column[] } | undefined> {
    const columns = await this.access.columnsNow(tx, sheetId);
    const current = columns.find((c) => c.id === recorded.columnId);
    const changedSince = (message: string) =>
      new DomainError(ErrorCode.Conflict, `Cannot undo the column change: ${message}; nothing was changed`, [{ field: `columns.${recorded.columnId}`, message }]);
    if (recorded.kind === 'column:create') {
      if (!current) return; // deleted since: nothing to take back
      const filled = (await this.rows.columnValues(tx, sheetId, current.id)).slice(0, MAX_LISTED);
      if (filled.length)
        throw conflict(
          'Cannot remove the added column',
          filled.map((f) => changedCell(f.id, current.id, 'filled in since')),
        );
      await this.columns.removeIn(tx, change, sheetId, current.id);
      return;
    }
    if (recorded.kind === 'column:delete') {
      if (current) throw changedSince('a column with its id exists');
      const deleted = recorded.oldValue as Column;
      if (SETTINGS_COLUMN_TYPES.includes(deleted.type)) throw new NeverUndoable(`A deleted ${deleted.type} column cannot be brought back by undo; create it again`);
      await this.columns.restoreIn(tx, change, sheetId, recorded.oldValue as Column);
      return;
    }
    // column:update: back to what it was, unless someone changed it since.
    if (!current) throw changedSince('the column was deleted since');
    const before = recorded.oldValue as Column;
    const after = recorded.newValue as Column;
    // Its place counts only when the step moved it (others' columns added or deleted before it move it too).
    const moved = before.position !== after.position;
    if (!sameValue(definition(current), definition(after)) || (moved && current.position !== after.position)) throw changedSince('someone changed the column since');
    const dto: UpdateColumnDto = {
      name: before.name,
      type: before.type,
      width: before.width,
      hidden: before.hidden,
      required: before.required,
      ...(before.options ? { options: before.options } : {}),
      ...(before.type === 'formula' && before.formula !== undefined ? { formula: before.formula } : {}),
      ...(moved ? { position: before.position } : {}),
    };
    return (await this.columns.updateIn(tx, change, sheetId, current.id, dto)).columns;
  }
}
