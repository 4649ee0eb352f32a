/** The parts of ag-grid's request the rows API understands. */
export interface GridRequest {
  startRow: number;
  endRow: number;
  sortModel: { colId: string; sort: 'asc' | 'desc' }[];
  filterModel: Record<string, GridFilter>;
}

/** ag-grid's simple filter models (text, number, date); combined models use their first condition. */
export interface GridFilter {
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
  const first = model.conditions?.[0] ?? model;
  const op = OPERATORS[first.type ?? ''];
  if (!op) return null;
  if (op === 'isEmpty' || op === 'isNotEmpty') return `${colId}:${op}`;
  const value = first.filterType === 'date' ? first.dateFrom?.slice(0, 10) : first.filter;
  return value === null || value === undefined || value === '' ? null : `${colId}:${op}:${value}`;
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
export function toRowsQuery(request: GridRequest): URLSearchParams {
  const params = toViewParams(request, new URLSearchParams({ offset: String(request.startRow), limit: String(request.endRow - request.startRow) }));
  params.set('count', request.startRow === 0 ? 'true' : 'false');
  return params;
}
