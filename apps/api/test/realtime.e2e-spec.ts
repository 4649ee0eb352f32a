import type { Column, JoinResult, Row, SheetChange, Spreadsheet } from '@contrivance/contracts';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp, TEST_SECRETS, testDatabaseUrl, withClient } from './support/app';
import { createApiToken, registerAdmin, registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, eventually, type TestSocket } from './support/sockets';

const token = (account: TestAccount) => account.accessToken;

describe('real-time (Socket.IO on /ws)', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  let editor: TestAccount;
  let viewer: TestAccount;
  let stranger: TestAccount;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    [owner, editor, viewer, stranger] = await Promise.all([0, 1, 2, 3].map(() => registerMember(server)));
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(() => server.close());

  async function connect(account: TestAccount | string): Promise<TestSocket> {
    const s = await connectSocket(server.url, typeof account === 'string' ? account : token(account));
    open.push(s);
    return s;
  }

  /** A sheet shared with the editor and the viewer, with a text column, a number column and three rows. */
  async function sharedSheet(): Promise<{ sheet: Spreadsheet; text: Column; amount: Column; rows: Row[] }> {
    const sheet = await api.create(owner, { name: 'Live' });
    await api.share(owner, sheet.id, editor.user.id, 'editor');
    await api.share(owner, sheet.id, viewer.user.id, 'viewer');
    const text = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    const amount = await api.column(owner, sheet.id, { name: 'Amount', type: 'number' });
    const rows = await api.rows(owner, sheet.id, [{ [text.id]: 'A' }, { [text.id]: 'B' }, { [text.id]: 'C' }]);
    return { sheet, text, amount, rows };
  }

  describe('handshake', () => {
    it('refuses a connection without a token, with a bad one, or with an expired one', async () => {
      await expect(connectSocket(server.url)).rejects.toThrow('unauthorized');
      await expect(connectSocket(server.url, 'not-a-token')).rejects.toThrow('unauthorized');
      const expired = sign({ sub: owner.user.id, role: 'member', sid: 'x' }, TEST_SECRETS.JWT_SECRET, {
        algorithm: 'HS256',
        issuer: 'contrivance',
        audience: 'contrivance-api',
        expiresIn: -10,
      });
      await expect(connectSocket(server.url, expired)).rejects.toThrow('unauthorized');
      const forged = sign({ sub: owner.user.id, role: 'member', sid: 'x' }, 'some-other-secret-0123456789abcdef0123456789', {
        algorithm: 'HS256',
        issuer: 'contrivance',
        audience: 'contrivance-api',
        expiresIn: 60,
      });
      await expect(connectSocket(server.url, forged)).rejects.toThrow('unauthorized');
    });

    it('accepts API tokens, and a read token may join but not write', async () => {
      const { sheet, text, rows } = await sharedSheet();
      const read = await createApiToken(server, owner, 'read');
      const s = await connect(read.token.token);
      // Its join says what it can do (read), not its owner's role.
      expect(await s.join(sheet.id)).toMatchObject({ ok: true, role: 'viewer' });
      expect(await s.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: text.id, value: 'x' })).toMatchObject({ ok: false, error: 'forbidden' });
    });

    it('drops a socket the moment its API token is revoked, by the API or by anyone in the database', async () => {
      const { sheet, text, rows } = await sharedSheet();
      for (const revoke of ['api', 'sql'] as const) {
        const write = await createApiToken(server, owner, 'write');
        const s = await connect(write.token.token);
        await s.join(sheet.id);
        expect(await s.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: text.id, value: `before ${revoke}` })).toMatchObject({ ok: true });
        if (revoke === 'api') await request(server.url).delete(`/api/tokens/${write.token.id}`).set(owner.auth).expect(204);
        else await withClient(testDatabaseUrl(), (c) => c.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [write.token.id]));
        await eventually(() => !s.socket.connected, 2000, `the socket to be dropped (${revoke})`);
        const seen = s.changes.length;
        await request(server.url)
          .patch(`/api/spreadsheets/${sheet.id}/rows/${rows[0].id}`)
          .set(owner.auth)
          .send({ values: { [text.id]: `after ${revoke}` } })
          .expect(200);
        await new Promise((r) => setTimeout(r, 200));
        expect(s.changes).toHaveLength(seen);
        await expect(connect(write.token.token)).rejects.toThrow('unauthorized');
      }
    });

    it('drops the socket when its access token expires', async () => {
      const { sid } = JSON.parse(Buffer.from(owner.accessToken.split('.')[1], 'base64url').toString()) as { sid: string };
      const soon = sign({ sub: owner.user.id, role: 'member', sid }, TEST_SECRETS.JWT_SECRET, {
        algorithm: 'HS256',
        issuer: 'contrivance',
        audience: 'contrivance-api',
        expiresIn: 2,
      });
      const s = await connect(soon);
      expect(s.socket.connected).toBe(true);
      await eventually(() => !s.socket.connected, 5000, 'the server to drop the expired socket');
    });
  });

  describe('join', () => {
    it('answers members with their role and the version; others get not_found, as over HTTP', async () => {
      const { sheet } = await sharedSheet();
      const detail = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(200)).body as Spreadsheet;
      const v = await connect(viewer);
      expect(await v.join(sheet.id)).toMatchObject({ ok: true, role: 'viewer', version: detail.version });
      const s = await connect(stranger);
      expect(await s.join(sheet.id)).toEqual({ ok: false, error: 'not_found', message: 'Spreadsheet not found' });
      expect(await s.join('00000000-0000-4000-8000-000000000000')).toMatchObject({ ok: false, error: 'not_found' });
    });

    it.each([[undefined], [{}], [{ spreadsheetId: 'nope' }], [{ spreadsheetId: '00000000-0000-4000-8000-000000000000', sinceVersion: -1 }], ['text'], [[1, 2]]])(
      'answers a malformed join %j with validation_failed',
      async (payload) => {
        const s = await connect(owner);
        expect(await s.call('join', payload)).toMatchObject({ ok: false, error: 'validation_failed' });
      },
    );
  });

  describe('changes', () => {
    it('clears a cell with null, refuses to clear a required one, and refuses an edit made on a stale row version', async () => {
      const { sheet, text, amount, rows } = await sharedSheet();
      const o = await connect(owner);
      await o.join(sheet.id);
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${rows[0].id}`)
        .set(owner.auth)
        .send({ values: { [amount.id]: 5 } })
        .expect(200);
      expect(await o.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: amount.id, value: null })).toMatchObject({ ok: true });
      expect((await api.list(owner, sheet.id)).items[0].values[amount.id]).toBeUndefined();
      expect(await o.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: amount.id })).toMatchObject({
        ok: false,
        error: 'validation_failed',
        message: expect.stringContaining('null clears the cell'),
      });

      await request(server.url).patch(`/api/spreadsheets/${sheet.id}/columns/${text.id}`).set(owner.auth).send({ required: true }).expect(200);
      expect(await o.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[1].id, columnId: text.id, value: null })).toMatchObject({
        ok: false,
        error: 'validation_failed',
        message: 'Invalid cell values: values.' + text.id + ' Deal is required',
      });

      const current = (await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows/${rows[2].id}`).set(owner.auth).expect(200)).body as Row;
      expect(await o.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[2].id, columnId: text.id, value: 'on time', expectedVersion: current.version })).toMatchObject({
        ok: true,
      });
      const stale = await o.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[2].id, columnId: text.id, value: 'too late', expectedVersion: current.version });
      expect(stale).toMatchObject({
        ok: false,
        error: 'conflict',
        details: [expect.objectContaining({ row: expect.objectContaining({ values: expect.objectContaining({ [text.id]: 'on time' }) }) })],
      });
    });

    it('broadcasts every committed change, from the socket or from REST, to members only, once', async () => {
      const { sheet, text, rows } = await sharedSheet();
      const [o, v, s] = [await connect(owner), await connect(viewer), await connect(stranger)];
      const joined = (await o.join(sheet.id)) as { version: number };
      await v.join(sheet.id);
      await s.join(sheet.id);

      const ack = await o.call<{ version: number }>('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: text.id, value: 'Acme', clientId: 'tab-1' });
      expect(ack).toEqual({ ok: true, version: joined.version + 1 });
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${rows[1].id}`)
        .set(editor.auth)
        .send({ values: { [text.id]: 'Globex' } })
        .expect(200);

      await eventually(() => v.changes.length === 2 && o.changes.length === 2, 5000, 'both changes');
      expect(v.changes).toEqual([
        {
          spreadsheetId: sheet.id,
          version: joined.version + 1,
          part: 1,
          parts: 1,
          kind: 'cell',
          rowId: rows[0].id,
          columnId: text.id,
          value: 'Acme',
          userId: owner.user.id,
          clientId: 'tab-1',
        },
        { spreadsheetId: sheet.id, version: joined.version + 2, part: 1, parts: 1, kind: 'cell', rowId: rows[1].id, columnId: text.id, value: 'Globex', userId: editor.user.id },
      ]);
      await new Promise((r) => setTimeout(r, 100));
      expect(v.changes).toHaveLength(2);
      expect(s.changes).toEqual([]);
    });

    it('refuses a viewer’s writes with forbidden and broadcasts nothing', async () => {
      const { sheet, text, rows } = await sharedSheet();
      const [o, v] = [await connect(owner), await connect(viewer)];
      await o.join(sheet.id);
      await v.join(sheet.id);
      expect(await v.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: text.id, value: 'x' })).toEqual({
        ok: false,
        error: 'forbidden',
        message: 'Viewers cannot change this spreadsheet',
      });
      expect(await v.call('row:create', { spreadsheetId: sheet.id, values: {} })).toMatchObject({ ok: false, error: 'forbidden' });
      expect(await v.call('row:delete', { spreadsheetId: sheet.id, rowId: rows[0].id })).toMatchObject({ ok: false, error: 'forbidden' });
      await new Promise((r) => setTimeout(r, 100));
      expect(o.changes).toEqual([]);
      expect((await api.list(owner, sheet.id)).items[0].values[text.id]).toBe('A');
    });

    it('checks values by column type and refuses malformed events without changing anything', async () => {
      const { sheet, text, amount, rows } = await sharedSheet();
      const o = await connect(owner);
      await o.join(sheet.id);
      expect(await o.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: amount.id, value: 'lots' })).toMatchObject({
        ok: false,
        error: 'validation_failed',
      });
      expect(await o.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: text.id })).toMatchObject({ ok: false, error: 'validation_failed' });
      expect(await o.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: text.id, value: 'x', extra: true })).toMatchObject({
        ok: false,
        error: 'validation_failed',
      });
      expect(await o.call('cell:update', 'garbage')).toMatchObject({ ok: false, error: 'validation_failed' });
      expect(await o.call('row:delete', { spreadsheetId: sheet.id, rowId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: 'not_found' });
      await new Promise((r) => setTimeout(r, 100));
      expect(o.changes).toEqual([]);
      expect((await api.list(owner, sheet.id)).items.map((r) => r.values[text.id])).toEqual(['A', 'B', 'C']);
    });

    it('treats upper-case ids as the same sheet, row and column', async () => {
      const { sheet, text, rows } = await sharedSheet();
      const [o, e] = [await connect(owner), await connect(editor)];
      await o.join(sheet.id);
      expect(await e.join(sheet.id.toUpperCase())).toMatchObject({ ok: true, role: 'editor' });
      expect(
        await e.call('cell:update', { spreadsheetId: sheet.id.toUpperCase(), rowId: rows[0].id.toUpperCase(), columnId: text.id.toUpperCase(), value: 'shouted' }),
      ).toMatchObject({ ok: true });
      await eventually(() => o.changes.length === 1, 5000, 'the change in the lower-case room');
      expect(o.changes[0]).toMatchObject({ spreadsheetId: sheet.id, rowId: rows[0].id, columnId: text.id, value: 'shouted' });
    });

    it('creates and deletes rows over the socket', async () => {
      const { sheet, text } = await sharedSheet();
      const [o, e] = [await connect(owner), await connect(editor)];
      await o.join(sheet.id);
      await e.join(sheet.id);
      const created = await e.call<{ row: Row; version: number }>('row:create', { spreadsheetId: sheet.id, values: { [text.id]: 'D' }, clientId: 'e1' });
      expect(created).toMatchObject({ ok: true, row: { values: { [text.id]: 'D' } } });
      const row = (created as { row: Row }).row;
      expect(await e.call('row:delete', { spreadsheetId: sheet.id, rowId: row.id })).toMatchObject({ ok: true });
      await eventually(() => o.changes.length === 2);
      expect(o.changes.map((c) => [c.kind, c.rowId])).toEqual([
        ['row:create', row.id],
        ['row:delete', row.id],
      ]);
    });

    it('keeps every one of 10 clients × 100 concurrent edits to different cells of the same rows, and all converge', async () => {
      const sheet = await api.create(owner, { name: 'Crowd' });
      const columns: Column[] = [];
      for (let c = 0; c < 10; c += 1) columns.push(await api.column(owner, sheet.id, { name: `C${c}`, type: 'number' }));
      const rows = await api.rows(
        owner,
        sheet.id,
        Array.from({ length: 100 }, () => ({})),
      );
      // Ten new people (each within a write budget of their own, untouched by earlier tests' edits), one client each.
      const people = await Promise.all(Array.from({ length: 10 }, () => registerMember(server)));
      for (const person of people) await api.share(owner, sheet.id, person.user.id, 'editor');
      const clients = await Promise.all(people.map((person) => connect(person)));
      const start = ((await clients[0].join(sheet.id)) as { version: number }).version;
      for (const c of clients.slice(1)) await c.join(sheet.id);

      // Client k owns column k and writes it in each of the 100 rows: every row gets ten concurrent writers, each
      // to its own cell, all 1000 edits in flight at once.
      const acks = await Promise.all(
        clients.flatMap((client, k) =>
          rows.map((row, i) => client.call('cell:update', { spreadsheetId: sheet.id, rowId: row.id, columnId: columns[k].id, value: k * 1000 + i, clientId: `c${k}` })),
        ),
      );
      expect(acks.filter((a) => !a.ok)).toEqual([]);

      // In the database, not one edit was lost to another writer of the same row.
      const stored = (await api.list(owner, sheet.id, { limit: 100 })).items;
      const expected = rows.map((_, i) => Object.fromEntries(columns.map((col, k) => [col.id, k * 1000 + i])));
      expect(stored.map((row) => row.values)).toEqual(expected);

      // Every client received all 1000 changes exactly once, with gap-free versions, and replaying them gives the
      // same state as the database.
      await eventually(() => clients.every((c) => c.changes.length >= 1000), 15_000, 'all changes to reach all clients');
      await new Promise((r) => setTimeout(r, 200));
      for (const client of clients) {
        expect(client.changes).toHaveLength(1000);
        expect(client.changes.map((c) => c.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => start + 1 + i));
        const state = new Map<string, Record<string, unknown>>();
        for (const change of [...client.changes].sort((a, b) => a.version - b.version)) {
          state.set(change.rowId!, { ...state.get(change.rowId!), [change.columnId!]: change.value });
        }
        expect(rows.map((r) => state.get(r.id))).toEqual(expected);
      }
    });

    it('limits write events per user, however many sockets they spread them over', async () => {
      const { sheet, amount, rows } = await sharedSheet();
      const sockets = await Promise.all(Array.from({ length: 10 }, () => connect(owner)));
      const acks = await Promise.all(
        Array.from({ length: 150 }, (_, i) => sockets[i % sockets.length].call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: amount.id, value: i })),
      );
      const limited = acks.filter((a) => !a.ok);
      expect(limited.length).toBeGreaterThanOrEqual(50);
      expect(limited[0]).toMatchObject({ ok: false, error: 'rate_limited' });
    });
  });

  describe('catch-up', () => {
    it('replays exactly the changes missed since a version', async () => {
      const { sheet, text, amount, rows } = await sharedSheet();
      const first = await connect(viewer);
      const { version } = (await first.join(sheet.id)) as JoinResult & { ok: true };
      first.close();

      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${rows[0].id}`)
        .set(owner.auth)
        .send({ values: { [text.id]: 'X', [amount.id]: 5 } })
        .expect(200);
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}/rows/${rows[2].id}`).set(owner.auth).expect(204);

      const again = await connect(viewer);
      const ack = (await again.join(sheet.id, version)) as JoinResult & { ok: true };
      expect(ack.version).toBe(version + 2);
      expect(ack.missed?.map((c: SheetChange) => [c.version, c.part, c.parts, c.kind, c.rowId, c.columnId ?? null, c.value])).toEqual([
        [version + 1, 1, 2, 'cell', rows[0].id, text.id, 'X'],
        [version + 1, 2, 2, 'cell', rows[0].id, amount.id, 5],
        [version + 2, 1, 1, 'row:delete', rows[2].id, null, null],
      ]);
      expect(((await again.join(sheet.id, version + 2)) as JoinResult).missed).toEqual([]);
    });

    it('asks a client that is too far behind (or ahead) to reload', async () => {
      const { sheet } = await sharedSheet();
      const o = await connect(owner);
      expect(await o.join(sheet.id, 10_000)).toMatchObject({ ok: true, reload: true });
    });
  });

  describe('presence', () => {
    it('shows who is in the sheet and which cell they focus, and forgets them when they leave', async () => {
      const { sheet, text, rows } = await sharedSheet();
      const o = await connect(owner);
      await o.join(sheet.id);
      const e = await connect(editor);
      const joined = (await e.join(sheet.id)) as JoinResult & { ok: true };
      expect(joined.users.map((u) => u.userId).sort()).toEqual([owner.user.id, editor.user.id].sort());

      expect(await e.call('presence:update', { spreadsheetId: sheet.id, focus: { rowId: rows[1].id, columnId: text.id } })).toEqual({ ok: true });
      await eventually(() => o.presence.some((p) => p.users.some((u) => u.userId === editor.user.id && u.focus?.rowId === rows[1].id)), 5000, 'the focus');

      e.close();
      await eventually(
        () =>
          o.presence
            .at(-1)
            ?.users.map((u) => u.userId)
            .join() === owner.user.id,
        5000,
        'the editor to leave',
      );
      expect(await o.call('presence:update', { spreadsheetId: '00000000-0000-4000-8000-000000000000', focus: null })).toMatchObject({ ok: false, error: 'validation_failed' });
    });
  });

  describe('losing access', () => {
    it('takes a removed member out of the room: no more changes reach them', async () => {
      const { sheet, text, rows } = await sharedSheet();
      const v = await connect(viewer);
      await v.join(sheet.id);
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}/members/${viewer.user.id}`).set(owner.auth).expect(204);
      await eventually(() => v.revoked.includes(sheet.id), 5000, 'the revocation');
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${rows[0].id}`)
        .set(owner.auth)
        .send({ values: { [text.id]: 'secret' } })
        .expect(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(v.changes).toEqual([]);
    });

    it('disconnects the sockets of a deactivated account', async () => {
      const admin = await registerAdmin(server);
      const leaving = await registerMember(server);
      const s = await connect(leaving);
      await request(server.url).delete(`/api/users/${leaving.user.id}`).set(admin.auth).expect(204);
      await eventually(() => !s.socket.connected, 5000, 'the socket to be dropped');
    });
  });

  it('reports sockets and broadcasts on /metrics', async () => {
    const { sheet, text, rows } = await sharedSheet();
    const o = await connect(owner);
    await o.join(sheet.id);
    await o.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: text.id, value: 'metered' });
    const admin = await registerAdmin(server);
    const metrics = (await request(server.url).get('/metrics').set(admin.auth).expect(200)).text;
    expect(metrics).toMatch(/^contrivance_ws_open_sockets [1-9]/m);
    expect(metrics).toMatch(/^contrivance_ws_joined_sheets [1-9]/m);
    expect(metrics).toMatch(/^contrivance_ws_changes_broadcast_total [1-9]/m);
    expect(metrics).toMatch(/^contrivance_ws_commit_to_broadcast_seconds_count [1-9]/m);
  });
});
