import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  summaryFunctionsFor,
  type Column,
  type CreateViewDto,
  type PaginationQuery,
  type Page,
  type RowsViewQuery,
  type UpdateViewDto,
  type View,
  type ViewFilterCondition,
  type ViewFilterGroup,
  type ViewSettings,
  type ViewSettingsDto,
  type ViewType,
} from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SqlParams } from '../../../database/sql-params';
import { SheetAccessService } from '../access/sheet-access.service';
import { ChangeLog } from '../change-log/change-log.service';
import { RowIndexesService } from '../rows/row-indexes.service';
import { buildRowsSql, filterStrings, ViewSelections, type RowsSelection } from '../rows/rows-query';
import { ViewsRepository } from './views.repository';

const SETTINGS = ['filter', 'sorts', 'hiddenColumns', 'columnOrder', 'widths', 'frozenColumns', 'groupBy', 'rowHeight', 'summaries', 'board'] as const;

function refuse(message: string, field: string): never {
  throw new DomainError(ErrorCode.ValidationFailed, message, [{ field, message }]);
}

const isGroup = (c: ViewFilterCondition | ViewFilterGroup): c is ViewFilterGroup => 'conditions' in c;

/**
 * The filter without the conditions that no longer fit the sheet (their column deleted or retyped, an option they
 * name deleted): such a condition is left out of an AND group (which then lets more rows through, never fewer), and
 * an OR group that loses one is left out whole (dropping one alternative would hide rows it let through). Empty
 * groups go too.
 */
function prune(group: ViewFilterGroup, fits: (c: ViewFilterCondition) => boolean): ViewFilterGroup | undefined {
  let lost = false;
  const conditions = group.conditions.flatMap((c): (ViewFilterCondition | ViewFilterGroup)[] => {
    const kept = isGroup(c) ? prune(c, fits) : fits(c) ? c : undefined;
    if (!kept) lost = true;
    return kept ? [kept] : [];
  });
  if (lost && group.op === 'or') return undefined;
  return conditions.length ? { op: group.op, conditions } : undefined;
}

/** Column ids as the sheet has them (lower case), wherever settings name them. */
function lowerIds(settings: ViewSettings): ViewSettings {
  const lower = (group: ViewFilterGroup): ViewFilterGroup => ({
    op: group.op,
    conditions: group.conditions.map((c) => (isGroup(c) ? lower(c) : { ...c, columnId: c.columnId.toLowerCase() })),
  });
  const ids = (list?: string[]) => list?.map((id) => id.toLowerCase());
  return {
    ...settings,
    ...(settings.filter ? { filter: lower(settings.filter) } : {}),
    ...(settings.sorts ? { sorts: settings.sorts.map((s) => ({ ...s, columnId: s.columnId.toLowerCase() })) } : {}),
    ...(settings.hiddenColumns ? { hiddenColumns: ids(settings.hiddenColumns) } : {}),
    ...(settings.columnOrder ? { columnOrder: ids(settings.columnOrder) } : {}),
    ...(settings.groupBy ? { groupBy: ids(settings.groupBy) } : {}),
    ...(settings.widths ? { widths: Object.fromEntries(Object.entries(settings.widths).map(([id, w]) => [id.toLowerCase(), w])) } : {}),
    ...(settings.summaries ? { summaries: Object.fromEntries(Object.entries(settings.summaries).map(([id, fn]) => [id.toLowerCase(), fn])) } : {}),
    ...(settings.board ? { board: { stageColumnId: settings.board.stageColumnId.toLowerCase(), cardColumnIds: ids(settings.board.cardColumnIds)! } } : {}),
  };
}

