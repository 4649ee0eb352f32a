import type { Row } from '@contrivance/contracts';
import type { GridApi } from 'ag-grid-community';
import type { OptionsFilterModel } from './OptionsFilter';

/** The parts of ag-grid's request the rows API understands. */
export interface GridRequest {
  startRow: number;
  endRow: number;
  sortModel: { colId: string; sort: 'asc' | 'desc' }[];
  filterModel: Record<string, GridFilter>;
}

/** ag-grid's simple filter models (text, number, date; combined models use their first condition), or a picked list. */
export interface GridFilter extends Partial<Omit<OptionsFilterModel, 'filterType'>> {
  filterType?: string;
  type?: string;
  filter?: string | number | null;
  dateFrom?: string | null;
  conditions?: GridFilter[];
}

const OPERATORS: Record<string, string> = {
  equals: 'eq',
  notEqual: 'neq',
  contains: 'contains',
  greaterThan: 'gt',
  greaterThanOrEqual: 'gte',
  lessThan: 'lt',
  lessThanOrEqual: 'lte',
  blank: 'isEmpty',
  notBlank: 'isNotEmpty',
};

function toFilter(colId: string, model: GridFilter): string | null {
  if (model.filterType === 'options') {
    if (model.op === 'isEmpty') return `${colId}:isEmpty`;
    return model.op && model.values?.length ? `${colId}:${model.op}:${model.values.join(',')}` : null;
  }
  const first = model.conditions?.[0] ?? model;
  const op = OPERATORS[first.type ?? ''];
  if (!op) return null;
  if (op === 'isEmpty' || op === 'isNotEmpty') return `${colId}:${op}`;
  const value = first.filterType === 'date' ? first.dateFrom?.slice(0, 10) : first.filter;
  return value === null || value === undefined || value === '' ? null : `${colId}:${op}:${value}`;
}

/** What the grid keeps in its context: the saved view it shows, whose filter the server applies. */
export interface GridContext {
  viewId?: string;
}

/** The grid's saved view, current sort and filters as the API's parameters, so an export or a copy matches what is on screen. */
export function gridViewParams(grid: GridApi<Row> | null): URLSearchParams {
  if (!grid || grid.isDestroyed()) return new URLSearchParams();
  const { viewId } = (grid.getGridOption('context') ?? {}) as GridContext;
  const sortModel = grid
    .getColumnState()
    .filter((c) => c.sort)
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((c) => ({ colId: c.colId, sort: c.sort! }));
  const params = toViewParams({ sortModel, filterModel: grid.getFilterModel() });
  if (viewId) params.set('viewId', viewId);
  return params;
}

/** A grid view (sort and filters) as the API's `sort` and `filter` parameters, shared by the rows listing and export. */
export function toViewParams(view: Pick<GridRequest, 'sortModel' | 'filterModel'>, params = new URLSearchParams()): URLSearchParams {
  for (const s of view.sortModel) params.append('sort', `${s.colId}:${s.sort}`);
  for (const [colId, model] of Object.entries(view.filterModel ?? {})) {
    const filter = toFilter(colId, model);
    if (filter) params.append('filter', filter);
  }
  return params;
}

/**
 * Turns an infinite-row-model request into the rows API's query: one page by offset and limit, server-side sort
 * and filters, and `count` only for the first block (the grid needs the total once to size its scrollbar).
 */
export function toRowsQuery(request: GridRequest, viewId?: string): URLSearchParams {
  const params = toViewParams(request, new URLSearchParams({ offset: String(request.startRow), limit: String(request.endRow - request.startRow) }));
  params.set('count', request.startRow === 0 ? 'true' : 'false');
  if (viewId) params.set('viewId', viewId);
  return params;
}
