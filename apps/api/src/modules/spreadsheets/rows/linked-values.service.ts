import { Injectable } from '@nestjs/common';
import { ErrorCode, type Column, type RowValue } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { isLinkedType } from '../cells/linked-columns';
import { RowsRepository } from './rows.repository';

/**
 * The link, lookup and rollup cells of rows as one person may read them, for the realtime module to send to whoever
 * has the sheet open after a change moved them (the rows a change moved are found where their values are kept: see
 * StoredLinkedValues).
 */
@Injectable()
export class LinkedValues {
  constructor(
    private readonly access: SheetAccessService,
    private readonly rows: RowsRepository,
  ) {}

  /**
   * The cells of `columnIds` (link, lookup and rollup columns) of `rowIds` as `actor` reads them (blank ones as null,
   * so a client clears them); null when the actor cannot see the sheet (any more).
   */
  async read(actor: AuthUser, sheetId: string, rowIds: string[], columnIds: string[]): Promise<{ rowId: string; values: Record<string, RowValue> }[] | null> {
    let columns: Column[];
    try {
      ({ columns } = await this.access.requireSheet(actor, sheetId, 'viewer'));
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) return null;
      throw error;
    }
    const wanted = new Set(columnIds);
    const linked = columns.filter((c) => isLinkedType(c) && wanted.has(c.id));
    if (!linked.length) return [];
    const rows = await this.rows.getMany(sheetId, columns, rowIds, await this.access.linkedSheets(actor, columns));
    return [...rows.values()].map((row) => ({ rowId: row.id, values: Object.fromEntries(linked.map((c) => [c.id, row.values[c.id] ?? null])) }));
  }
}
