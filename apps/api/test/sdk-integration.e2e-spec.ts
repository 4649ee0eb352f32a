import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  client,
  createApiToken,
  createRows,
  createSpreadsheet,
  createWebhook,
  exportCsv,
  importCsv,
  listRows,
  listWebhookDeliveries,
  login,
  register,
  updateRow,
  type Column,
  type Spreadsheet,
} from '@contrivance/sdk';
import { parse } from 'csv-parse/sync';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { eventually } from './support/sockets';

/**
 * An integration written as an outside developer would write it: nothing but the generated SDK (@contrivance/sdk,
 * built from the committed OpenAPI document) against the real app on a port. The document is what the server serves
 * (openapi.e2e proves it), so this is the document being usable, end to end, by its most common kind of client.
 */

/** What an integrator's endpoint does with a delivery, from the documented scheme only (`t=<unix>,v1=<hex HMAC>`). */
function signedBy(secret: string, body: string, header: string | undefined, toleranceSeconds = 300): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return v1.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}

/** A local endpoint standing in for the integrator's server: records every delivery. */
async function startReceiver(): Promise<{ url: string; received: { headers: IncomingHttpHeaders; body: string }[]; stop(): Promise<void> }> {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/contrivance`,
    received,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
const ROWS = 500;
const BATCH = 200;

describe('an integration through the generated SDK', () => {
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sheet: Spreadsheet;
  const col: Record<string, Column> = {};
  /** The stage option ids, by their labels in lower case. */
  const stage: Record<string, string> = {};
  const marker = `sdk-${Date.now().toString(36)}`;

  beforeAll(async () => {
    server = await bootApp({ WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_TIMEOUT_MS: '2000' });
    receiver = await startReceiver();
    client.setConfig({ baseUrl: server.url });
  });
  afterAll(async () => {
    await receiver?.stop();
    await server?.close();
  });

  it('signs up, signs in, and continues with a personal API token', async () => {
    const email = `${marker}@example.com`;
    const password = 'integration password 1';
    const { data: created } = await register({ body: { email, password, displayName: 'Integration' } });
    expect(created.user.email).toBe(email);
    const { data: auth } = await login({ body: { email, password } });
    client.setConfig({ auth: () => auth.accessToken });

    const { data: token } = await createApiToken({ body: { name: 'CRM sync', scope: 'write' } });
    expect(token.token).toMatch(/^ctv_/);
    client.setConfig({ auth: () => token.token });
  });

  it('creates a sheet from the sales-pipeline template', async () => {
    const { data, response } = await createSpreadsheet({ body: { name: 'Synced deals', template: 'sales-pipeline' } });
    expect(response.status).toBe(201);
    sheet = data;
    for (const column of sheet.columns) col[column.name] = column;
    for (const option of col.Stage.options ?? []) stage[option.label.toLowerCase()] = option.id;
    expect(Object.keys(stage)).toEqual(STAGES);
    expect(col.Value.type).toBe('currency');
  });

  it(`adds ${ROWS} rows in batches and finds them again with filters`, async () => {
    const deals = Array.from({ length: ROWS }, (_, i) => ({ name: `${marker} deal ${i}`, value: (i % 50) * 1000, stage: STAGES[i % STAGES.length] }));
    for (let start = 0; start < deals.length; start += BATCH) {
      const batch = deals.slice(start, start + BATCH);
      const rows = batch.map((d) => ({ values: { [col.Deal.id]: d.name, [col.Value.id]: d.value, [col.Stage.id]: stage[d.stage] } }));
      const { data: created } = await createRows({ path: { id: sheet.id }, body: { rows } });
      expect(created).toHaveLength(batch.length);
    }

    // Won deals of this run worth at least 25 000, as an integration would pull them: filtered, then paged.
    const wanted = deals.filter((d) => d.stage === 'won' && d.value >= 25_000).map((d) => d.name);
    const filter = [`${col.Deal.id}:contains:${marker}`, `${col.Stage.id}:eq:${stage.won}`, `${col.Value.id}:gte:25000`];
    const { data: first } = await listRows({ path: { id: sheet.id }, query: { filter, limit: 10 } });
    expect(first.total).toBe(wanted.length);
    const names: unknown[] = first.items.map((r) => r.values[col.Deal.id]);
    for (let offset = 10; offset < wanted.length; offset += 10) {
      const { data: page } = await listRows({ path: { id: sheet.id }, query: { filter, limit: 10, offset, count: false } });
      expect(page.total).toBeUndefined();
      names.push(...page.items.map((r) => r.values[col.Deal.id]));
    }
    expect(names.sort()).toEqual([...wanted].sort());

    // The same walk by cursors (docs/integrations.md): the sheet's order, nothing skipped or repeated.
    const walked: unknown[] = [];
    let after: string | undefined;
    do {
      const { data: page } = await listRows({ path: { id: sheet.id }, query: { filter, limit: 7, count: false, after } });
      walked.push(...page.items.map((r) => r.values[col.Deal.id]));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(walked).toEqual(wanted);

    const { data: all } = await listRows({ path: { id: sheet.id }, query: { filter: [`${col.Deal.id}:contains:${marker}`], limit: 1 } });
    expect(all.total).toBe(ROWS);
  });

  it('imports a CSV file (multipart) and exports the sheet as CSV', async () => {
    const csv = ['Deal,Value,Stage', `"${marker} import, quoted",1250.5,Won`, `${marker} import ünïcode,-300,Lost`, `${marker} import plain,10,Lead`].join('\r\n');
    const { data: imported } = await importCsv({
      path: { id: sheet.id },
      body: { file: new File([csv], 'more-deals.csv', { type: 'text/csv' }) },
    });
    expect(imported).toMatchObject({ status: 'done', rowsImported: 3, rejectedCount: 0, columnsCreated: [] });
    const { data: all } = await listRows({ path: { id: sheet.id }, query: { filter: [`${col.Deal.id}:contains:${marker}`], limit: 1 } });
    expect(all.total).toBe(ROWS + 3);

    const { data: text, response } = await exportCsv({
      path: { id: sheet.id },
      query: { filter: [`${col.Deal.id}:contains:${marker} import`], sort: [`${col.Value.id}:desc`] },
      parseAs: 'text',
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Synced deals.csv"');
    const [header, ...records] = parse(text, { bom: true });
    const cell = (record: string[], name: string) => record[header.indexOf(name)];
    expect(records.map((r) => [cell(r, 'Deal'), cell(r, 'Value'), cell(r, 'Stage')])).toEqual([
      [`${marker} import, quoted`, '1250.5', 'Won'],
      [`${marker} import plain`, '10', 'Lead'],
      [`${marker} import ünïcode`, '-300', 'Lost'],
    ]);
  });

  it('receives a signed webhook delivery for a change and can verify it', async () => {
    const { data: hook } = await createWebhook({ path: { id: sheet.id }, body: { url: receiver.url, events: ['cell'] } });
    expect(hook.secret).toMatch(/^whsec_/);
    const { data: page } = await listRows({ path: { id: sheet.id }, query: { filter: [`${col.Deal.id}:eq:${marker} deal 7`] } });
    const [row] = page.items;
    await updateRow({ path: { id: sheet.id, rowId: row.id }, body: { values: { [col.Stage.id]: stage.won }, expectedVersion: row.version } });

    await eventually(() => receiver.received.length > 0, 10_000, 'the webhook delivery');
    const [delivery] = receiver.received;
    const signature = delivery.headers['x-contrivance-signature'] as string;
    expect(signedBy(hook.secret, delivery.body, signature)).toBe(true);
    expect(signedBy(hook.secret, delivery.body.replace('won', 'lost'), signature)).toBe(false);
    expect(signedBy('whsec_someone-else', delivery.body, signature)).toBe(false);
    expect(delivery.headers['x-contrivance-event']).toBe('cell');
    expect(JSON.parse(delivery.body)).toMatchObject({
      spreadsheetId: sheet.id,
      event: 'cell',
      changes: [{ kind: 'cell', rowId: row.id, columnId: col.Stage.id, value: stage.won }],
    });

    // The delivery is listed as delivered once the dispatcher has recorded the answer.
    let status: string | undefined;
    for (const deadline = Date.now() + 10_000; status !== 'delivered' && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const { data: deliveries } = await listWebhookDeliveries({ path: { id: sheet.id, webhookId: hook.id } });
      status = deliveries.items[0]?.status;
    }
    expect(status).toBe('delivered');
  });
});
