import type { LookupFunction } from 'node:net';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OnEvent } from '@nestjs/event-emitter';
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_EVENT_HEADER, WEBHOOK_SIGNATURE_HEADER, type CommentWebhookPayload, type WebhookPayload } from '@contrivance/contracts';
import { Counter } from 'prom-client';
import type { AppConfig } from '../../config/app-config';
import { DatabaseNotifications } from '../../database/database-notifications';
import { NotifiedCache } from '../../database/notified-cache';
import { MetricsService } from '../ops/metrics.service';
import { CommentChangedEvent, SheetChangedEvent } from '../spreadsheets';
import { signatureHeader } from './webhook-signature';
import { postOnce, RequestTimeoutError } from './webhook-request';
import { checkedLookup, PrivateAddressError, systemResolver, WEBHOOK_RESOLVER, type WebhookResolver } from './webhook-resolver';
import { isPrivateTarget } from './webhook-url';
import type { WebhookRecord } from './webhooks.mapper';
import { WebhooksRepository, type DueDelivery } from './webhooks.repository';

const POLL_MS = 1000;
const BATCH = 20;
/** How long a claimed delivery is ours before another sender may take it (covers the request timeout). */
const leaseMs = (timeoutMs: number) => timeoutMs + 30_000;

/**
 * Feeds webhooks from the change stream and from comments: each committed change (and comment event) is queued (one row per webhook, after the commit,
 * off the request path) and sent by a loop on every instance that claims due deliveries, signs them, and retries
 * failures with exponential backoff. Slow or failing endpoints only ever delay their own deliveries.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly hooks: NotifiedCache<{ list: WebhookRecord[] }>;
  private readonly outcomes: Counter<'outcome'>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private readonly settings: AppConfig['webhooks'];
  private readonly lookup: LookupFunction;

  constructor(
    private readonly webhooks: WebhooksRepository,
    notifications: DatabaseNotifications,
    metrics: MetricsService,
    config: ConfigService<AppConfig, true>,
    @Optional() @Inject(WEBHOOK_RESOLVER) resolver?: WebhookResolver,
  ) {
    this.settings = config.get('webhooks', { infer: true });
    this.lookup = checkedLookup(resolver ?? systemResolver, this.settings.allowPrivate);
    this.hooks = new NotifiedCache(notifications, 'sheet_changed', { max: 10_000, ttlMs: 30_000 });
    this.outcomes = new Counter({
      name: 'contrivance_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** The service calls this after changing a sheet's webhooks, so the next change does not wait for the notification. */
  webhooksChanged(sheetId: string): void {
    this.hooks.forget(sheetId);
  }

  @OnEvent(SheetChangedEvent.event)
  enqueue(event: SheetChangedEvent): void {
    void this.queue(event).catch((error: Error) => this.logger.warn(`could not queue webhook deliveries: ${error.message}`));
  }

  /** A comment created, changed or deleted: queued like a change, for the webhooks that asked for its event. */
  @OnEvent(CommentChangedEvent.event)
  enqueueComment(event: CommentChangedEvent): void {
    void this.queueComment(event).catch((error: Error) => this.logger.warn(`could not queue webhook deliveries: ${error.message}`));
  }

  private async sending(sheetId: string): Promise<WebhookRecord[]> {
    return (await this.hooks.read(sheetId, 'all', async () => ({ list: await this.webhooks.listSending(sheetId) })))!.list;
  }

  private async queueComment(event: CommentChangedEvent): Promise<void> {
    const hooks = await this.sending(event.sheetId);
    const name = `comment.${event.action}` as const;
    // Opt-in: a webhook without an events filter was made for changes (its consumers read `changes`).
    const targets = hooks.filter((h) => h.events.includes(name));
    if (!targets.length) return;
    const payload: CommentWebhookPayload = { spreadsheetId: event.sheetId, version: event.sheetVersion, event: name, rowId: event.comment.rowId, comment: event.comment };
    await this.webhooks.enqueue(
      targets.map((h) => h.id),
      event.sheetVersion,
      name,
      payload,
    );
    this.schedule(0);
  }

  private async queue(event: SheetChangedEvent): Promise<void> {
    const hooks = await this.sending(event.sheetId);
    if (!hooks.length) return;
    const kind = event.changes[0].kind;
    const targets = hooks.filter((h) => !h.events.length || event.changes.some((c) => h.events.includes(c.kind)));
    const payload: WebhookPayload = { spreadsheetId: event.sheetId, version: event.version, event: kind, changes: event.changes };
    await this.webhooks.enqueue(
      targets.map((h) => h.id),
      event.version,
      kind,
      payload,
    );
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = (this.running ?? Promise.resolve()).then(() => this.sendDue());
    }, delay);
  }

  /** Sends what is due, batch after batch, then sleeps until the next poll. */
  private async sendDue(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const due = await this.webhooks.claimDue(BATCH, leaseMs(this.settings.timeoutMs));
        if (!due.length) break;
        await Promise.all(due.map((d) => this.send(d)));
      }
    } catch (error) {
      this.logger.warn(`webhook dispatch paused: ${(error as Error).message}`);
    } finally {
      this.schedule(POLL_MS);
    }
  }

  private async send(delivery: DueDelivery): Promise<void> {
    // IP literals never reach the lookup, which checks what names resolve to as the socket connects.
    if (!this.settings.allowPrivate && isPrivateTarget(delivery.url)) return this.refuse(delivery);
    const body = JSON.stringify(delivery.payload);
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'Contrivance-Webhooks/1',
      [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(delivery.secret, body),
      [WEBHOOK_DELIVERY_HEADER]: String(delivery.id),
      [WEBHOOK_EVENT_HEADER]: delivery.event,
    };
    let status: number | null = null;
    let error: string;
    try {
      status = await postOnce(delivery.url, headers, body, { lookup: this.lookup, timeoutMs: this.settings.timeoutMs });
      if (status >= 200 && status < 300) {
        await this.webhooks.delivered(delivery.id, status);
        this.outcomes.inc({ outcome: 'delivered' });
        return;
      }
      error = `HTTP ${status}`;
    } catch (e) {
      if (e instanceof PrivateAddressError) return this.refuse(delivery);
      error = e instanceof RequestTimeoutError ? e.message : `could not connect (${(e as Error).message})`;
    }
    const retry = delivery.attempts < this.settings.maxAttempts ? this.settings.retryBaseMs * 2 ** (delivery.attempts - 1) : null;
    await this.webhooks.attemptFailed(delivery.id, status, error, retry);
    this.outcomes.inc({ outcome: retry === null ? 'failed' : 'retry' });
  }

  /** A private target fails at once, without retries; the message does not say which address a name resolved to. */
  private async refuse(delivery: DueDelivery): Promise<void> {
    await this.webhooks.attemptFailed(delivery.id, null, 'the URL resolves to a private or local address', null);
    this.outcomes.inc({ outcome: 'failed' });
  }
}
