import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { MAX_PAGE_SIZE, type CreatedWebhook, type CreateWebhookDto } from '@contrivance/contracts';
import * as sdk from '../../../lib/sdk';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';

export const webhookKeys = {
  list: (sheetId: string) => ['webhooks', sheetId] as const,
  deliveries: (sheetId: string, webhookId: string) => ['webhooks', sheetId, webhookId, 'deliveries'] as const,
};

/** A sheet's webhooks (a sheet has at most a handful: one page holds them all). */
export const webhooksQuery = (sheetId: string) =>
  queryOptions({
    queryKey: webhookKeys.list(sheetId),
    queryFn: async ({ signal }) => (await sdk.listWebhooks({ path: { id: sheetId }, query: { limit: MAX_PAGE_SIZE }, signal })).data,
    select: (page) => page.items,
  });

/** Deliveries refresh by themselves while the panel is open, so retries can be watched. */
export const deliveriesQuery = (sheetId: string, webhookId: string) =>
  queryOptions({
    queryKey: webhookKeys.deliveries(sheetId, webhookId),
    queryFn: async ({ signal }) => (await sdk.listWebhookDeliveries({ path: { id: sheetId, webhookId }, query: { limit: 20 }, signal })).data,
    refetchInterval: 3000,
  });

export const createWebhook = async (sheetId: string, dto: CreateWebhookDto) => (await sdk.createWebhook({ path: { id: sheetId }, body: dto })).data;
export const deleteWebhook = async (sheetId: string, webhookId: string) => {
  await sdk.deleteWebhook({ path: { id: sheetId, webhookId } });
};

export function useCreateWebhook(sheetId: string, callbacks: MutationCallbacks<CreatedWebhook, CreateWebhookDto> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dto: CreateWebhookDto) => createWebhook(sheetId, dto),
    ...callbacks,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list(sheetId) });
      return callbacks.onSuccess?.(...args);
    },
  });
}

export function useDeleteWebhook(sheetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) => deleteWebhook(sheetId, webhookId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list(sheetId) }),
  });
}
