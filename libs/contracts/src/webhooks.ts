import type { Count, Integer, IsoDateTime, Uri, Uuid } from './scalars';
import type { Page } from './pagination';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUrl, MaxLength } from 'class-validator';
import { COMMENT_WEBHOOK_EVENTS, type CommentWebhookEvent, type CommentWebhookPayload } from './comments';
import type { SheetChange } from './realtime';
import { CHANGE_KINDS, type ChangeKind } from './spreadsheets';

/** What a webhook may subscribe to: every kind of change of the sheet, and comments of its rows. */
export const WEBHOOK_EVENTS = [...CHANGE_KINDS, ...COMMENT_WEBHOOK_EVENTS] as const;
export type WebhookEvent = ChangeKind | CommentWebhookEvent;

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook's secret>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-contrivance-signature';
export const WEBHOOK_DELIVERY_HEADER = 'x-contrivance-delivery';
export const WEBHOOK_EVENT_HEADER = 'x-contrivance-event';

export class CreateWebhookDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  url: string;

  /** Events to send: kinds of change and comment events (default: all of them). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `events must be among ${WEBHOOK_EVENTS.join(', ')}` })
  events?: WebhookEvent[];
}

export interface Webhook {
  id: Uuid;
  url: Uri;
  /** Empty: every change kind (comment events are sent only to webhooks that name them). */
  events: WebhookEvent[];
  createdAt: IsoDateTime;
}

export type WebhookPage = Page<Webhook>;

/** The answer to creating a webhook: the only time its signing secret is shown. */
export interface CreatedWebhook extends Webhook {
  /** Signing secret, shown only now. Deliveries carry `x-contrivance-signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
  secret: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: Integer;
  event: WebhookEvent;
  version: Integer;
  status: DeliveryStatus;
  attempts: Count;
  lastStatusCode: Integer | null;
  lastError: string | null;
  createdAt: IsoDateTime;
  deliveredAt: IsoDateTime | null;
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt: IsoDateTime | null;
}

export type WebhookDeliveryPage = Page<WebhookDelivery>;

/** The JSON body of a change delivery: one committed change of the sheet (its version) with its parts. */
export interface WebhookPayload {
  spreadsheetId: Uuid;
  version: Integer;
  event: ChangeKind;
  changes: SheetChange[];
}

/** Any delivery's JSON body: a change of the sheet, or a comment event (`event` tells which). */
export type WebhookBody = WebhookPayload | CommentWebhookPayload;
