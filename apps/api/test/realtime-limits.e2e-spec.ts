import type { Column, PresenceEvent, Row, Spreadsheet } from '@contrivance/contracts';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, eventually, rawSocketCall, type TestSocket } from './support/sockets';

/**
 * One user cannot flood the real-time door: sockets per user are capped, every event kind has a per-user budget
 * (spreading events over many sockets gains nothing), and presence is broadcast at most once per sheet per 100 ms
 * however many focus moves and joins arrive (5,000 presence events used to become 100,000 messages).
 */
describe('real-time limits', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let flooder: TestAccount;
  let watcher: TestAccount;
  let sheet: Spreadsheet;
  let column: Column;
  let rows: Row[];
  const open: TestSocket[] = [];
  const connect = async (account: TestAccount) => {
    const socket = await connectSocket(server.url, account.accessToken);
    open.push(socket);
    return socket;
  };

  beforeAll(async () => {
    server = await bootApp({ REALTIME_MAX_SOCKETS_PER_USER: '5', REALTIME_EVENTS_PER_SECOND: '50' });
    api = sheetsApi(server);
    [flooder, watcher] = [await registerMember(server), await registerMember(server)];
    sheet = await api.create(flooder, { name: 'Flooded' });
    column = await api.column(flooder, sheet.id, { name: 'Note', type: 'text' });
    rows = await api.rows(flooder, sheet.id, [{}, {}]);
    await api.share(flooder, sheet.id, watcher.user.id, 'viewer');
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(() => server.close());

  it('caps the sockets one user may hold open; a closed one makes room again', async () => {
    const sockets = await Promise.all(Array.from({ length: 5 }, () => connect(flooder)));
    await expect(connectSocket(server.url, flooder.accessToken)).rejects.toThrow('rate_limited');
    // Someone else is not affected.
    await connect(watcher);
    sockets[0].close();
    await eventually(() => !sockets[0].socket.connected, 2000, 'the socket to close');
    await new Promise((r) => setTimeout(r, 100));
    await connect(flooder);
  });

  it('budgets joins and presence per user across their sockets, and coalesces what it broadcasts', async () => {
    const watching = await connect(watcher);
    expect(await watching.join(sheet.id)).toMatchObject({ ok: true });
    const sockets = await Promise.all(Array.from({ length: 5 }, () => connect(flooder)));
    for (const s of sockets) expect(await s.join(sheet.id)).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 1100)); // a fresh budget
    watching.presence.length = 0;

    const acks = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        sockets[i % sockets.length].call('presence:update', { spreadsheetId: sheet.id, focus: { rowId: rows[i % 2].id, columnId: column.id } }),
      ),
    );
    const accepted = acks.filter((a) => a.ok).length;
    expect(accepted).toBeLessThanOrEqual(50);
    expect(acks.filter((a) => !a.ok).every((a) => !a.ok && a.error === 'rate_limited')).toBe(true);

    await new Promise((r) => setTimeout(r, 400));
    // A burst of accepted updates arrives as a handful of broadcasts, the last showing where the flooder's focus is.
    expect(watching.presence.length).toBeGreaterThanOrEqual(1);
    expect(watching.presence.length).toBeLessThanOrEqual(5);
    const last = watching.presence.at(-1) as PresenceEvent;
    expect(last.users.find((u) => u.userId === flooder.user.id)?.focus).toMatchObject({ columnId: column.id });

    // The watcher's own events have their own budget.
    expect(await watching.call('presence:update', { spreadsheetId: sheet.id, focus: { rowId: rows[0].id, columnId: column.id } })).toMatchObject({ ok: true });
  });

  it('refuses payloads nested beyond the input depth, or holding NUL, with an error ack on every event', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    for (const event of ['join', 'leave', 'cell:update', 'row:create', 'row:delete', 'presence:update']) {
      const ack = await rawSocketCall(server.url, watcher.accessToken, event, `{"spreadsheetId":"${sheet.id}","value":${deep}}`);
      expect([event, ack]).toEqual([event, expect.objectContaining({ ok: false, error: 'validation_failed', message: expect.stringContaining('deeper than 32') })]);
      const nul = await rawSocketCall(server.url, watcher.accessToken, event, `{"spreadsheetId":"${sheet.id}","value":"a\\u0000b"}`);
      expect([event, nul]).toEqual([event, expect.objectContaining({ ok: false, error: 'validation_failed', message: expect.stringContaining('NUL') })]);
    }
    const socket = await connect(watcher);
    expect(await socket.call('join', { spreadsheetId: sheet.id, sinceVersion: 1e20 })).toMatchObject({ ok: false, error: 'validation_failed' });
    expect(await socket.join(sheet.id)).toMatchObject({ ok: true });
  });
});
