import { Injectable } from '@nestjs/common';
import { ErrorCode, type Change, type HistoryQuery, type Page, type Row } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { RowsService } from '../rows/rows.service';
import { ChangesRepository } from '../change-log/changes.repository';

@Injectable()
export class HistoryService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly changes: ChangesRepository,
    private readonly rows: RowsService,
  ) {}

  async page(actor: AuthUser, sheetId: string, query: HistoryQuery): Promise<Page<Change>> {
    await this.access.require(actor, sheetId, 'viewer');
    return this.changes.page(sheetId, query.rowId, query.limit!, query.offset!);
  }

  /** Puts back the value a cell had before change `seq`. The restore is itself a new change, so it can be undone too. */
  async restore(actor: AuthUser, sheetId: string, seq: number): Promise<Row> {
    await this.access.require(actor, sheetId, 'editor');
    const change = await this.changes.find(sheetId, seq);
    if (!change) throw DomainError.notFound('Change');
    if ((change.kind !== 'cell' && change.kind !== 'restore') || !change.rowId || !change.columnId) {
      throw new DomainError(ErrorCode.Conflict, 'Only cell changes can be restored');
    }
    return (await this.rows.updateCells(actor, sheetId, change.rowId, { values: { [change.columnId]: change.oldValue } }, 'restore')).value;
  }

  /** The sheet's current version (null when there is no such sheet). The caller has checked access. */
  currentVersion(sheetId: string): Promise<number | null> {
    return this.changes.currentVersion(sheetId);
  }

  /**
   * The changes committed after `sinceVersion`, oldest first, for a client catching up; null when there are more than
   * `limit` (it should reload instead). The caller has checked access.
   */
  since(sheetId: string, sinceVersion: number, limit: number): Promise<Change[] | null> {
    return this.changes.since(sheetId, sinceVersion, limit);
  }
}
