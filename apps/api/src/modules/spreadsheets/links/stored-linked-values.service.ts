import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Column } from '@contrivance/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { SheetAccessService } from '../access/sheet-access.service';
import { DerivedValues, type NewChange, type StaleRows } from '../change-log/change-log.service';
import { columnInputs } from '../cells/formula-columns';
import type { SqlBinder } from '../cells/column-types';
import { storedLinkedColumns, storedLinkedJson, type LinkedSheets } from '../cells/linked-columns';
import { StoredLinkedValuesRepository, type StaleLinkedRows } from './stored-linked-values.repository';

const isColumnChange = (change: NewChange) => change.kind.startsWith('column:');
/** Rows told to listeners per sheet and change, at most (more: a column change or an import, which reload anyway). */
const MAX_TOLD = 1000;
const readsThrough = (column: Column) => column.lookup ?? column.rollup;

/**
 * Lookups, rollups and the labels of link cells are kept in their rows (`spreadsheet_rows.linked`), so a sheet reads,
 * sorts and filters them like stored cells, with the same per-view indexes, however many rows they read. This keeps
 * them current: in the transaction of every change, after its writes, it works out which rows' values the change can
 * have moved and computes those again from the linked rows —
 * - in a sheet with links: its rows whose links changed or that were created (an import: its rows never computed),
 *   and every row when one of its link, lookup or rollup columns was created or changed;
 * - in the sheets that read a changed sheet through a link: the rows linked to the rows where a field they read
 *   changed (a lookup's or rollup's field, the first column as links' label, or a column either is computed from),
 *   and every row when such a column itself changed or another column became the first.
 * Links are changed on both sides in one transaction (LinkCells), so a deleted or relinked row shows up as a change
 * of the other side's link cells. Values that change without any change of a sheet (the clock, people's names) are
 * not kept but computed when read (isStoredSource).
 */
@Injectable()
export class StoredLinkedValues extends DerivedValues implements OnApplicationBootstrap {
  private readonly logger = new Logger('StoredLinkedValues');

