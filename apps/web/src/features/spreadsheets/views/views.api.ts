import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateViewDto, Page, UpdateViewDto, View } from '@contrivance/contracts';
import { http } from '../../../lib/http';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';
import { sheetKeys } from '../api/spreadsheets.api';

export const viewKeys = {
  list: (sheetId: string) => [...sheetKeys.all, 'views', sheetId] as const,
};

/** The shared views of a sheet and the caller's personal ones (a sheet has few: one page holds them). */
export const viewsQuery = (sheetId: string) =>
  queryOptions({
    queryKey: viewKeys.list(sheetId),
    queryFn: () => http<Page<View>>(`/api/spreadsheets/${sheetId}/views?limit=1000`),
  });

export type SaveView = { id: string; dto: UpdateViewDto } | { id?: undefined; dto: CreateViewDto };

/** Creates a view, or changes one (what the body names); the list is read again after. */
export function useSaveView(sheetId: string, callbacks: MutationCallbacks<View, SaveView> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (save: SaveView) =>
      save.id
        ? http<View>(`/api/spreadsheets/${sheetId}/views/${save.id}`, { method: 'PATCH', body: save.dto })
        : http<View>(`/api/spreadsheets/${sheetId}/views`, { method: 'POST', body: save.dto }),
    ...callbacks,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: viewKeys.list(sheetId) });
      return callbacks.onSuccess?.(...args);
    },
  });
}

export function useDeleteView(sheetId: string, callbacks: MutationCallbacks<void, string> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (viewId: string) => http<void>(`/api/spreadsheets/${sheetId}/views/${viewId}`, { method: 'DELETE' }),
    ...callbacks,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: viewKeys.list(sheetId) });
      return callbacks.onSuccess?.(...args);
    },
  });
}
