import { Injectable } from '@nestjs/common';
import { ErrorCode, type Column, type SheetRole } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { DatabaseNotifications } from '../../../database/database-notifications';
import { NotifiedCache } from '../../../database/notified-cache';
import { toColumns, type ColumnRecord } from '../spreadsheets.mapper';
import type { LinkedSheets } from '../cells/linked-columns';
import { SheetContextRepository } from './sheet-context.repository';
import { roleAllows } from './sheet-roles';

const frozenColumns = (records: ColumnRecord[]): Column[] => Object.freeze(toColumns(records).map(frozenColumn)) as Column[];

const frozenColumn = (column: Column): Column => {
  if (column.options) for (const option of column.options) Object.freeze(option);
  Object.freeze(column.options);
  return Object.freeze(column);
};

/** The caller's role on a sheet and the sheet's columns, as of `columnsVersion`. */
export interface SheetContext {
  role: SheetRole;
  columns: Column[];
  columnsVersion: number;
}

/**
 * Who may do what on a spreadsheet. A sheet the caller cannot see answers 404 exactly like a missing one, so its
 * existence never leaks; a visible sheet with too little role answers 403. Admins act as owners everywhere.
 *
 * What a check reads (the caller's membership, the sheet's columns) is cached per sheet and caller, and dropped
 * whenever the sheet's members or columns change (the `sheet_changed` notification, or `changed()` right after this
 * instance's own commit).
 */
@Injectable()
export class SheetAccessService {
  private readonly contexts: NotifiedCache<{ role: SheetRole | null; columns: Column[]; columnsVersion: number }>;

  constructor(
    private readonly sheets: SheetContextRepository,
    notifications: DatabaseNotifications,
  ) {
    this.contexts = new NotifiedCache(notifications, 'sheet_changed', { max: 20_000, ttlMs: 30_000 });
  }

  /** The caller's role, once checked to be at least `needed`. */
  async require(actor: AuthUser, sheetId: string, needed: SheetRole): Promise<SheetRole> {
    return (await this.requireSheet(actor, sheetId, needed)).role;
  }

  /**
   * Like `require`, also answering the sheet's columns and the columns version they were read at (read together, in
   * one query). Writers compare that version with the one under the sheet's lock (ChangeRecorder.columnsVersion).
   */
  async requireSheet(actor: AuthUser, sheetId: string, needed: SheetRole): Promise<SheetContext> {
    const context = await this.contexts.read(sheetId, actor.id, async () => {
      const found = await this.sheets.context(sheetId, actor.id);
      // Frozen: one cached context is shared by concurrent requests.
      return found && Object.freeze({ role: found.role, columns: frozenColumns(found.columns), columnsVersion: Number(found.columns_version) });
    });
    const role = this.check(actor, context, needed);
    return { role, columns: context!.columns, columnsVersion: context!.columnsVersion };
  }

  /**
   * A sheet's columns whoever asks (for work on behalf of the sheet, not of a caller: following a committed change
   * into the sheets linked to it); null when the sheet is gone. Cached like a caller's context.
   */
  async columnsOf(sheetId: string): Promise<Column[] | null> {
    const nobody = '00000000-0000-0000-0000-000000000000';
    const context = await this.contexts.read(sheetId, nobody, async () => {
      const found = await this.sheets.context(sheetId, nobody);
      return found && Object.freeze({ role: null, columns: frozenColumns(found.columns), columnsVersion: Number(found.columns_version) });
    });
    return context?.columns ?? null;
  }

  /**
   * What `actor` may see of the sheets that `columns` link to: each one's columns, or null for a sheet they cannot see
   * (its link cells then read as a count, its lookups and rollups as blank: the 404 rule holds through links).
   */
  async linkedSheets(actor: AuthUser, columns: readonly Column[]): Promise<LinkedSheets> {
    const ids = [...new Set(columns.flatMap((c) => (c.type === 'link' && c.link ? [c.link.sheetId] : [])))];
    const entries = await Promise.all(
      ids.map(async (id): Promise<[string, readonly Column[] | null]> => {
        try {
          return [id, (await this.requireSheet(actor, id, 'viewer')).columns];
        } catch (error) {
          if (error instanceof DomainError && error.code === ErrorCode.NotFound) return [id, null];
          throw error;
        }
      }),
    );
    return new Map(entries);
  }

  /**
   * The sheet's columns read afresh inside a change's transaction, for writers whose cached columns went stale while
   * they waited for the sheet's lock.
   */
  columnsNow(tx: EntityManager, sheetId: string): Promise<Column[]> {
    return this.sheets.columns(tx, sheetId);
  }

  /** Writers of a sheet's members or columns call this after their commit. */
  changed(sheetId: string): void {
    this.contexts.forget(sheetId);
  }

  private check(actor: AuthUser, membership: { role: SheetRole | null } | null, needed: SheetRole): SheetRole {
    const role = membership && (actor.role === 'admin' ? 'owner' : membership.role);
    if (!role) throw DomainError.notFound('Spreadsheet');
    if (!roleAllows(role, needed)) {
      throw new DomainError(ErrorCode.Forbidden, needed === 'owner' ? 'Only owners can do this' : 'Viewers cannot change this spreadsheet');
    }
    return role;
  }
}
