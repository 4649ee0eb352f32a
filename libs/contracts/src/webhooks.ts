import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUrl, MaxLength } from 'class-validator';
import type { SheetChange } from './realtime';
import { CHANGE_KINDS, type ChangeKind } from './spreadsheets';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook's secret>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-contrivance-signature';
export const WEBHOOK_DELIVERY_HEADER = 'x-contrivance-delivery';
export const WEBHOOK_EVENT_HEADER = 'x-contrivance-event';

export class CreateWebhookDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  url: string;

  /** Kinds of change to send (default: all of them). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CHANGE_KINDS.length)
  @IsIn(CHANGE_KINDS, { each: true, message: `events must be among ${CHANGE_KINDS.join(', ')}` })
  events?: ChangeKind[];
}

export interface Webhook {
  id: string;
  url: string;
  /** Empty: every kind. */
  events: ChangeKind[];
  createdAt: string;
}

/** The answer to creating a webhook: the only time its signing secret is shown. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: number;
  event: ChangeKind;
  version: number;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt: string | null;
}

/** The JSON body of a delivery: one committed change of the sheet (its version) with its parts. */
export interface WebhookPayload {
  spreadsheetId: string;
  version: number;
  event: ChangeKind;
  changes: SheetChange[];
}
