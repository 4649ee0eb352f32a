import type { AuthResponse, Column, JoinResult, Row, Spreadsheet } from '@contrivance/contracts';
import { testDatabaseUrl } from './support/app';
import { uniqueEmail } from './support/factories';
import { freePort, spawnApp, waitForOk } from './support/process.cjs';
import { redisForTest, testRedisUrl } from './support/redis';
import { connectSocket, eventually, type TestSocket } from './support/sockets';

/**
 * Two app processes on different ports, one PostgreSQL and one Redis: a sheet's room spans both, so an edit made
 * through one instance reaches clients of the other, and presence is the same seen from either.
 */
describe('real-time across two instances (Redis adapter)', () => {
  const apps: ReturnType<typeof spawnApp>[] = [];
  const bases: string[] = [];
  const open: TestSocket[] = [];
  let enabled = false;

  beforeAll(async () => {
    enabled = await redisForTest('real-time across instances');
    if (!enabled) return;
    const env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: testRedisUrl,
      JWT_SECRET: 'cluster-test-jwt-secret-0123456789abcdef',
      TOKEN_HASH_SECRET: 'cluster-test-token-secret-0123456789abcd',
      RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_ACCOUNT_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < 2; i += 1) {
      const port = await freePort();
      apps.push(spawnApp({ ...env, PORT: String(port), MIGRATIONS_RUN: i === 0 ? 'true' : 'false' }));
      bases.push(`http://127.0.0.1:${port}`);
      await waitForOk(`${bases[i]}/health/ready`, apps[i]);
    }
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(async () => {
    for (const app of apps) app.child.kill('SIGTERM');
    await Promise.all(apps.map((app) => app.exited));
  });

  async function call<T>(base: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(base + path, {
      method: init.method ?? 'GET',
      headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
  const register = (base: string, name: string) =>
    call<AuthResponse>(base, '/auth/register', { method: 'POST', body: { email: uniqueEmail(name), password: 'cluster password 1', displayName: name } });
  async function connect(base: string, token: string): Promise<TestSocket> {
    const s = await connectSocket(base, token);
    open.push(s);
    return s;
  }

  it('carries edits and presence between clients of different instances', async () => {
    if (!enabled) return;
    const ann = await register(bases[0], 'Ann');
    const bob = await register(bases[1], 'Bob');
    const sheet = await call<Spreadsheet>(bases[0], '/api/spreadsheets', { method: 'POST', token: ann.accessToken, body: { name: 'Shared' } });
    await call(bases[0], `/api/spreadsheets/${sheet.id}/members/${bob.user.id}`, { method: 'PUT', token: ann.accessToken, body: { role: 'editor' } });
    const column = await call<Column>(bases[0], `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', token: ann.accessToken, body: { name: 'Deal', type: 'text' } });
    const [row] = await call<Row[]>(bases[0], `/api/spreadsheets/${sheet.id}/rows`, { method: 'POST', token: ann.accessToken, body: { rows: [{ values: {} }] } });

    const onA = await connect(bases[0], ann.accessToken);
    const onB = await connect(bases[1], bob.accessToken);
    await onA.join(sheet.id);
    const joined = (await onB.join(sheet.id)) as JoinResult & { ok: true };
    expect(joined.users.map((u) => u.displayName).sort()).toEqual(['Ann', 'Bob']);

    // Socket edit on B reaches A; REST edit on A reaches B.
    expect(await onB.call('cell:update', { spreadsheetId: sheet.id, rowId: row.id, columnId: column.id, value: 'from B' })).toMatchObject({ ok: true });
    await eventually(() => onA.changes.some((c) => c.value === 'from B'), 5000, 'the edit from instance B on instance A');
    await call(bases[0], `/api/spreadsheets/${sheet.id}/rows/${row.id}`, { method: 'PATCH', token: ann.accessToken, body: { values: { [column.id]: 'from A' } } });
    await eventually(() => onB.changes.some((c) => c.value === 'from A'), 5000, 'the edit from instance A on instance B');
    expect(onA.changes.map((c) => c.version)).toEqual(onB.changes.map((c) => c.version));

    // Presence: A's focus is seen on B.
    await onA.call('presence:update', { spreadsheetId: sheet.id, focus: { rowId: row.id, columnId: column.id } });
    await eventually(() => onB.presence.some((p) => p.users.some((u) => u.displayName === 'Ann' && u.focus?.rowId === row.id)), 5000, "Ann's focus on instance B");

    // Leaving on A is seen on B.
    onA.close();
    await eventually(
      () =>
        onB.presence
          .at(-1)
          ?.users.map((u) => u.displayName)
          .join() === 'Bob',
      5000,
      'Ann to leave, seen on B',
    );
  });

  it('loses no acknowledged change when one instance dies; its clients carry on through the other', async () => {
    if (!enabled) return;
    const ann = await register(bases[0], 'Ann');
    const bob = await register(bases[1], 'Bob');
    const sheet = await call<Spreadsheet>(bases[1], '/api/spreadsheets', { method: 'POST', token: ann.accessToken, body: { name: 'Failover' } });
    await call(bases[1], `/api/spreadsheets/${sheet.id}/members/${bob.user.id}`, { method: 'PUT', token: ann.accessToken, body: { role: 'editor' } });
    const column = await call<Column>(bases[1], `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', token: ann.accessToken, body: { name: 'N', type: 'number' } });
    const rows = await call<Row[]>(bases[1], `/api/spreadsheets/${sheet.id}/rows`, {
      method: 'POST',
      token: ann.accessToken,
      body: { rows: Array.from({ length: 4 }, () => ({ values: {} })) },
    });

    const onA = await connect(bases[0], ann.accessToken);
    const onB = await connect(bases[1], bob.accessToken);
    await onA.join(sheet.id);
    await onB.join(sheet.id);
    const acked: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const ack = await onA.call<{ version: number }>('cell:update', { spreadsheetId: sheet.id, rowId: rows[i].id, columnId: column.id, value: i + 1 });
      if (ack.ok) acked.push(ack.version);
    }
    expect(acked).toHaveLength(4);
    const lastSeen = Math.max(...onA.changes.map((c) => c.version), ...acked);

    // Instance A dies without warning; Ann's client goes to B, catching up from the last version it had.
    apps[0].child.kill('SIGKILL');
    await apps[0].exited;
    await call(bases[1], `/api/spreadsheets/${sheet.id}/rows/${rows[0].id}`, { method: 'PATCH', token: bob.accessToken, body: { values: { [column.id]: 100 } } });
    const moved = await connect(bases[1], ann.accessToken);
    const rejoined = (await moved.join(sheet.id, lastSeen)) as JoinResult & { ok: true };
    expect(rejoined.missed?.map((c) => [c.rowId, c.value])).toEqual([[rows[0].id, 100]]);
    expect(await moved.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[1].id, columnId: column.id, value: 200 })).toMatchObject({ ok: true });
    await eventually(() => onB.changes.some((c) => c.value === 200), 5000, "Ann's edit through B reaching Bob");

    // Every acknowledged change is stored.
    const stored = await call<{ items: Row[] }>(bases[1], `/api/spreadsheets/${sheet.id}/rows`, { token: bob.accessToken });
    expect(stored.items.map((r) => r.values[column.id])).toEqual([100, 200, 3, 4]);
  });
});
