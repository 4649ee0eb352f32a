import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { listParam, stringParam } from '../../../lib/query-params';
import { summarizeRows } from '../../../lib/sdk';
import { sheetKeys } from '../api/spreadsheets.api';

export const summaryKeys = {
  all: (sheetId: string) => [...sheetKeys.all, 'summary', sheetId] as const,
};

/** Summaries of the rows a view and filters select (`params`: viewId, filter, fn, groupBy as the API takes them). */
export const summaryQuery = (sheetId: string, params: URLSearchParams) =>
  queryOptions({
    queryKey: [...summaryKeys.all(sheetId), params.toString()],
    queryFn: async () => {
      const query = {
        fn: params.getAll('fn'),
        groupBy: listParam(params, 'groupBy'),
        viewId: stringParam(params, 'viewId'),
        sort: listParam(params, 'sort'),
        filter: listParam(params, 'filter'),
      };
      return (await summarizeRows({ path: { id: sheetId }, query })).data;
    },
    placeholderData: keepPreviousData,
    enabled: params.has('fn'),
  });
