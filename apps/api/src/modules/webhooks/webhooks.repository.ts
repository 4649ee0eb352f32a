import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WebhookBody, WebhookDelivery, WebhookEvent } from '@contrivance/contracts';
import { DataSource } from 'typeorm';
import { queryRows } from '../../database/query-rows';
import { toDelivery, type DeliveryRecord, type WebhookRecord } from './webhooks.mapper';

export interface DueDelivery {
  id: string;
  attempts: number;
  event: WebhookEvent;
  payload: WebhookBody;
  url: string;
  secret: string;
}

/** Webhooks and the delivery queue (a table: it survives restarts and is shared by instances). */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(sheetId: string, url: string, events: WebhookEvent[], secret: string, userId: string): Promise<WebhookRecord> {
    const [row]: WebhookRecord[] = await this.dataSource.query(`INSERT INTO webhooks (sheet_id, url, events, secret, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`, [
      sheetId,
      url,
      events,
      secret,
      userId,
    ]);
    return row;
  }

  async count(sheetId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM webhooks WHERE sheet_id = $1`, [sheetId]);
    return n;
  }

  /** A page of the sheet's webhooks, oldest first, with the total. */
  async page(sheetId: string, limit: number, offset: number): Promise<{ items: WebhookRecord[]; total: number }> {
    const [items, total] = await Promise.all([
      this.dataSource.query<WebhookRecord[]>(`SELECT * FROM webhooks WHERE sheet_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`, [sheetId, limit, offset]),
      this.count(sheetId),
    ]);
    return { items, total };
  }

  /**
   * The webhooks that may still send the sheet's changes: their creator is still an active owner of the sheet (or an
   * admin). A webhook whose creator lost that stops receiving deliveries.
   */
  async listSending(sheetId: string): Promise<WebhookRecord[]> {
    return this.dataSource.query(
      `SELECT w.* FROM webhooks w JOIN users u ON u.id = w.created_by AND u.is_active
       WHERE w.sheet_id = $1 AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM spreadsheet_members m WHERE m.sheet_id = w.sheet_id AND m.user_id = w.created_by AND m.role = 'owner'))
       ORDER BY w.created_at, w.id`,
      [sheetId],
    );
  }

  async exists(sheetId: string, webhookId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM webhooks WHERE sheet_id = $1 AND id = $2`, [sheetId, webhookId]);
    return rows.length > 0;
  }

  async remove(sheetId: string, webhookId: string): Promise<boolean> {
    const rows = await queryRows(this.dataSource.manager, `DELETE FROM webhooks WHERE sheet_id = $1 AND id = $2 RETURNING id`, [sheetId, webhookId]);
    return rows.length > 0;
  }

  /** Queues one delivery per webhook for a committed change or a comment event. */
  async enqueue(webhookIds: string[], version: number, event: WebhookEvent, payload: WebhookBody): Promise<void> {
    if (!webhookIds.length) return;
    await this.dataSource.query(`INSERT INTO webhook_deliveries (webhook_id, version, event, payload) SELECT unnest($1::uuid[]), $2, $3, $4::jsonb`, [
      webhookIds,
      version,
      event,
      JSON.stringify(payload),
    ]);
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs`: their next attempt moves past the lease, so no other sender
   * takes them meanwhile, and a sender that dies leaves them to be retried when the lease ends.
   */
  async claimDue(limit: number, leaseMs: number): Promise<DueDelivery[]> {
    return queryRows<DueDelivery>(
      this.dataSource.manager,
      `WITH due AS (
         SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       FROM due, webhooks w WHERE d.id = due.id AND w.id = d.webhook_id
       RETURNING d.id, d.attempts, d.event, d.payload, w.url, w.secret`,
      [limit, leaseMs],
    );
  }

  async delivered(id: string, statusCode: number): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_deliveries SET status = 'delivered', last_status_code = $2, last_error = NULL, delivered_at = now() WHERE id = $1`, [
      id,
      statusCode,
    ]);
  }

  /** A failed attempt: retried after `retryInMs`, or marked failed when that is null. */
  async attemptFailed(id: string, statusCode: number | null, error: string, retryInMs: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET last_status_code = $2, last_error = $3,
         status = CASE WHEN $4::double precision IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = CASE WHEN $4::double precision IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $4::double precision / 1000) END
       WHERE id = $1`,
      [id, statusCode, error.slice(0, 500), retryInMs],
    );
  }

  async deliveries(webhookId: string, limit: number, offset: number): Promise<{ items: WebhookDelivery[]; total: number }> {
    const [items, [{ n }]] = await Promise.all([
      this.dataSource.query<DeliveryRecord[]>(`SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`, [webhookId, limit, offset]),
      this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1`, [webhookId]),
    ]);
    return { items: items.map(toDelivery), total: n };
  }
}