/** A condition the rows API would still take on the sheet as it is now. */
function fitsSheet(columns: readonly Column[]): (c: ViewFilterCondition) => boolean {
  return (c) => {
    try {
      buildRowsSql([...columns], [], [], new SqlParams(['']), undefined, { op: 'and', conditions: [c] });
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  };
}

/** A view's stored settings without what names columns deleted since (so a change of the view can be saved again). */
function withoutMissing(settings: ViewSettings, columns: readonly Column[]): ViewSettings {
  const exists = (id: string) => columns.some((c) => c.id === id);
  const next: ViewSettings = { ...settings };
  if (next.filter) next.filter = prune(next.filter, fitsSheet(columns));
  if (!next.filter) delete next.filter;
  if (next.sorts) next.sorts = next.sorts.filter((s) => exists(s.columnId));
  for (const key of ['hiddenColumns', 'columnOrder', 'groupBy'] as const) if (next[key]) next[key] = next[key].filter(exists);
  if (next.widths) next.widths = Object.fromEntries(Object.entries(next.widths).filter(([id]) => exists(id)));
  if (next.summaries) next.summaries = Object.fromEntries(Object.entries(next.summaries).filter(([id]) => exists(id)));
  if (next.board && !exists(next.board.stageColumnId)) delete next.board;
  else if (next.board) next.board = { ...next.board, cardColumnIds: next.board.cardColumnIds.filter(exists) };
  return next;
}

/**
 * Saved views of a sheet. Shared views are seen by everyone with access and changed by editors and owners; their
 * changes are changes of the sheet (versioned, in history, sent to joined sockets as `view:update` / `view:delete`).
 * Personal views are their creator's alone (404 to everyone else, viewers may have them) and change nothing of the
 * sheet. A view's settings are checked against the sheet's columns when saved; when read, conditions and sorts on
 * columns deleted since are left out. A view saved sorted or filtered gets the per-view indexes of a large sheet at
 * once, not after repeated use.
 */
@Injectable()
export class ViewsService extends ViewSelections {
  constructor(
    private readonly access: SheetAccessService,
    private readonly views: ViewsRepository,
    private readonly changeLog: ChangeLog,
    private readonly rowIndexes: RowIndexesService,
  ) {
    super();
  }

  async list(actor: AuthUser, sheetId: string, query: PaginationQuery): Promise<Page<View>> {
    await this.access.require(actor, sheetId, 'viewer');
    return this.views.list(sheetId, actor.id, query.limit!, query.offset!);
  }

  async get(actor: AuthUser, sheetId: string, viewId: string): Promise<View> {
    await this.access.require(actor, sheetId, 'viewer');
    return this.visible(actor, sheetId, viewId);
  }

  async create(actor: AuthUser, sheetId: string, dto: CreateViewDto): Promise<View> {
    const { role, columns } = await this.access.requireSheet(actor, sheetId, 'viewer');
    if (dto.shared && role === 'viewer') throw new DomainError(ErrorCode.Forbidden, 'Shared views need edit access; save it as a personal view');
    const settings = this.checked(dto.type, lowerIds(this.merge({}, dto)), columns);
    const view = { sheetId, name: dto.name, type: dto.type, shared: dto.shared, createdBy: actor.id, settings };
    const saved = dto.shared
      ? (
          await this.changeLog.write(sheetId, actor, {}, async (tx, change) => {
            const created = await this.views.insert(view, tx);
            await change.record([{ kind: 'view:update', newValue: created }]);
            return created;
          })
        ).value
      : await this.views.insert(view);
    this.indexes(sheetId, columns, saved);
    return saved;
  }

  async update(actor: AuthUser, sheetId: string, viewId: string, dto: UpdateViewDto): Promise<View> {
    const { role, columns } = await this.access.requireSheet(actor, sheetId, 'viewer');
    const before = await this.visible(actor, sheetId, viewId);
    this.mayChange(before, role, actor);
    const shared = dto.shared ?? before.shared;
    if (shared && !before.shared && role === 'viewer') throw new DomainError(ErrorCode.Forbidden, 'Shared views need edit access');
    // What the view names of columns deleted since goes first, so any change of it can be saved.
    const settings = this.checked(before.type, lowerIds(this.merge(withoutMissing(this.settingsOf(before), columns), dto)), columns);
    // A shared view made personal becomes the changer's (it would vanish for them otherwise).
    const next = { name: dto.name ?? before.name, shared, settings, createdBy: !shared && before.shared ? actor.id : before.createdBy };
    const saved =
      shared || before.shared
        ? (
            await this.changeLog.write(sheetId, actor, {}, async (tx, change) => {
              const updated = await this.views.update(viewId, next, tx);
              await change.record([shared ? { kind: 'view:update', newValue: updated } : { kind: 'view:delete', oldValue: { id: viewId } }]);
              return updated;
            })
          ).value
        : await this.views.update(viewId, next);
    this.indexes(sheetId, columns, saved);
    return saved;
  }

  async remove(actor: AuthUser, sheetId: string, viewId: string): Promise<void> {
    const role = await this.access.require(actor, sheetId, 'viewer');
    const view = await this.visible(actor, sheetId, viewId);
    this.mayChange(view, role, actor);
    if (!view.shared) return this.views.remove(viewId);
    await this.changeLog.write(sheetId, actor, {}, async (tx, change) => {
      await this.views.remove(viewId, tx);
      await change.record([{ kind: 'view:delete', oldValue: { id: viewId } }]);
    });
  }

  /**
   * The rows a query asks for once its view (`viewId`) is applied: the view's filter AND-ed with the query's, the
   * query's sorts or else the view's. A view the caller cannot see is a 404 like a missing one.
   */
  async selection(actor: AuthUser, sheetId: string, columns: readonly Column[], query: RowsViewQuery): Promise<RowsSelection> {
    if (!query.viewId) return query;
    const view = withoutMissing(await this.visible(actor, sheetId, query.viewId.toLowerCase()), columns);
    const sorts = (view.sorts ?? []).map((s) => `${s.columnId}:${s.direction}`);
    return { sort: query.sort ?? sorts, filter: query.filter, where: view.filter };
  }

  /**
   * What a view shows (`viewId`): its rows as selection() reads them, and its visible columns in its column order
   * (those it does not order keep their sheet order after). Without a view, the sheet's rows and visible columns.
   */
  async shown(actor: AuthUser, sheetId: string, columns: readonly Column[], viewId?: string): Promise<{ selection: RowsSelection; columns: Column[] }> {
    const visible = columns.filter((c) => !c.hidden);
    if (!viewId) return { selection: {}, columns: visible };
    const view = withoutMissing(await this.visible(actor, sheetId, viewId.toLowerCase()), columns);
    const hidden = new Set(view.hiddenColumns ?? []);
    const order = new Map((view.columnOrder ?? []).map((id, i) => [id, i]));
    const rank = (c: Column) => order.get(c.id) ?? order.size + columns.indexOf(c);
    return {
      selection: { sort: (view.sorts ?? []).map((s) => `${s.columnId}:${s.direction}`), where: view.filter },
      columns: visible.filter((c) => !hidden.has(c.id)).sort((a, b) => rank(a) - rank(b)),
    };
  }

  private async visible(actor: AuthUser, sheetId: string, viewId: string): Promise<View> {
    const view = await this.views.find(sheetId, viewId);
    if (!view || (!view.shared && view.createdBy !== actor.id)) throw DomainError.notFound('View');
    return view;
  }

  /** Shared views are changed by editors and owners; personal ones only by their creator (visible() saw to that). */
  private mayChange(view: View, role: string, actor: AuthUser): void {
    if (view.shared && role === 'viewer') throw new DomainError(ErrorCode.Forbidden, 'Only editors and owners change shared views; save a personal copy instead');
    if (!view.shared && view.createdBy !== actor.id) throw DomainError.notFound('View');
  }

  private settingsOf(view: View): ViewSettings {
    return Object.fromEntries(SETTINGS.filter((k) => view[k] !== undefined).map((k) => [k, view[k]]));
  }

  /** The settings after a create or a PATCH: what the body names replaces them (null clears one). */
  private merge(current: ViewSettings, dto: ViewSettingsDto): ViewSettings {
    const next: Record<string, unknown> = { ...current };
    for (const key of SETTINGS) {
      if (!(key in dto) || dto[key] === undefined) continue;
      if (dto[key] === null) delete next[key];
      else next[key] = dto[key];
    }
    return next;
  }

  /** Settings that fit the sheet: columns that exist, filters and sorts the rows API would take, type-specific parts. */
  private checked(type: ViewType, settings: ViewSettings, columns: readonly Column[]): ViewSettings {
    const byId = new Map(columns.map((c) => [c.id, c]));
    const known = (ids: string[] | undefined, field: string) => {
      for (const [i, id] of (ids ?? []).entries()) if (!byId.has(id.toLowerCase())) refuse(`${field} names a column that is not in this spreadsheet`, `${field}[${i}]`);
    };
    // The rows API's own checks: every condition's column, operator and value must fit (a 400 naming the condition).
    buildRowsSql(
      [...columns],
      (settings.sorts ?? []).map((s) => `${s.columnId}:${s.direction}`),
      [],
      new SqlParams(['']),
      undefined,
      settings.filter,
    );
    known(settings.hiddenColumns, 'hiddenColumns');
    known(settings.columnOrder, 'columnOrder');
    known(settings.groupBy, 'groupBy');
    for (const [id, width] of Object.entries(settings.widths ?? {})) {
      if (!byId.has(id.toLowerCase())) refuse('widths names a column that is not in this spreadsheet', `widths.${id.slice(0, 40)}`);
      if (!Number.isInteger(width) || width < 40 || width > 2000) refuse('widths must be whole pixels from 40 to 2000', `widths.${id}`);
    }
    if (settings.groupBy?.length && type !== 'grid') refuse('groupBy is for grid views', 'groupBy');
    for (const [id, fn] of Object.entries(settings.summaries ?? {})) {
      const column = byId.get(id.toLowerCase());
      if (!column) refuse('summaries names a column that is not in this spreadsheet', `summaries.${id.slice(0, 40)}`);
      else if (fn !== 'none' && !summaryFunctionsFor(column).includes(fn))
        refuse(`summaries.${column.name} must be none or one of: ${summaryFunctionsFor(column).join(', ')}`, `summaries.${id}`);
    }
    if (settings.summaries && Object.keys(settings.summaries).length && type !== 'grid') refuse('summaries are for grid views', 'summaries');
    if (settings.board) {
      if (type !== 'board') refuse('board settings are for board views', 'board');
      if (byId.get(settings.board.stageColumnId.toLowerCase())?.type !== 'select') refuse('board.stageColumnId must be a select column of this spreadsheet', 'board.stageColumnId');
      known(settings.board.cardColumnIds, 'board.cardColumnIds');
    }
    return settings;
  }

  /**
   * A shared view's per-view indexes, built now on a large sheet (when its filter is one the indexes can serve).
   * Personal views get theirs on demand, like any query: anyone may save many, and an index costs every write.
   */
  private indexes(sheetId: string, columns: readonly Column[], view: View): void {
    if (!view.shared) return;
    const filter = filterStrings(view.filter);
    if (!filter) return;
    const sort = (view.sorts ?? []).map((s) => `${s.columnId}:${s.direction}`);
    if (sort.length || filter.length) this.rowIndexes.requestNow(sheetId, [...columns], { sort, filter });
  }
}