  constructor(
    private readonly access: SheetAccessService,
    private readonly values: StoredLinkedValuesRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  /** Computes the values of rows never computed, in the background (rows that existed before values were kept). */
  onApplicationBootstrap(): void {
    void this.backfill().catch((error: Error) => this.logger.warn(`could not compute the kept lookups and rollups: ${error.message}`));
  }

  async backfill(): Promise<void> {
    for (const sheetId of await this.values.backfillSheets(this.dataSource.manager)) {
      await this.dataSource.transaction(async (tx) => {
        await this.follow(tx, new Map([[sheetId, [{ kind: 'import' }]]]));
        await this.values.backfilled(tx, sheetId);
      });
    }
  }

  async follow(tx: EntityManager, changes: ReadonlyMap<string, readonly NewChange[]>): Promise<StaleRows[]> {
    const known = new Map<string, Promise<Column[]>>();
    // A sheet whose columns this change altered is read inside it; the others from the cache.
    const columnsOf = (sheetId: string) => {
      let columns = known.get(sheetId);
      if (!columns) {
        const fresh = changes.get(sheetId)?.some(isColumnChange);
        columns = fresh ? this.access.columnsNow(tx, sheetId) : this.access.columnsOf(sheetId).then((c) => c ?? []);
        known.set(sheetId, columns);
      }
      return columns;
    };
    const stale = new Map<string, StaleLinkedRows>();
    const staleIn = (sheetId: string) => {
      let rows = stale.get(sheetId);
      if (!rows) stale.set(sheetId, (rows = { all: false, unset: false, rowIds: new Set(), via: [], columns: new Set() }));
      return rows;
    };
    for (const [sheetId, list] of changes) {
      const columns = await columnsOf(sheetId);
      const links = columns.filter((c) => c.type === 'link' && c.link);
      if (!links.length) continue;
      this.ownRows(columns, list, () => staleIn(sheetId));
      // The first column is what links into this sheet show; a column change may have put another one first.
      const firstMoved = list.some(isColumnChange) && (await this.access.columnsOf(sheetId))?.[0]?.id !== columns[0]?.id;
      for (const link of links) {
        const { sheetId: otherId, reverseColumnId } = link.link!;
        const other = await columnsOf(otherId);
        const readers = other.filter((c) => readsThrough(c)?.linkColumnId === reverseColumnId);
        const reverse = other.find((c) => c.id === reverseColumnId && c.type === 'link');
        if (!readers.length && !reverse) continue;
        if (reverse && firstMoved) {
          staleIn(otherId).all = true;
          staleIn(otherId).columns.add(reverse.id);
        }
        // Each reader (and the reverse link, which shows this sheet's first column) with the columns its value is made from.
        const fields = [...readers.map((r) => ({ column: r, field: readsThrough(r)!.columnId })), ...(reverse && columns[0] ? [{ column: reverse, field: columns[0].id }] : [])];
        const inputs = fields.map(({ column, field }) => ({ column, inputs: columnInputs(columns, field) }));
        const rowIds = new Set<string>();
        for (const change of list) {
          const moved = inputs.filter((i) => change.columnId && i.inputs.has(change.columnId));
          if (!moved.length) continue;
          for (const { column } of moved) staleIn(otherId).columns.add(column.id);
          if (isColumnChange(change)) staleIn(otherId).all = true;
          else if (change.rowId && (change.kind === 'cell' || change.kind === 'restore')) rowIds.add(change.rowId);
        }
        if (rowIds.size) staleIn(otherId).via.push({ sheetId, linkId: link.id, rowIds });
      }
    }
    const told: StaleRows[] = [];
    for (const [sheetId, rows] of stale) {
      const columns = await columnsOf(sheetId);
      const linkedIds = [...new Set(columns.flatMap((c) => (c.type === 'link' && c.link ? [c.link.sheetId] : [])))];
      const linked: LinkedSheets = new Map(await Promise.all(linkedIds.map(async (id) => [id, await columnsOf(id)] as const)));
      const kept = storedLinkedColumns(columns, linked);
      // Without lookups or rollups (a rollup of no rows is 0, not blank), a row never computed that links nothing reads right as it is.
      if (!kept.some(readsThrough)) rows.unsetWith = kept.map((c) => c.id);
      // Rows reached only through other rows' fields, or through a column change, get just the values that moved (a
      // deal's new Value sums its company's rollups again, not the labels of its hundred deals; a new rollup is
      // computed alone); a row never computed gets them all.
      const moved = kept.filter((c) => rows.columns.has(c.id));
      const partial = !rows.unset && !rows.rowIds.size && moved.length < kept.length;
      const everything = (bind: SqlBinder) => storedLinkedJson(kept, columns, linked, bind);
      const some = (bind: SqlBinder) =>
        `CASE WHEN r.linked IS NULL THEN ${everything(bind)} ELSE (r.linked - ${bind.add(moved.map((c) => c.id))}::text[]) || ${storedLinkedJson(moved, columns, linked, bind)} END`;
      const value = !kept.length ? null : partial ? some : everything;
      const rowIds = await this.values.refresh(tx, sheetId, value, rows, MAX_TOLD);
      if (rowIds.length && rows.columns.size) told.push({ sheetId, rowIds, columnIds: [...rows.columns] });
    }
    return told;
  }

  /** A sheet's own rows whose links, lookups and rollups `list` (its changes) moved. */
  private ownRows(columns: readonly Column[], list: readonly NewChange[], staleIn: () => StaleLinkedRows): void {
    const derived = new Set(columns.filter((c) => c.type === 'link' || readsThrough(c)).map((c) => c.id));
    const stale = () => {
      const rows = staleIn();
      for (const id of derived) rows.columns.add(id);
      return rows;
    };
    for (const change of list) {
      if (isColumnChange(change)) {
        // A new or changed link, lookup or rollup: that column, in every row.
        if (change.columnId && derived.has(change.columnId)) {
          const rows = staleIn();
          rows.all = true;
          rows.columns.add(change.columnId);
        }
      } else if (change.kind === 'import') stale().unset = true;
      else if (change.rowId && (change.kind === 'row:create' || ((change.kind === 'cell' || change.kind === 'restore') && derived.has(change.columnId ?? ''))))
        stale().rowIds.add(change.rowId);
    }
  }
}
