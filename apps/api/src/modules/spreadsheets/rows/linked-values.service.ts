import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type Column, type RowValue, type SheetChange } from '@contrivance/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { isLinkedType } from '../cells/linked-columns';
import { RowsRepository } from './rows.repository';

/** Rows of a sheet whose link, lookup or rollup cells a change elsewhere (or in it) may have changed. */
export interface StaleRows {
  sheetId: string;
  rowIds: string[];
}

/** Rows followed into linked sheets at most, per change (a bigger change: clients reload rows anyway). */
const MAX_FOLLOWED = 1000;

const readsThrough = (columns: readonly Column[], linkColumnId: string) => columns.some((c) => (c.lookup ?? c.rollup)?.linkColumnId === linkColumnId);

/**
 * Lookups and rollups are computed from other rows, so a change to a row can change what other rows read: the
 * rows of the other sheet linked to it (their lookups and rollups over it), and its own (when its links changed).
 * This finds those rows after a commit, and reads their linked cells as one person may see them, for the realtime
 * module to send to whoever has the sheet open.
 */
@Injectable()
export class LinkedValues {
  constructor(
    private readonly access: SheetAccessService,
    private readonly rows: RowsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The rows whose lookups or rollups `changes` (committed in `sheetId`) may have changed, per sheet. */
  async affected(sheetId: string, changes: readonly SheetChange[]): Promise<StaleRows[]> {
    const columns = await this.access.columnsOf(sheetId);
    const links = (columns ?? []).filter((c) => c.type === 'link' && c.link);
    if (!columns || !links.length) return [];
    const rowIds = [...new Set(changes.flatMap((c) => (c.rowId && c.kind !== 'row:delete' ? [c.rowId] : [])))].slice(0, MAX_FOLLOWED);
    if (!rowIds.length) return [];
    const stale: StaleRows[] = [];
    // Its own rows whose links changed (or that were created with links) read other lookups and rollups now.
    const linkIds = new Set(links.map((l) => l.id));
    const relinked = changes.filter((c) => c.rowId && (c.kind === 'row:create' || ((c.kind === 'cell' || c.kind === 'restore') && linkIds.has(c.columnId ?? ''))));
    if (relinked.length && columns.some((c) => (c.type === 'lookup' || c.type === 'rollup') && linkIds.has((c.lookup ?? c.rollup)!.linkColumnId))) {
      stale.push({ sheetId, rowIds: [...new Set(relinked.map((c) => c.rowId!))] });
    }
    // The rows they link to in other sheets, where lookups or rollups read them through the reverse link.
    for (const link of links) {
      const other = await this.access.columnsOf(link.link!.sheetId);
      if (!other || !readsThrough(other, link.link!.reverseColumnId)) continue;
      const targets: { id: string }[] = await this.dataSource.query(
        `SELECT DISTINCT e.id FROM spreadsheet_rows r CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.data->$3) = 'array' THEN r.data->$3 END) AS e(id)
         WHERE r.sheet_id = $1 AND r.id = ANY($2::uuid[])`,
        [sheetId, rowIds, link.id],
      );
      if (targets.length) stale.push({ sheetId: link.link!.sheetId, rowIds: targets.map((t) => t.id).slice(0, MAX_FOLLOWED) });
    }
    return stale;
  }

  /**
   * The link, lookup and rollup cells of `rowIds` as `actor` reads them (blank ones as null, so a client clears
   * them); null when the actor cannot see the sheet (any more).
   */
  async read(actor: AuthUser, sheetId: string, rowIds: string[]): Promise<{ rowId: string; values: Record<string, RowValue> }[] | null> {
    let columns: Column[];
    try {
      ({ columns } = await this.access.requireSheet(actor, sheetId, 'viewer'));
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) return null;
      throw error;
    }
    const linked = columns.filter(isLinkedType);
    if (!linked.length) return [];
    const rows = await this.rows.getMany(sheetId, columns, rowIds, await this.access.linkedSheets(actor, columns));
    return [...rows.values()].map((row) => ({ rowId: row.id, values: Object.fromEntries(linked.map((c) => [c.id, row.values[c.id] ?? null])) }));
  }
}
