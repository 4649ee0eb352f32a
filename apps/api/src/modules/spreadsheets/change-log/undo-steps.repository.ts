import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { NewChange } from './change-statements';

export type UndoStack = 'undo' | 'redo';

/** One entry of a person's undo or redo stack: the sheet version whose changes undoing (or redoing) it inverts. */
export interface UndoStep {
  seq: number;
  version: number;
}

/**
 * People's undo and redo stacks (see the UndoSteps migration). ChangeLog pushes every ordinary change of a person
 * (change-statements' stepStatement); undo and redo move steps between the stacks inside their own change.
 */
@Injectable()
export class UndoStepsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async top(tx: EntityManager, sheetId: string, userId: string, stack: UndoStack): Promise<UndoStep | null> {
    const rows: { seq: string; version: string }[] = await tx.query(
      `SELECT seq, version FROM undo_steps WHERE sheet_id = $1 AND user_id = $2 AND stack = $3 ORDER BY seq DESC LIMIT 1`,
      [sheetId, userId, stack],
    );
    return rows.length ? { seq: Number(rows[0].seq), version: Number(rows[0].version) } : null;
  }

  /** Takes a step off its stack and puts `version` (the change that inverted it) on the other one. */
  async move(tx: EntityManager, step: UndoStep, sheetId: string, userId: string, to: UndoStack, version: number): Promise<void> {
    await tx.query(`DELETE FROM undo_steps WHERE seq = $1`, [step.seq]);
    await tx.query(`INSERT INTO undo_steps (sheet_id, user_id, stack, version) VALUES ($1, $2, $3, $4)`, [sheetId, userId, to, version]);
  }

  /**
   * Drops a step that has nothing left to invert, or that can never be: on its own (the change that found it out was
   * rolled back, having changed nothing).
   */
  async dropNow(step: UndoStep): Promise<void> {
    await this.dataSource.query(`DELETE FROM undo_steps WHERE seq = $1`, [step.seq]);
  }

  /** What one version of the sheet recorded, in order, with what history keeps for inverting it. */
  async changesOf(tx: EntityManager, sheetId: string, version: number): Promise<NewChange[]> {
    const rows: { row_id: string | null; column_id: string | null; kind: NewChange['kind']; old_value: unknown; new_value: unknown; position: string | null }[] = await tx.query(
      `SELECT row_id, column_id, kind, old_value, new_value, position::text AS position FROM spreadsheet_changes WHERE sheet_id = $1 AND version = $2 ORDER BY seq`,
      [sheetId, version],
    );
    return rows.map((r) => ({
      rowId: r.row_id,
      columnId: r.column_id,
      kind: r.kind,
      oldValue: r.old_value,
      newValue: r.new_value,
      ...(r.position !== null ? { position: r.position } : {}),
    }));
  }
}
