import { Injectable } from '@nestjs/common';
import { ErrorCode, rollupResultType, type Column, type CreateColumnDto } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import type { ChangeRecorder } from '../change-log/change-log.service';
import { isLinkedType } from '../cells/linked-columns';
import { RowIndexesService } from '../rows/row-indexes.service';
import { RowsRepository } from '../rows/rows.repository';
import { ColumnsRepository, type ColumnValues } from './columns.repository';

const invalid = (field: string, message: string) => new DomainError(ErrorCode.ValidationFailed, `${field}: ${message}`, [{ field, message }]);

/**
 * Link, lookup and rollup columns: their settings checked on creation, the reverse side of a new link created in the
 * other sheet, and a link removed from both sheets at once. Both sheets change in one transaction (ChangeRecorder.alsoIn).
 */
@Injectable()
export class ColumnLinks {
  constructor(
    private readonly access: SheetAccessService,
    private readonly columns: ColumnsRepository,
    private readonly rows: RowsRepository,
    private readonly rowIndexes: RowIndexesService,
  ) {}

  /** Before a link column is created: the other sheet must be another one the actor may edit (linking needs both). */
  async checkNewLink(actor: AuthUser, sheetId: string, dto: CreateColumnDto): Promise<void> {
    if (dto.type !== 'link' || !dto.link) return;
    if (dto.link.sheetId === sheetId) throw invalid('link.sheetId', 'must be another spreadsheet (links within one sheet are not supported)');
    try {
      await this.access.require(actor, dto.link.sheetId, 'editor');
    } catch (error) {
      // A sheet the actor cannot see is refused like a missing one; one they only view, with what is missing.
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) throw invalid('link.sheetId', 'no such spreadsheet');
      if (error instanceof DomainError && error.code === ErrorCode.Forbidden) {
        throw new DomainError(ErrorCode.Forbidden, 'Linking needs edit access to both spreadsheets', [{ field: 'link.sheetId', message: 'you cannot edit this spreadsheet' }]);
      }
      throw error;
    }
  }

  /**
   * The settings (and a rollup's result type) a new column of a linked type stores; a 400 naming the setting that is
   * missing, misplaced or wrong. `actor` must see the sheet a lookup or rollup reads (null: the caller made both
   * sheets itself, in this transaction).
   */
  async settingsFor(tx: EntityManager, actor: AuthUser | null, sheetId: string, dto: CreateColumnDto): Promise<Pick<ColumnValues, 'settings' | 'resultType'>> {
    for (const kind of ['link', 'lookup', 'rollup'] as const) {
      if (dto[kind] !== undefined && dto.type !== kind) throw invalid(kind, `is only for columns of type ${kind}`);
      if (dto[kind] === undefined && dto.type === kind) throw invalid(kind, `is required for a ${kind} column`);
    }
    if (dto.type === 'link') return { settings: { link: { sheetId: dto.link!.sheetId, reverseColumnId: dto.link!.sheetId } } };
    const settings = dto.lookup ?? dto.rollup;
    if (!settings) return {};
    const field = dto.type;
    const link = (await this.columns.list(sheetId, tx)).find((c) => c.id === settings.linkColumnId);
    if (link?.type !== 'link' || !link.link) throw invalid(`${field}.linkColumnId`, 'must be a link column of this spreadsheet');
    // Read in the transaction (a template makes both sheets in it); without an actor the caller vouches for access.
    if (actor && !(await this.access.linkedSheets(actor, [link])).get(link.link.sheetId)) throw invalid(`${field}.linkColumnId`, 'links a spreadsheet you cannot see');
    const other = await this.columns.list(link.link.sheetId, tx);
    const source = other.find((c) => c.id === settings.columnId);
    if (!source) throw invalid(`${field}.columnId`, 'must be a column of the linked spreadsheet');
    if (isLinkedType(source)) throw invalid(`${field}.columnId`, `cannot read "${source.name}": lookups and rollups of link, lookup or rollup columns are not supported`);
    if (!dto.rollup) return { settings: { lookup: { linkColumnId: link.id, columnId: source.id } } };
    const result = rollupResultType(dto.rollup.fn, source);
    if (!result.ok) throw invalid('rollup.fn', result.message);
    return { settings: { rollup: { linkColumnId: link.id, columnId: source.id, fn: dto.rollup.fn } }, resultType: result.type };
  }

  /**
   * After a link column is inserted: creates its reverse in the other sheet (named after this sheet), points each at
   * the other, and records the reverse as that sheet's change. Answers the link column as it now is.
   */
  async createReverse(tx: EntityManager, change: ChangeRecorder, sheetId: string, link: Column): Promise<Column> {
    const otherId = link.link!.sheetId;
    const name = await this.columns.freeName(tx, otherId, await this.columns.sheetName(tx, sheetId));
    const values: ColumnValues = { name, type: 'link', required: false, options: null, settings: { link: { sheetId, reverseColumnId: link.id } } };
    const reverse = await this.columns.insert(tx, otherId, values);
    const column = await this.columns.setSettings(tx, link.id, { link: { sheetId: otherId, reverseColumnId: reverse.id } });
    await (await change.alsoIn(otherId)).record([{ columnId: reverse.id, kind: 'column:create', newValue: reverse }]);
    return column;
  }

  /**
   * A 409 when lookups or rollups (in any sheet) read `column`, directly or as their link: they would lose what they
   * read. `doing` says what was refused ("delete", "retype").
   */
  async refuseIfRead(tx: EntityManager, column: Column, doing: string): Promise<void> {
    const ids = [column.id, ...(column.type === 'link' && column.link ? [column.link.reverseColumnId] : [])];
    const readers = (await Promise.all(ids.map((id) => this.columns.computedReading(tx, id)))).flat();
    if (!readers.length) return;
    const names = readers.map((c) => `"${c.sheetName} › ${c.name}"`).join(', ');
    throw new DomainError(
      ErrorCode.Conflict,
      `Cannot ${doing} this column: the lookup or rollup column(s) ${names} use it; delete those first`,
      readers.map((c) => ({ field: c.type, columnId: c.id, sheetId: c.sheetId, name: c.name, message: `"${c.name}" in "${c.sheetName}" uses this column` })),
    );
  }

  /** Deletes the other side of a link column being deleted (its cells and indexes with it), as that sheet's change. */
  async removeReverse(tx: EntityManager, change: ChangeRecorder, link: Column): Promise<void> {
    if (!link.link) return;
    const { sheetId, reverseColumnId } = link.link;
    const reverse = (await this.columns.list(sheetId, tx)).find((c) => c.id === reverseColumnId);
    if (!reverse) return;
    await this.rowIndexes.dropForColumn(tx, sheetId, reverse.id);
    await this.rows.dropColumn(tx, sheetId, reverse.id);
    await this.columns.remove(tx, sheetId, reverse.id);
    await (await change.alsoIn(sheetId)).record([{ columnId: reverse.id, kind: 'column:delete', oldValue: reverse }]);
  }
}
