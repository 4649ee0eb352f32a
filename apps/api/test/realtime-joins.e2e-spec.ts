import type { Column, JoinResult, Row, SheetChange, Spreadsheet } from '@contrivance/contracts';
import { HistoryService } from '../src/modules/spreadsheets';
import { RealtimeServer } from '../src/modules/realtime/realtime-server';
import type { RunningServer } from '../src/server';
import { bootApp, testEnvironment } from './support/app';
import { http, signUp } from './support/built-app';
import { freePort, spawnApp, waitForOk } from './support/process.cjs';
import { redisForTest, testRedisUrl } from './support/redis';
import { connectSocket, eventually, type TestSocket } from './support/sockets';

/**
 * Joins over two instances sharing Redis (one in this process, so a fault can be put in its path; one spawned): a
 * refused or failed join leaves the socket outside the sheet's room, an accepted one meets the room's events at one
 * point (each change once, in order, whatever commits while it reads), and a crowd of one person's sockets joins at
 * once without asking the other instance who is there.
 */
describe('joining a sheet (two instances, Redis)', () => {
  let inProcess: RunningServer;
  let spawned: ReturnType<typeof spawnApp>;
  const bases: string[] = [];
  const open: TestSocket[] = [];
  let enabled = false;
  const limits = { REALTIME_MAX_SOCKETS_PER_USER: '1000', REALTIME_EVENTS_PER_SECOND: '100000', REALTIME_WRITES_PER_SECOND: '100000' };

  beforeAll(async () => {
    enabled = await redisForTest('joins across instances');
    if (!enabled) return;
    inProcess = await bootApp({ REDIS_URL: testRedisUrl, ...limits });
    const port = await freePort();
    const env = testEnvironment({ REDIS_URL: testRedisUrl, PORT: String(port), MIGRATIONS_RUN: 'false', LOG_LEVEL: 'warn', ...limits });
    spawned = spawnApp(Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)));
    bases.push(inProcess.url, `http://127.0.0.1:${port}`);
    await waitForOk(`${bases[1]}/health/ready`, spawned);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    for (const s of open.splice(0)) s.close();
  });
  afterAll(async () => {
    if (!enabled) return;
    spawned.child.kill('SIGTERM');
    await spawned.exited;
    await inProcess.close();
  });

  async function connect(base: string, token: string): Promise<TestSocket> {
    const s = await connectSocket(base, token);
    open.push(s);
    return s;
  }
  async function sheetWithCell(token: string): Promise<{ sheet: Spreadsheet; column: Column; row: Row }> {
    const sheet = (await http(bases[0], '/api/spreadsheets', { method: 'POST', token, body: { name: 'Joins' } })).body as Spreadsheet;
    const column = (await http(bases[0], `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', token, body: { name: 'N', type: 'number' } })).body as Column;
    const [row] = (await http(bases[0], `/api/spreadsheets/${sheet.id}/rows`, { method: 'POST', token, body: { rows: [{ values: {} }] } })).body as Row[];
    return { sheet, column, row };
  }
  const edit = (base: string, token: string, cell: { sheet: Spreadsheet; column: Column; row: Row }, value: number) =>
    http(base, `/api/spreadsheets/${cell.sheet.id}/rows/${cell.row.id}`, { method: 'PATCH', token, body: { values: { [cell.column.id]: value } } });
  /** What a socket got of a sheet: its join's replay, then the events, as versions. */
  const versionsOf = (answer: JoinResult | undefined, socket: TestSocket, sheetId: string) => [
    ...(answer?.missed ?? []).map((c) => c.version),
    ...socket.changes.filter((c) => c.spreadsheetId === sheetId).map((c) => c.version),
  ];

  it('leaves a socket whose join failed, or was refused, outside the room: it receives none of the sheet', async () => {
    if (!enabled) return;
    const ann = await signUp(bases[0], 'Ann');
    const eve = await signUp(bases[1], 'Eve');
    const cell = await sheetWithCell(ann.accessToken);
    const watcher = await connect(bases[1], ann.accessToken);
    expect(await watcher.join(cell.sheet.id)).toMatchObject({ ok: true });

    // The join fails after the access check (as a timed-out lookup did), on a socket that had already joined.
    const failing = await connect(bases[0], ann.accessToken);
    expect(await failing.join(cell.sheet.id)).toMatchObject({ ok: true });
    const history = inProcess.app.get(HistoryService);
    jest.spyOn(history, 'currentVersion').mockRejectedValueOnce(new Error('lookup timed out'));
    expect(await failing.join(cell.sheet.id)).toMatchObject({ ok: false, error: 'internal' });
    // Refused: not a member of the sheet, and an invalid join of a sheet the socket had joined.
    const stranger = await connect(bases[0], eve.accessToken);
    expect(await stranger.join(cell.sheet.id)).toMatchObject({ ok: false });
    const invalid = await connect(bases[0], ann.accessToken);
    expect(await invalid.join(cell.sheet.id)).toMatchObject({ ok: true });
    expect(await invalid.join(cell.sheet.id, -1)).toMatchObject({ ok: false, error: 'validation_failed' });

    for (const [i, base] of bases.entries()) expect((await edit(base, ann.accessToken, cell, i + 1)).status).toBe(200);
    await eventually(() => watcher.changes.length === 2, 5000, 'both edits on the watching socket');
    await new Promise((r) => setTimeout(r, 200));
    expect(failing.changes).toEqual([]);
    expect(stranger.changes).toEqual([]);
    expect(invalid.changes).toEqual([]);
    // Its presence is gone too: only the watcher's tab lists Ann.
    const users = ((await (await connect(bases[1], ann.accessToken)).join(cell.sheet.id)) as JoinResult).users;
    expect(users.map((u) => u.displayName)).toEqual(['Ann']);
  });

  it('answers a join at one point: what commits while it reads comes once, in the replay or as an event, in order', async () => {
    if (!enabled) return;
    const ann = await signUp(bases[0], 'Ann');
    const cell = await sheetWithCell(ann.accessToken);
    // Slow reads, so that edits on both instances commit in the middle of joins on this one.
    const history = inProcess.app.get(HistoryService);
    const since = history.since.bind(history);
    const currentVersion = history.currentVersion.bind(history);
    jest.spyOn(history, 'currentVersion').mockImplementation(async (id) => {
      const version = await currentVersion(id);
      await new Promise((r) => setTimeout(r, 15));
      return version;
    });
    jest.spyOn(history, 'since').mockImplementation(async (...args) => {
      await new Promise((r) => setTimeout(r, 15));
      return since(...args);
    });
    const edits = 40;
    const writing = (async () => {
      for (let i = 0; i < edits; i += 1) expect((await edit(bases[i % 2], ann.accessToken, cell, i)).status).toBe(200);
    })();
    const joiners: { socket: TestSocket; answer: Promise<JoinResult> }[] = [];
    for (let i = 0; i < 24; i += 1) {
      const socket = await connect(bases[0], ann.accessToken);
      joiners.push({ socket, answer: socket.join(cell.sheet.id, i % 2 ? 0 : undefined).then((a) => a as JoinResult) });
      await new Promise((r) => setTimeout(r, 10));
    }
    await writing;
    const base = ((await (await connect(bases[1], ann.accessToken)).join(cell.sheet.id)) as JoinResult).version;
    const upTo = (from: number) => Array.from({ length: base - from + 1 }, (_, k) => from + k);
    for (const [i, { socket, answer }] of joiners.entries()) {
      const joined = await answer;
      expect(joined).toMatchObject({ ok: true });
      await eventually(() => Math.max(joined.version, ...socket.changes.map((c) => c.version)) === base, 5000, 'the last edit');
      await new Promise((r) => setTimeout(r, 50));
      expect(socket.changes.every((c) => c.version > joined.version)).toBe(true);
      const got = versionsOf(joined, socket, cell.sheet.id);
      // From 0: every version once, in order. Without: a gap-free run from the point it joined at to the last.
      expect(got).toEqual(i % 2 ? upTo(1) : upTo(base - got.length + 1));
    }
  });

  it('lets a crowd of one person join at once over both instances, listed once, without asking the other instance per join', async () => {
    if (!enabled) return;
    const ann = await signUp(bases[0], 'Ann');
    const cell = await sheetWithCell(ann.accessToken);
    const adapter = inProcess.app.get(RealtimeServer).server.of('/').adapter;
    const lookups = jest.spyOn(adapter, 'fetchSockets');
    const crowd = await Promise.all(Array.from({ length: 200 }, (_, i) => connect(bases[i % 2], ann.accessToken)));
    const answers = (await Promise.all(crowd.map((s) => s.join(cell.sheet.id)))) as (JoinResult & { ok: boolean })[];
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    for (const a of answers) expect(a.users.map((u) => u.displayName)).toEqual(['Ann']);
    expect(lookups).not.toHaveBeenCalled();

    for (let i = 0; i < 5; i += 1) expect((await edit(bases[i % 2], ann.accessToken, cell, i)).status).toBe(200);
    const first = answers[0].version;
    await eventually(() => crowd.every((s) => s.changes.length >= 5), 10_000, 'every edit on every socket');
    await new Promise((r) => setTimeout(r, 200));
    for (const [i, s] of crowd.entries()) {
      expect(s.changes.map((c: SheetChange) => c.version)).toEqual([1, 2, 3, 4, 5].map((k) => answers[i].version + k));
      // Presence is coalesced: a handful of messages for the whole burst, not one per join.
      expect(s.presence.length).toBeLessThanOrEqual(5);
    }
    expect(first).toBeGreaterThan(0);
  });
});
