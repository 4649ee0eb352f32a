import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { searchCells } from '../../../lib/sdk';
import { sheetKeys } from '../api/spreadsheets.api';
import { SEARCH_PAGE } from './search-nav';

export const searchKeys = {
  all: (sheetId: string) => [...sheetKeys.all, 'search', sheetId] as const,
  page: (sheetId: string, q: string, viewId: string | undefined, offset: number) => [...searchKeys.all(sheetId), { q, viewId: viewId ?? null, offset }] as const,
};

/** A page of the cells that contain `q` in the sheet or a saved view (its rows, visible columns and order). */
export const searchQuery = (sheetId: string, q: string, viewId: string | undefined, offset: number) =>
  queryOptions({
    queryKey: searchKeys.page(sheetId, q, viewId, offset),
    queryFn: async ({ signal }) => (await searchCells({ path: { id: sheetId }, query: { q, limit: SEARCH_PAGE, offset, rowIndex: true, viewId }, signal })).data,
    placeholderData: keepPreviousData,
    enabled: q.length > 0,
    // Cells change while the box is open: each new term or page reads them afresh.
    staleTime: 0,
  });
