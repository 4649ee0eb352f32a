import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateViewDto, UpdateViewDto, View } from '@contrivance/contracts';
import * as sdk from '../../../lib/sdk';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';
import { sheetKeys } from '../api/spreadsheets.api';

export const viewKeys = {
  list: (sheetId: string) => [...sheetKeys.all, 'views', sheetId] as const,
};

/** The shared views of a sheet and the caller's personal ones (a sheet has few: one page holds them). */
export const viewsQuery = (sheetId: string) =>
  queryOptions({
    queryKey: viewKeys.list(sheetId),
    queryFn: async () => (await sdk.listViews({ path: { id: sheetId }, query: { limit: 1000 } })).data,
  });

export type SaveView = { id: string; dto: UpdateViewDto } | { id?: undefined; dto: CreateViewDto };

/** Creates a view, or changes one (what the body names); the list is read again after. */
export function useSaveView(sheetId: string, callbacks: MutationCallbacks<View, SaveView> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (save: SaveView): Promise<View> =>
      save.id === undefined
        ? (await sdk.createView({ path: { id: sheetId }, body: save.dto })).data
        : (await sdk.updateView({ path: { id: sheetId, viewId: save.id }, body: save.dto })).data,
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
    mutationFn: async (viewId: string) => {
      await sdk.deleteView({ path: { id: sheetId, viewId } });
    },
    ...callbacks,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: viewKeys.list(sheetId) });
      return callbacks.onSuccess?.(...args);
    },
  });
}
