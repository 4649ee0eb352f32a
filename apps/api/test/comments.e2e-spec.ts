import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Comment, CommentEvent, CommentWebhookPayload, CreatedWebhook, Row, WebhookDelivery } from '@contrivance/contracts';
import request from 'supertest';
import { verifySignature } from '../src/modules/webhooks/webhook-signature';
import { dataByKeySql } from '../src/modules/spreadsheets/cells/stored-keys';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { createApiToken, registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, eventually, type TestSocket } from './support/sockets';

describe('row comments', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  let editor: TestAccount;
  let viewer: TestAccount;
  let outsider: TestAccount;

  beforeAll(async () => {
    server = await bootApp({ WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_TIMEOUT_MS: '2000' });
    api = sheetsApi(server);
    [owner, editor, viewer, outsider] = await Promise.all([0, 1, 2, 3].map(() => registerMember(server)));
  });
  afterAll(() => server.close());

  const http = () => request(server.url);
  const comments = (sheetId: string, rowId: string) => `/api/spreadsheets/${sheetId}/rows/${rowId}/comments`;

  /** A sheet shared with an editor and a viewer, with two rows. */
  async function sheet() {
    const created = await api.create(owner, { name: 'Deals' });
    await api.share(owner, created.id, editor.user.id, 'editor');
    await api.share(owner, created.id, viewer.user.id, 'viewer');
    const deal = await api.column(owner, created.id, { name: 'Deal', type: 'text' });
    const rows = await api.rows(owner, created.id, [{ [deal.id]: 'Acme' }, { [deal.id]: 'Globex' }]);
    return { id: created.id, deal, rows };
  }
  const post = (as: TestAccount | { auth: Record<string, string> }, sheetId: string, rowId: string, body: Record<string, unknown>) =>
    http().post(comments(sheetId, rowId)).set(as.auth).send(body);

  it('lets every member read and comment, the author edit, and the author or an owner delete', async () => {
    const s = await sheet();
    const row = s.rows[0].id;
    const byViewer = (await post(viewer, s.id, row, { body: '  Viewers may comment  ' }).expect(201)).body as Comment;
    expect(byViewer).toMatchObject({ rowId: row, userId: viewer.user.id, body: 'Viewers may comment', mentions: [] });
    const byEditor = (await post(editor, s.id, row, { body: 'Second' }).expect(201)).body as Comment;

    const listed = await http().get(comments(s.id, row)).set(viewer.auth).expect(200);
    expect(listed.body.total).toBe(2);
    expect((listed.body.items as Comment[]).map((c) => c.body)).toEqual(['Viewers may comment', 'Second']);
    const paged = await http().get(comments(s.id, row)).query({ limit: 1, offset: 1 }).set(owner.auth).expect(200);
    expect(paged.body).toEqual({ items: [byEditor], total: 2 });
    expect((await http().get(comments(s.id, s.rows[1].id)).set(owner.auth).expect(200)).body).toEqual({ items: [], total: 0 });

    // Only the author edits, whatever their role.
    await http()
      .patch(`${comments(s.id, row)}/${byViewer.id}`)
      .set(owner.auth)
      .send({ body: 'Hijacked' })
      .expect(403);
    await http()
      .patch(`${comments(s.id, row)}/${byViewer.id}`)
      .set(editor.auth)
      .send({ body: 'Hijacked' })
      .expect(403);
    const edited = (
      await http()
        .patch(`${comments(s.id, row)}/${byViewer.id}`)
        .set(viewer.auth)
        .send({ body: 'Edited' })
        .expect(200)
    ).body as Comment;
    expect(edited).toMatchObject({ id: byViewer.id, body: 'Edited', createdAt: byViewer.createdAt });
    expect(Date.parse(edited.updatedAt)).toBeGreaterThanOrEqual(Date.parse(byViewer.updatedAt));

    // An editor cannot delete someone else's comment; an owner can; the author can delete their own.
    await http()
      .delete(`${comments(s.id, row)}/${byViewer.id}`)
      .set(editor.auth)
      .expect(403);
    await http()
      .delete(`${comments(s.id, row)}/${byViewer.id}`)
      .set(owner.auth)
      .expect(204);
    await http()
      .delete(`${comments(s.id, row)}/${byEditor.id}`)
      .set(editor.auth)
      .expect(204);
    await http()
      .delete(`${comments(s.id, row)}/${byEditor.id}`)
      .set(editor.auth)
      .expect(404);
    expect((await http().get(comments(s.id, row)).set(owner.auth).expect(200)).body.total).toBe(0);

    // Someone the sheet is not shared with sees nothing of it.
    const hidden = await http().get(comments(s.id, row)).set(outsider.auth).expect(404);
    expect(hidden.body.message).toBe('Spreadsheet not found');
    await post(outsider, s.id, row, { body: 'Hello?' }).expect(404);
    // A comment of another row is not found under this one.
    const other = (await post(owner, s.id, s.rows[1].id, { body: 'On Globex' }).expect(201)).body as Comment;
    await http()
      .patch(`${comments(s.id, row)}/${other.id}`)
      .set(owner.auth)
      .send({ body: 'x' })
      .expect(404);
  });

  it('lets a read-only API token read comments but not write them', async () => {
    const s = await sheet();
    const row = s.rows[0].id;
    const mine = (await post(owner, s.id, row, { body: 'Mine' }).expect(201)).body as Comment;
    const read = await createApiToken(server, owner, 'read');
    expect((await http().get(comments(s.id, row)).set(read.auth).expect(200)).body.total).toBe(1);
    await post(read, s.id, row, { body: 'From a read token' }).expect(403);
    await http()
      .patch(`${comments(s.id, row)}/${mine.id}`)
      .set(read.auth)
      .send({ body: 'x' })
      .expect(403);
    await http()
      .delete(`${comments(s.id, row)}/${mine.id}`)
      .set(read.auth)
      .expect(403);
    const write = await createApiToken(server, owner, 'write');
    await post(write, s.id, row, { body: 'From a write token' }).expect(201);
  });

  it('validates the body and mentions: members only, with a clear message', async () => {
    const s = await sheet();
    const row = s.rows[0].id;
    for (const body of [{ body: '   ' }, { body: 'x'.repeat(10_001) }, {}, { body: 'ok', extra: 1 }, { body: 'ok', mentions: ['not-a-uuid'] }, { body: 42 }]) {
      const res = await post(owner, s.id, row, body).expect(400);
      expect(res.body.statusCode).toBe(400);
    }
    await post(owner, s.id, row, { body: 'x'.repeat(10_000) }).expect(201);

    const refused = await post(editor, s.id, row, { body: `Hi @Outsider`, mentions: [outsider.user.id] }).expect(400);
    expect(refused.body.message).toBe('Only members of this spreadsheet can be mentioned');
    expect(refused.body.details).toEqual([{ field: 'mentions[0]', message: `${outsider.user.id} is not a member of this spreadsheet` }]);

    // Owners, editors and viewers can be mentioned (ids in any case, each once).
    const ok = (await post(editor, s.id, row, { body: 'Hi all', mentions: [viewer.user.id.toUpperCase(), owner.user.id, viewer.user.id] }).expect(201)).body as Comment;
    expect(ok.mentions).toEqual([viewer.user.id, owner.user.id]);
    // Editing keeps the mentions unless new ones are given, checked the same way.
    const kept = (
      await http()
        .patch(`${comments(s.id, row)}/${ok.id}`)
        .set(editor.auth)
        .send({ body: 'Hi all again' })
        .expect(200)
    ).body as Comment;
    expect(kept.mentions).toEqual([viewer.user.id, owner.user.id]);
    await http()
      .patch(`${comments(s.id, row)}/${ok.id}`)
      .set(editor.auth)
      .send({ mentions: [outsider.user.id] })
      .expect(400);
    const cleared = (
      await http()
        .patch(`${comments(s.id, row)}/${ok.id}`)
        .set(editor.auth)
        .send({ mentions: [] })
        .expect(200)
    ).body as Comment;
    expect(cleared).toMatchObject({ body: 'Hi all again', mentions: [] });
  });

  it("answers 404 for a deleted row and keeps its comments for the row's return", async () => {
    const s = await sheet();
    const row: Row = s.rows[0];
    await post(owner, s.id, row.id, { body: 'Before the delete' }).expect(201);
    await post(owner, s.id, '00000000-0000-4000-8000-000000000000', { body: 'No such row' }).expect(404);

    await http().delete(`/api/spreadsheets/${s.id}/rows/${row.id}`).set(owner.auth).expect(204);
    const gone = await http().get(comments(s.id, row.id)).set(owner.auth).expect(404);
    expect(gone.body.message).toBe('Row not found');
    await post(viewer, s.id, row.id, { body: 'Too late' }).expect(404);
    const counts = await http().get(`/api/spreadsheets/${s.id}/comments/counts`).query({ rowIds: row.id }).set(owner.auth).expect(200);
    expect(counts.body).toEqual({ counts: { [row.id]: 1 } });

    // The row comes back with its id (as a restore brings it): so do its comments.
    await withClient(testDatabaseUrl(), (c) =>
      c.query(`INSERT INTO spreadsheet_rows (id, sheet_id, position, data) VALUES ($1, $2, $3, ${dataByKeySql('$4::jsonb', '$2')})`, [
        row.id,
        s.id,
        row.position,
        JSON.stringify(row.values),
      ]),
    );
    const back = await http().get(comments(s.id, row.id)).set(viewer.auth).expect(200);
    expect((back.body.items as Comment[]).map((c) => c.body)).toEqual(['Before the delete']);

    // Deleting the sheet takes its comments along.
    await http().delete(`/api/spreadsheets/${s.id}`).set(owner.auth).expect(204);
    const left = await withClient(testDatabaseUrl(), (c) => c.query(`SELECT count(*)::int AS n FROM spreadsheet_comments WHERE sheet_id = $1`, [s.id]));
    expect(left.rows[0].n).toBe(0);
  });

  it('counts comments per row for the grid', async () => {
    const s = await sheet();
    const [a, b] = s.rows.map((r) => r.id);
    await post(owner, s.id, a, { body: 'one' }).expect(201);
    await post(viewer, s.id, a, { body: 'two' }).expect(201);
    const res = await http()
      .get(`/api/spreadsheets/${s.id}/comments/counts`)
      .query({ rowIds: `${a},${b.toUpperCase()}` })
      .set(viewer.auth)
      .expect(200);
    expect(res.body).toEqual({ counts: { [a]: 2 } });
    await http().get(`/api/spreadsheets/${s.id}/comments/counts`).set(viewer.auth).expect(400);
    await http().get(`/api/spreadsheets/${s.id}/comments/counts`).query({ rowIds: 'nope' }).set(viewer.auth).expect(400);
    await http().get(`/api/spreadsheets/${s.id}/comments/counts`).query({ rowIds: a }).set(outsider.auth).expect(404);
  });

  it('sends each comment event to the sockets that joined the sheet, and only those', async () => {
    const s = await sheet();
    const row = s.rows[0].id;
    const sockets: TestSocket[] = [];
    try {
      const [watcher, stranger] = await Promise.all([connectSocket(server.url, viewer.accessToken), connectSocket(server.url, outsider.accessToken)]);
      sockets.push(watcher, stranger);
      const heard: CommentEvent[] = [];
      const overheard: CommentEvent[] = [];
      watcher.socket.on('comment', (e: CommentEvent) => heard.push(e));
      stranger.socket.on('comment', (e: CommentEvent) => overheard.push(e));
      expect(await watcher.join(s.id)).toMatchObject({ ok: true });
      expect(await stranger.join(s.id)).toMatchObject({ ok: false });
      const versionBefore = (await http().get(`/api/spreadsheets/${s.id}`).set(owner.auth).expect(200)).body.version as number;

      const created = (await post(owner, s.id, row, { body: 'Hello @Viewer', mentions: [viewer.user.id] }).expect(201)).body as Comment;
      await eventually(() => heard.length === 1, 5000, 'the comment event');
      expect(heard[0]).toEqual({ spreadsheetId: s.id, rowId: row, action: 'created', comment: created });
      const edited = (
        await http()
          .patch(`${comments(s.id, row)}/${created.id}`)
          .set(owner.auth)
          .send({ body: 'Hello again' })
          .expect(200)
      ).body as Comment;
      await http()
        .delete(`${comments(s.id, row)}/${created.id}`)
        .set(owner.auth)
        .expect(204);
      await eventually(() => heard.length === 3, 5000, 'the update and delete events');
      expect(heard.slice(1).map((e) => [e.action, e.comment])).toEqual([
        ['updated', edited],
        ['deleted', edited],
      ]);
      // Comments are not changes of the sheet: no version moves, no change is broadcast, history has nothing.
      expect(watcher.changes).toEqual([]);
      expect((await http().get(`/api/spreadsheets/${s.id}`).set(owner.auth).expect(200)).body.version).toBe(versionBefore);
      expect(overheard).toEqual([]);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it('delivers comment events to webhooks that ask for them, signed', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const s = await sheet();
      const row = s.rows[0].id;
      const hook = (
        await http()
          .post(`/api/spreadsheets/${s.id}/webhooks`)
          .set(owner.auth)
          .send({ url, events: ['comment.created'] })
          .expect(201)
      ).body as CreatedWebhook;
      expect(hook.events).toEqual(['comment.created']);
      // Not asked for: a cell edit.
      await http()
        .patch(`/api/spreadsheets/${s.id}/rows/${row}`)
        .set(owner.auth)
        .send({ values: { [s.deal.id]: 'Renamed' } })
        .expect(200);
      const comment = (await post(viewer, s.id, row, { body: 'Webhook me', mentions: [editor.user.id] }).expect(201)).body as Comment;
      await eventually(() => received.length === 1, 5000, 'the comment delivery');
      const [{ headers, body }] = received;
      expect(verifySignature(hook.secret, body, headers['x-contrivance-signature'] as string)).toBe(true);
      expect(headers['x-contrivance-event']).toBe('comment.created');
      const payload = JSON.parse(body) as CommentWebhookPayload;
      const version = (await http().get(`/api/spreadsheets/${s.id}`).set(owner.auth).expect(200)).body.version as number;
      expect(payload).toEqual({ spreadsheetId: s.id, version, event: 'comment.created', rowId: row, comment });
      // Only created was asked for: an edit is not sent.
      await http()
        .patch(`${comments(s.id, row)}/${comment.id}`)
        .set(viewer.auth)
        .send({ body: 'Edited' })
        .expect(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(1);
      let deliveries: WebhookDelivery[] = [];
      for (let i = 0; i < 50 && deliveries[0]?.status !== 'delivered'; i += 1) {
        deliveries = (await http().get(`/api/spreadsheets/${s.id}/webhooks/${hook.id}/deliveries`).set(owner.auth).expect(200)).body.items;
        if (deliveries[0]?.status !== 'delivered') await new Promise((r) => setTimeout(r, 50));
      }
      expect(deliveries).toEqual([expect.objectContaining({ event: 'comment.created', version, status: 'delivered', attempts: 1 })]);

      // Comments are sent only to webhooks that name them: one without an events filter (made for changes, whose
      // payloads carry `changes`) does not get them.
      const all = (
        await http()
          .post(`/api/spreadsheets/${s.id}/webhooks`)
          .set(owner.auth)
          .send({ url: `${url}?all` })
          .expect(201)
      ).body as { id: string };
      await http()
        .post(`/api/spreadsheets/${s.id}/webhooks`)
        .set(owner.auth)
        .send({ url: `${url}?deleted`, events: ['comment.deleted'] })
        .expect(201);
      await http()
        .delete(`${comments(s.id, row)}/${comment.id}`)
        .set(owner.auth)
        .expect(204);
      await eventually(() => received.some((r) => r.headers['x-contrivance-event'] === 'comment.deleted'), 5000, 'the delete delivery');
      expect((await http().get(`/api/spreadsheets/${s.id}/webhooks/${all.id}/deliveries`).set(owner.auth).expect(200)).body.items).toEqual([]);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
