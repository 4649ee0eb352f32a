import { Injectable } from '@nestjs/common';
import { ErrorCode, type Column } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import type { ChangeRecorder, NewChange } from '../change-log/change-log.service';
import { LinkCellsRepository } from './link-cells.repository';

/** A row id list as a link cell holds it (anything else reads as no links). */
const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const valueOf = (record: unknown, columnId: string): unknown => (record && typeof record === 'object' ? (record as Record<string, unknown>)[columnId] : undefined);

/** How one change moved a link cell: the rows it now links that it did not, and those it no longer links. */
interface LinkMove {
  rowId: string;
  added: string[];
  removed: string[];
  /** The row was deleted: its links go with it, whoever may edit the other sheet. */
  deleted: boolean;
}

/**
 * Keeps both sides of every link in step. A link cell of a row in one sheet lists rows of the other; the reverse link
 * column there lists this row in each of them. Whenever a change writes, creates or deletes rows with link cells, the
 * other sheet's reverse cells are changed in the same transaction and recorded as that sheet's change (its version,
 * history and event), so both sheets always agree.
 */
@Injectable()
export class LinkCells {
  constructor(
    private readonly access: SheetAccessService,
    private readonly cells: LinkCellsRepository,
  ) {}

  /**
   * Follows `changes` (about to be recorded for a sheet with `columns`) into the sheets their link cells point to.
   * Newly linked rows must exist there (400 otherwise), and linking needs edit access to that sheet (a sheet the actor
   * cannot see is a 400 like a missing row, so it does not leak either).
   */
  async follow(tx: EntityManager, change: ChangeRecorder, actor: AuthUser, columns: readonly Column[], changes: readonly NewChange[]): Promise<void> {
    for (const link of columns.filter((c) => c.type === 'link' && c.link)) {
      const moves = this.moves(link, changes);
      if (!moves.length) continue;
      const { sheetId, reverseColumnId } = link.link!;
      if (moves.some((m) => !m.deleted)) await this.requireAccess(actor, link);
      const added = [...new Set(moves.flatMap((m) => m.added))];
      if (added.length) await this.checkTargets(tx, link, added);
      const targets = [...new Set(moves.flatMap((m) => [...m.added, ...m.removed]))];
      const current = await this.cells.cellsForUpdate(tx, sheetId, reverseColumnId, targets);
      // Insertion-ordered sets: an import may add thousands of rows to one cell.
      const next = new Map([...current].map(([id, list]) => [id, new Set(list)]));
      for (const move of moves) {
        for (const target of move.removed) next.get(target)?.delete(move.rowId);
        for (const target of move.added) next.get(target)?.add(move.rowId);
      }
      const written = [...next].map(([id, set]): [string, string[]] => [id, [...set]]).filter(([id, list]) => JSON.stringify(list) !== JSON.stringify(current.get(id) ?? []));
      if (!written.length) continue;
      await this.cells.write(
        tx,
        sheetId,
        reverseColumnId,
        written.map(([id, value]) => ({ id, value })),
        actor.id,
      );
      const other = await change.alsoIn(sheetId);
      await other.record(
        written.map(([id, list]) => {
          const before = current.get(id) ?? [];
          return { rowId: id, columnId: reverseColumnId, kind: 'cell', oldValue: before.length ? before : null, newValue: list.length ? list : null };
        }),
      );
    }
  }

  /** What `changes` do to the cells of one link column: per row, the rows added and removed. */
  private moves(link: Column, changes: readonly NewChange[]): LinkMove[] {
    const moves: LinkMove[] = [];
    for (const c of changes) {
      if (!c.rowId) continue;
      let before: string[];
      let after: string[];
      if ((c.kind === 'cell' || c.kind === 'restore') && c.columnId === link.id) [before, after] = [ids(c.oldValue), ids(c.newValue)];
      else if (c.kind === 'row:create') [before, after] = [[], ids(valueOf(c.newValue, link.id))];
      else if (c.kind === 'row:delete') [before, after] = [ids(valueOf(c.oldValue, link.id)), []];
      else continue;
      const added = after.filter((id) => !before.includes(id));
      const removed = before.filter((id) => !after.includes(id));
      if (added.length || removed.length) moves.push({ rowId: c.rowId, added, removed, deleted: c.kind === 'row:delete' });
    }
    return moves;
  }

  /** Changing links needs edit access to the other sheet too; one the actor cannot see is refused like a missing row. */
  async requireAccess(actor: AuthUser, link: Column): Promise<void> {
    const field = `values.${link.id}`;
    try {
      await this.access.require(actor, link.link!.sheetId, 'editor');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const message = error.code === ErrorCode.NotFound ? 'links a sheet you cannot see' : 'links a sheet you cannot edit: linking needs edit access to both sheets';
      throw new DomainError(error.code === ErrorCode.NotFound ? ErrorCode.ValidationFailed : ErrorCode.Forbidden, `"${link.name}" ${message}`, [{ field, message }]);
    }
  }

  private async checkTargets(tx: EntityManager, link: Column, added: string[]): Promise<void> {
    const field = `values.${link.id}`;
    const found = await this.cells.existing(tx, link.link!.sheetId, added);
    const missing = added.filter((id) => !found.has(id));
    if (missing.length) {
      const message = `links ${missing.length} row(s) that are not in the linked sheet: ${missing.slice(0, 5).join(', ')}`;
      throw new DomainError(ErrorCode.ValidationFailed, `"${link.name}" ${message}`, [{ field, message }]);
    }
  }
}
