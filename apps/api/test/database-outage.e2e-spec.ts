import type { AuthResponse, Column, Row, Spreadsheet } from '@contrivance/contracts';
import { Client } from 'pg';
import { uniqueEmail } from './support/factories';
import { freePort, spawnApp, waitForOk, type AppProcess } from './support/process.cjs';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres';

/**
 * PostgreSQL goes away under load and comes back: readiness goes red then green, requests in between are 503s in
 * the contract's shape, the app recovers without a restart, and every edit it acknowledged is stored. The database
 * is the test's own embedded server, so stopping it touches nothing else.
 */
describe('PostgreSQL restarted under load', () => {
  let db: OwnPostgres;
  let app: AppProcess;
  let base: string;

  beforeAll(async () => {
    db = await startOwnPostgres();
    const url = new URL(db.adminUrl);
    url.pathname = '/outage';
    const admin = new Client({ connectionString: db.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE outage');
    await admin.end();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = spawnApp({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: url.toString(),
      JWT_SECRET: 'outage-test-jwt-secret-0123456789abcdef01',
      TOKEN_HASH_SECRET: 'outage-test-token-secret-0123456789abcdef',
      RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'error',
    });
    await waitForOk(`${base}/health/ready`, app);
  }, 120_000);

  afterAll(async () => {
    app?.child.kill('SIGTERM');
    await app?.exited;
    await db?.stop();
  });

  const json = async <T>(path: string, token: string | null, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(base + path, {
      method: init.method ?? 'GET',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
  };
  const ready = async () => (await fetch(`${base}/health/ready`)).status;
  async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('answers 503 while it is down, recovers on its own, and loses nothing it acknowledged', async () => {
    const { body: auth } = await json<AuthResponse>('/auth/register', null, {
      method: 'POST',
      body: { email: uniqueEmail('outage'), password: 'outage password 1', displayName: 'Outage' },
    });
    const token = auth.accessToken;
    const { body: sheet } = await json<Spreadsheet>('/api/spreadsheets', token, { method: 'POST', body: { name: 'Outage' } });
    const { body: column } = await json<Column>(`/api/spreadsheets/${sheet.id}/columns`, token, { method: 'POST', body: { name: 'N', type: 'number' } });
    const { body: rows } = await json<Row[]>(`/api/spreadsheets/${sheet.id}/rows`, token, { method: 'POST', body: { rows: Array.from({ length: 8 }, () => ({ values: {} })) } });

    // One writer per row, each writing 1, 2, 3… and remembering what was acknowledged.
    const acknowledged = new Map<string, number[]>();
    const refused: { status: number; body: unknown }[] = [];
    let running = true;
    const writers = rows.map(async (row) => {
      let n = 0;
      acknowledged.set(row.id, []);
      while (running) {
        n += 1;
        const res = await json(`/api/spreadsheets/${sheet.id}/rows/${row.id}`, token, { method: 'PATCH', body: { values: { [column.id]: n } } }).catch(() => ({
          status: 0,
          body: null,
        }));
        if (res.status === 200) acknowledged.get(row.id)!.push(n);
        else refused.push(res);
        await new Promise((r) => setTimeout(r, 20));
      }
    });

    try {
      await until(async () => [...acknowledged.values()].every((a) => a.length >= 3), 20_000, 'edits before the outage');
      await db.pause();
      await until(async () => (await ready()) === 503, 20_000, 'readiness to go red');
      const during = await json<{ statusCode: number; error: string; message: string }>(`/api/spreadsheets/${sheet.id}/rows`, token);
      expect(during.status).toBe(503);
      expect(during.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Service temporarily unavailable, please retry' });

      await db.resume();
      await until(async () => (await ready()) === 200, 60_000, 'readiness to go green again');
      const countAfter = () => [...acknowledged.values()].reduce((n, a) => n + a.length, 0);
      const resumedAt = countAfter();
      await until(async () => countAfter() >= resumedAt + rows.length * 3, 20_000, 'edits after the outage');
    } finally {
      running = false;
      await Promise.all(writers);
    }

    // Every refusal was a 503 in the contract's shape (or a connection the app could not answer), never a 500.
    for (const r of refused) {
      if (![0, 503].includes(r.status)) {
        await new Promise((done) => setTimeout(done, 500));
        throw new Error(
          `a ${r.status} during the outage: ${JSON.stringify(r.body)}\n${app
            .output()
            .split('\n')
            .filter((l) => /unhandled|statusCode":500/.test(l))
            .join('\n')
            .slice(-4000)}`,
        );
      }
      if (r.status === 503) expect(r.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    }
    expect(refused.length).toBeGreaterThan(0);

    // Every acknowledged value is in the history, and each row holds its last acknowledged value.
    const { body: page } = await json<{ items: Row[] }>(`/api/spreadsheets/${sheet.id}/rows`, token);
    const { body: history } = await json<{ items: { rowId: string; newValue: unknown }[] }>(`/api/spreadsheets/${sheet.id}/history?limit=1000`, token);
    for (const row of rows) {
      const acks = acknowledged.get(row.id)!;
      const recorded = new Set(history.items.filter((c) => c.rowId === row.id).map((c) => c.newValue));
      expect(acks.filter((n) => !recorded.has(n))).toEqual([]);
      expect(page.items.find((r) => r.id === row.id)!.values[column.id]).toBe(acks.at(-1));
    }
  }, 150_000);
});
