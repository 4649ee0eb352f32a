import { randomUUID } from 'node:crypto';
import type { AuthResponse, Column, JoinResult, Row, SheetChange, Spreadsheet } from '@contrivance/contracts';
import { io, type Socket } from 'socket.io-client';
import { testDatabaseUrl, withClient } from './support/app';
import { uniqueEmail } from './support/factories';
import { freePort, spawnApp, waitForOk, type AppProcess } from './support/process.cjs';
import { eventually } from './support/sockets';

/**
 * Faults a user must never notice as lost work, on the built app as its own process: killed in the middle of a large
 * import, and restarted under connected sockets.
 */
describe('faults', () => {
  let port: number;
  let base: string;
  let app: AppProcess | undefined;
  const env = () => ({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: testDatabaseUrl(),
    JWT_SECRET: 'faults-test-jwt-secret-0123456789abcdef01',
    TOKEN_HASH_SECRET: 'faults-test-token-secret-0123456789abcdef',
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_ACCOUNT_RATE_LIMIT: '100000',
    IMPORT_MAX_BYTES: String(500 * 1024 * 1024),
    LOG_LEVEL: 'warn',
  });
  async function start(): Promise<void> {
    app = spawnApp(env());
    await waitForOk(`${base}/health/ready`, app);
  }
  async function stop(signal: NodeJS.Signals): Promise<void> {
    if (!app) return;
    app.child.kill(signal);
    await app.exited;
    app = undefined;
  }
  async function call<T>(path: string, token: string | null, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(base + path, {
      method: init.method ?? 'GET',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await start();
  });
  afterAll(() => stop('SIGTERM'));

  it('keeps all rows or none of an import cut short by SIGKILL, and history agrees', async () => {
    const auth = await call<AuthResponse>('/auth/register', null, { method: 'POST', body: { email: uniqueEmail('killed'), password: 'faults password 1', displayName: 'Killed' } });
    const sheet = await call<Spreadsheet>('/api/spreadsheets', auth.accessToken, { method: 'POST', body: { name: 'Interrupted' } });
    await call<Column>(`/api/spreadsheets/${sheet.id}/columns`, auth.accessToken, { method: 'POST', body: { name: 'Deal', type: 'text' } });
    await call<Column>(`/api/spreadsheets/${sheet.id}/columns`, auth.accessToken, { method: 'POST', body: { name: 'Value', type: 'number' } });
    const before = await call<Spreadsheet>(`/api/spreadsheets/${sheet.id}`, auth.accessToken);

    // A large upload: received in full first, then written inside the import's transaction.
    const boundary = `----contrivance${randomUUID()}`;
    let line = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nDeal,Value\n`),
        );
      },
      pull(controller) {
        let chunk = '';
        for (let i = 0; i < 2000; i += 1) chunk += `Deal ${(line += 1)},${line}\n`;
        controller.enqueue(new TextEncoder().encode(chunk));
        if (line >= 400_000) {
          controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          controller.close();
        }
      },
    });
    const importId = randomUUID();
    const upload = fetch(`${base}/api/spreadsheets/${sheet.id}/import?importId=${importId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${auth.accessToken}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    }).catch((error: Error) => error);

    // Once thousands of rows are written inside the import's transaction, kill the process without warning.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const progress = (await fetch(`${base}/api/spreadsheets/${sheet.id}/imports/${importId}`, { headers: { Authorization: `Bearer ${auth.accessToken}` } }).then((r) =>
        r.ok ? r.json() : null,
      )) as { stage: string; rowsImported: number } | null;
      if (progress && progress.stage === 'importing' && progress.rowsImported >= 20_000) break;
      if (Date.now() > deadline) throw new Error('the import did not get going');
      await new Promise((r) => setTimeout(r, 50));
    }
    await stop('SIGKILL');
    // The upload was cut off, never answered.
    expect(await upload).toHaveProperty('message', 'fetch failed');

    // Nothing of it is in the sheet, the counters or the history.
    await start();
    const after = await call<Spreadsheet>(`/api/spreadsheets/${sheet.id}`, auth.accessToken);
    expect(after.rowCount).toBe(0);
    expect(after.version).toBe(before.version);
    await withClient(testDatabaseUrl(), async (c) => {
      expect((await c.query(`SELECT count(*)::int AS n FROM spreadsheet_rows WHERE sheet_id = $1`, [sheet.id])).rows[0].n).toBe(0);
      expect((await c.query(`SELECT count(*)::int AS n FROM spreadsheet_changes WHERE sheet_id = $1 AND kind = 'import'`, [sheet.id])).rows[0].n).toBe(0);
    });

    // And the sheet imports normally afterwards.
    const form = new FormData();
    form.append('file', new Blob(['Deal,Value\nAfter,1\n']), 'after.csv');
    const res = await fetch(`${base}/api/spreadsheets/${sheet.id}/import`, { method: 'POST', headers: { Authorization: `Bearer ${auth.accessToken}` }, body: form });
    expect(res.status).toBe(201);
    expect((await call<Spreadsheet>(`/api/spreadsheets/${sheet.id}`, auth.accessToken)).rowCount).toBe(1);
  }, 60_000);

  it('brings socket clients through a restart: they reconnect, catch up, and end with the server’s state', async () => {
    const auth = await call<AuthResponse>('/auth/register', null, {
      method: 'POST',
      body: { email: uniqueEmail('restart'), password: 'faults password 1', displayName: 'Restart' },
    });
    const sheet = await call<Spreadsheet>('/api/spreadsheets', auth.accessToken, { method: 'POST', body: { name: 'Through a restart' } });
    const column = await call<Column>(`/api/spreadsheets/${sheet.id}/columns`, auth.accessToken, { method: 'POST', body: { name: 'N', type: 'number' } });
    const rows = await call<Row[]>(`/api/spreadsheets/${sheet.id}/rows`, auth.accessToken, { method: 'POST', body: { rows: Array.from({ length: 5 }, () => ({ values: {} })) } });

    /**
     * A client that keeps every change it has seen (broadcast or replayed), de-duplicated by version and part, and
     * rejoins after each reconnect from the last version it holds without a gap, the way the web client does. Its
     * copy of the column is the replay of those changes in version order.
     */
    const clients = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const seen = new Map<string, SheetChange>();
        let startVersion = 0;
        const keep = (c: SheetChange) => seen.set(`${c.version}:${c.part}`, c);
        const contiguous = () => {
          let v = startVersion;
          while ([...seen.values()].some((c) => c.version === v + 1)) v += 1;
          return v;
        };
        const state = () => {
          const values = new Map<string, unknown>();
          for (const c of [...seen.values()].sort((a, b) => a.version - b.version || a.part - b.part)) {
            if (c.kind === 'cell' && c.rowId && c.columnId === column.id) values.set(c.rowId, c.value);
          }
          return values;
        };
        const socket: Socket = io(base, { path: '/ws', transports: ['websocket'], auth: { token: auth.accessToken }, reconnectionDelay: 100, reconnectionDelayMax: 500 });
        socket.on('change', keep);
        // Told to go (SIGTERM) or dropped by the server: come back, as the web client does.
        socket.on('disconnect', (reason) => reason === 'io server disconnect' && setTimeout(() => socket.connect(), 200));
        let joins = 0;
        let first = true;
        const join = async () => {
          const ack = (await socket.timeout(10_000).emitWithAck('join', { spreadsheetId: sheet.id, ...(first ? {} : { sinceVersion: contiguous() }) })) as JoinResult & {
            ok: boolean;
          };
          if (first) startVersion = ack.version;
          first = false;
          for (const c of ack.missed ?? []) keep(c);
          joins += 1;
        };
        socket.on('connect', () => void join().catch(() => undefined)); // a join cut short is redone on the next connect
        await eventually(() => joins === 1, 10_000, 'the first join');
        return { socket, state, joins: () => joins };
      }),
    );
    const edit = (i: number, value: number) =>
      call(`/api/spreadsheets/${sheet.id}/rows/${rows[i].id}`, auth.accessToken, { method: 'PATCH', body: { values: { [column.id]: value } } });

    await edit(0, 1);
    await stop('SIGTERM');
    await start();
    // While the clients are reconnecting, the sheet changes.
    for (let i = 0; i < 5; i += 1) await edit(i, 100 + i);
    await eventually(() => clients.every((c) => c.joins() >= 2), 15_000, 'every client to reconnect and rejoin');
    await edit(2, 999);

    const server = await call<{ items: Row[] }>(`/api/spreadsheets/${sheet.id}/rows`, auth.accessToken);
    const expected = new Map(server.items.map((r) => [r.id, r.values[column.id]]));
    await eventually(() => clients.every((c) => rows.every((r) => c.state().get(r.id) === expected.get(r.id))), 10_000, 'clients to converge');
    for (const c of clients) c.socket.close();
  }, 60_000);

  it('on SIGTERM finishes the requests in flight, tells the sockets, and exits cleanly', async () => {
    const auth = await call<AuthResponse>('/auth/register', null, { method: 'POST', body: { email: uniqueEmail('drain'), password: 'faults password 1', displayName: 'Drain' } });
    const sheet = await call<Spreadsheet>('/api/spreadsheets', auth.accessToken, { method: 'POST', body: { name: 'Draining' } });
    await call<Column>(`/api/spreadsheets/${sheet.id}/columns`, auth.accessToken, { method: 'POST', body: { name: 'Deal', type: 'text' } });
    const socket: Socket = io(base, { path: '/ws', transports: ['websocket'], auth: { token: auth.accessToken }, reconnection: false });
    const told: unknown[] = [];
    socket.on('server:shutdown', (e: unknown) => told.push(e));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    // An upload that takes a while: 30 chunks of 1,000 rows, one every 30 ms.
    const boundary = `----contrivance${randomUUID()}`;
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.csv"\r\n\r\nDeal\n`));
      },
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 30));
        if (chunks === 30) {
          controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          return controller.close();
        }
        chunks += 1;
        controller.enqueue(new TextEncoder().encode(Array.from({ length: 1000 }, (_, i) => `Deal ${chunks}-${i}`).join('\n') + '\n'));
      },
    });
    const upload = fetch(`${base}/api/spreadsheets/${sheet.id}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${auth.accessToken}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    });
    await eventually(() => chunks >= 5, 10_000, 'the upload to be under way');

    const running = app!;
    running.child.kill('SIGTERM');
    const res = await upload;
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'done', rowsImported: 30_000 });
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(told).toEqual([{ reconnectInMs: 1000 }]);
    socket.close();
    app = undefined;

    await start();
    expect((await call<Spreadsheet>(`/api/spreadsheets/${sheet.id}`, auth.accessToken)).rowCount).toBe(30_000);
  }, 60_000);
});
