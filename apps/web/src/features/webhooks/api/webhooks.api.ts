import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { MAX_PAGE_SIZE, type CreatedWebhook, type CreateWebhookDto, type Page, type Webhook, type WebhookDelivery } from '@contrivance/contracts';
import { http } from '../../../lib/http';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';

export const webhookKeys = {
  list: (sheetId: string) => ['webhooks', sheetId] as const,
  deliveries: (sheetId: string, webhookId: string) => ['webhooks', sheetId, webhookId, 'deliveries'] as const,
};

/** A sheet's webhooks (a sheet has at most a handful: one page holds them all). */
export const webhooksQuery = (sheetId: string) =>
  queryOptions({
    queryKey: webhookKeys.list(sheetId),
    queryFn: ({ signal }) => http<Page<Webhook>>(`/api/spreadsheets/${sheetId}/webhooks?limit=${MAX_PAGE_SIZE}`, { signal }),
    select: (page) => page.items,
  });

/** Deliveries refresh by themselves while the panel is open, so retries can be watched. */
export const deliveriesQuery = (sheetId: string, webhookId: string) =>
  queryOptions({
    queryKey: webhookKeys.deliveries(sheetId, webhookId),
    queryFn: ({ signal }) => http<Page<WebhookDelivery>>(`/api/spreadsheets/${sheetId}/webhooks/${webhookId}/deliveries?limit=20`, { signal }),
    refetchInterval: 3000,
  });

export const createWebhook = (sheetId: string, dto: CreateWebhookDto) => http<CreatedWebhook>(`/api/spreadsheets/${sheetId}/webhooks`, { method: 'POST', body: dto });
export const deleteWebhook = (sheetId: string, webhookId: string) => http<void>(`/api/spreadsheets/${sheetId}/webhooks/${webhookId}`, { method: 'DELETE' });

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
