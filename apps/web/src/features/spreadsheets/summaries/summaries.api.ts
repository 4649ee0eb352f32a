import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { SummaryResult } from '@contrivance/contracts';
import { http } from '../../../lib/http';
import { sheetKeys } from '../api/spreadsheets.api';

export const summaryKeys = {
  all: (sheetId: string) => [...sheetKeys.all, 'summary', sheetId] as const,
};

/** Summaries of the rows a view and filters select (`params`: viewId, filter, fn, groupBy as the API takes them). */
export const summaryQuery = (sheetId: string, params: URLSearchParams) =>
  queryOptions({
    queryKey: [...summaryKeys.all(sheetId), params.toString()],
    queryFn: () => http<SummaryResult>(`/api/spreadsheets/${sheetId}/summary?${params}`),
    placeholderData: keepPreviousData,
    enabled: params.has('fn'),
  });
