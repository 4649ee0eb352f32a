import type { DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent } from '@contrivance/contracts';

/** The webhooks module's database records and their contract types. */

export interface WebhookRecord {
  id: string;
  sheet_id: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  created_at: Date;
}

export interface DeliveryRecord {
  id: string;
  event: WebhookEvent;
  version: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  next_attempt_at: Date;
}

export const toWebhook = (r: WebhookRecord): Webhook => ({ id: r.id, url: r.url, events: r.events, createdAt: r.created_at.toISOString() });

export const toDelivery = (r: DeliveryRecord): WebhookDelivery => ({
  id: Number(r.id),
  event: r.event,
  version: Number(r.version),
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: r.created_at.toISOString(),
  deliveredAt: r.delivered_at?.toISOString() ?? null,
  nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
});
