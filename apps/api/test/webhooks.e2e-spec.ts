import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Column, CreatedWebhook, Row, Spreadsheet, WebhookDelivery, WebhookPayload } from '@contrivance/contracts';
import request from 'supertest';
import { verifySignature } from '../src/modules/webhooks/webhook-signature';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { eventually } from './support/sockets';

/** A local HTTP endpoint standing in for an integration: records what it gets and answers as told. */
class Receiver {
  readonly received: { headers: IncomingMessage['headers']; body: string }[] = [];
  readonly held: ServerResponse[] = [];
  answer: (n: number) => number | 'hold' = () => 200;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body });
        const status = this.answer(this.received.length);
        if (status === 'hold') return void this.held.push(res);
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  release(): void {
    for (const res of this.held.splice(0)) res.writeHead(200).end();
  }

  stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('webhooks', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  let editor: TestAccount;
  let receiver: Receiver;

  beforeAll(async () => {
    server = await bootApp({ WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_TIMEOUT_MS: '2000' });
    api = sheetsApi(server);
    [owner, editor] = await Promise.all([registerMember(server), registerMember(server)]);
  });
  beforeEach(async () => {
    receiver = new Receiver();
    await receiver.start();
  });
  afterEach(() => receiver.stop());
  afterAll(() => server.close());

  async function sheetWithHook(events?: string[]): Promise<{ sheet: Spreadsheet; column: Column; row: Row; hook: CreatedWebhook }> {
    const sheet = await api.create(owner, { name: 'Hooked' });
    await api.share(owner, sheet.id, editor.user.id, 'editor');
    const column = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    const [row] = await api.rows(owner, sheet.id, [{ [column.id]: 'A' }]);
    const hook = (
      await request(server.url)
        .post(`/api/spreadsheets/${sheet.id}/webhooks`)
        .set(owner.auth)
        .send({ url: receiver.url, ...(events ? { events } : {}) })
        .expect(201)
    ).body as CreatedWebhook;
    return { sheet, column, row, hook };
  }
  const deliveries = async (sheetId: string, hookId: string) =>
    (await request(server.url).get(`/api/spreadsheets/${sheetId}/webhooks/${hookId}/deliveries`).set(owner.auth).expect(200)).body.items as WebhookDelivery[];

  it('delivers each committed change, signed with the secret shown once', async () => {
    const { sheet, column, row, hook } = await sheetWithHook();
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = await request(server.url).get(`/api/spreadsheets/${sheet.id}/webhooks`).set(owner.auth).expect(200);
    expect(listed.body).toEqual({ items: [{ id: hook.id, url: receiver.url, events: [], createdAt: hook.createdAt }], total: 1 });

    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
      .set(editor.auth)
      .send({ values: { [column.id]: 'Signed' } })
      .expect(200);
    await eventually(() => receiver.received.length === 1, 5000, 'the delivery');
    const [{ headers, body }] = receiver.received;
    expect(verifySignature(hook.secret, body, headers['x-contrivance-signature'] as string)).toBe(true);
    expect(verifySignature('whsec_wrong', body, headers['x-contrivance-signature'] as string)).toBe(false);
    expect(headers['x-contrivance-event']).toBe('cell');
    const payload = JSON.parse(body) as WebhookPayload;
    expect(payload).toMatchObject({
      spreadsheetId: sheet.id,
      event: 'cell',
      changes: [{ kind: 'cell', rowId: row.id, columnId: column.id, value: 'Signed', userId: editor.user.id }],
    });
    // The endpoint has answered; the dispatcher records that a moment later.
    let delivery = (await deliveries(sheet.id, hook.id))[0];
    for (let i = 0; i < 50 && delivery.status !== 'delivered'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      delivery = (await deliveries(sheet.id, hook.id))[0];
    }
    expect(delivery).toMatchObject({ event: 'cell', version: payload.version, status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null });
    expect(String(delivery.id)).toBe(headers['x-contrivance-delivery']);
  });

  it('retries a failing endpoint with backoff until it answers 2xx', async () => {
    receiver.answer = (n) => (n <= 2 ? 500 : 204);
    const { sheet, column, row, hook } = await sheetWithHook();
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
      .set(owner.auth)
      .send({ values: { [column.id]: 'Retry me' } })
      .expect(200);
    await eventually(() => receiver.received.length === 3, 15_000, 'three attempts');
    const bodies = new Set(receiver.received.map((r) => r.body));
    expect(bodies.size).toBe(1);
    let delivery: WebhookDelivery | undefined;
    for (let i = 0; i < 50 && delivery?.status !== 'delivered'; i += 1) {
      [delivery] = await deliveries(sheet.id, hook.id);
      if (delivery.status !== 'delivered') await new Promise((r) => setTimeout(r, 100));
    }
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204 });
  });

  it('sends only the kinds of change asked for', async () => {
    const { sheet, column, row } = await sheetWithHook(['row:create']);
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
      .set(owner.auth)
      .send({ values: { [column.id]: 'not sent' } })
      .expect(200);
    await api.rows(owner, sheet.id, [{ [column.id]: 'sent' }]);
    await eventually(() => receiver.received.length === 1, 5000, 'the row delivery');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.map((r) => (JSON.parse(r.body) as WebhookPayload).event)).toEqual(['row:create']);
  });

  it('never makes editing wait for a slow endpoint', async () => {
    receiver.answer = () => 'hold';
    const { sheet, column, row } = await sheetWithHook();
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
      .set(owner.auth)
      .send({ values: { [column.id]: 'first' } })
      .expect(200);
    await eventually(() => receiver.held.length === 1, 5000, 'the endpoint to be holding a delivery');
    // While the endpoint holds the request open, edits go on as usual.
    for (let i = 0; i < 10; i += 1) {
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(owner.auth)
        .send({ values: { [column.id]: `edit ${i}` } })
        .expect(200);
    }
    expect(receiver.held.length).toBeGreaterThanOrEqual(1);
    expect((await api.list(owner, sheet.id)).items[0].values[column.id]).toBe('edit 9');
    receiver.release();
  });

  it('stops sending once its creator is no longer an owner of the sheet', async () => {
    const { sheet, column, row } = await sheetWithHook();
    const coOwner = await registerMember(server);
    await api.share(owner, sheet.id, coOwner.user.id, 'owner');
    await request(server.url)
      .post(`/api/spreadsheets/${sheet.id}/webhooks`)
      .set(coOwner.auth)
      .send({ url: `${receiver.url}?from=co-owner` })
      .expect(201);
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
      .set(owner.auth)
      .send({ values: { [column.id]: 'both' } })
      .expect(200);
    await eventually(() => receiver.received.length === 2, 5000, 'a delivery to each webhook');
    await request(server.url).delete(`/api/spreadsheets/${sheet.id}/members/${coOwner.user.id}`).set(owner.auth).expect(204);
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
      .set(owner.auth)
      .send({ values: { [column.id]: 'owner only' } })
      .expect(200);
    await eventually(() => receiver.received.length === 3, 5000, "the owner's delivery");
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(3);
  });

  it('is for owners, with a valid URL', async () => {
    const { sheet, hook } = await sheetWithHook();
    await request(server.url).post(`/api/spreadsheets/${sheet.id}/webhooks`).set(editor.auth).send({ url: receiver.url }).expect(403);
    for (const body of [{ url: 'not a url' }, { url: 'ftp://example.com/x' }, { url: receiver.url, events: ['everything'] }, {}]) {
      const res = await request(server.url).post(`/api/spreadsheets/${sheet.id}/webhooks`).set(owner.auth).send(body).expect(400);
      expect(res.body.statusCode).toBe(400);
    }
    await request(server.url).delete(`/api/spreadsheets/${sheet.id}/webhooks/${hook.id}`).set(owner.auth).expect(204);
    await request(server.url).delete(`/api/spreadsheets/${sheet.id}/webhooks/${hook.id}`).set(owner.auth).expect(404);
    await request(server.url).get(`/api/spreadsheets/${sheet.id}/webhooks/${hook.id}/deliveries`).set(owner.auth).expect(404);
  });
});
