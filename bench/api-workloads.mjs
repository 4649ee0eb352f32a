// Benchmark: the five workloads of issue #17 through the public API, as an integrating client calls them (an API
// token), against a bare node:http + pg server running the same SQL (bench/support/bare-api.mjs), in the same run.
//   node bench/api-workloads.mjs [rows=10000] [seconds=10] [deepRows=1000000]
// ONLY=a,b,c,d,e,deep runs some of them (a–d: the request workloads, e: the insert, deep: the deep pages), e.g. to
// profile one: BENCH_APP_NODE_OPTIONS='--require ./my-profiler.cjs' ONLY=d node bench/api-workloads.mjs
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, startBenchApp } from './support/app.mjs';
import { call, timedInterleaved } from './support/measure.mjs';
import { storedKeys } from './support/stored-keys.mjs';

const ROWS = Number(process.argv[2] ?? 10_000);
const SECONDS = Number(process.argv[3] ?? 10);
const DEEP_ROWS = Number(process.argv[4] ?? 1_000_000);
const CONNECTIONS = 10;
const WARMUP_SECONDS = 2;
const PAGE = 100;
const INSERT_BATCHES = 100;
/** Linux's USER_HZ: /proc counts CPU time in these ticks. */
const CLOCK_TICKS = 100;
/** A process's CPU time so far (user + system, ms), from /proc (Linux); NaN elsewhere. */
const cpuMs = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
};
const ONLY = new Set((process.env.ONLY ?? 'a,b,c,d,e,deep').split(','));
const TOKEN_HASH_SECRET = 'bench-token-secret-0123456789abcdef012345';

const bench = await startBenchApp('contrivance_api_workloads', { TOKEN_HASH_SECRET });
const { db, base } = bench;
const client = new pg.Client({ connectionString: db.url });
let bare;
try {
  await client.connect();
  const session = await call(base, '/auth/register', {
    method: 'POST',
    body: JSON.stringify({ email: 'integrator@example.com', password: 'bench password 123', displayName: 'Integrator' }),
  });
  const sessionHeaders = { Authorization: `Bearer ${session.accessToken}` };
  // An integration calls the API with a personal API token, as its docs say; the token's account owns the sheets.
  const { token } = await call(base, '/api/tokens', { method: 'POST', headers: sessionHeaders, body: JSON.stringify({ name: 'bench', scope: 'write' }) });
  // Fresh objects for every use: autocannon writes each request's content-length into the headers it is given.
  const headers = () => ({ Authorization: `Bearer ${token}` });
  const jsonHeaders = () => ({ ...headers(), 'Content-Type': 'application/json' });

  const newSheet = async (name) => {
    const sheet = await call(base, '/api/spreadsheets', { method: 'POST', headers: jsonHeaders(), body: JSON.stringify({ name }) });
    const col = {};
    for (const [colName, type, extra] of [
      ['Deal', 'text', {}],
      ['Value', 'currency', {}],
      ['Stage', 'select', { options: ['Lead', 'Qualified', 'Proposal', 'Won', 'Lost'].map((label) => ({ id: label.toLowerCase(), label })) }],
      ['Close', 'date', {}],
      ['Hot', 'checkbox', {}],
    ]) {
      col[colName] = (
        await call(base, `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify({ name: colName, type, ...extra }) })
      ).id;
    }
    return { id: sheet.id, col };
  };
  // Rows as the API stores them, loaded with SQL (the load is not what is measured).
  const load = async ({ id, col }, rows) => {
    await client.query(
      `INSERT INTO spreadsheet_rows (sheet_id, position, data)
       SELECT $1, g, jsonb_build_object($2::text, 'Deal ' || g, $3::text, (g::bigint * 7919) % 1000000 / 10.0,
         $4::text, (ARRAY['lead','qualified','proposal','won','lost'])[1 + g % 5], $5::text, to_char(date '2026-01-01' + (g % 365), 'YYYY-MM-DD'), $6::text, g % 2 = 0)
       FROM generate_series(1, $7::int) g`,
      [id, ...[col.Deal, col.Value, col.Stage, col.Close, col.Hot].map(await storedKeys(client, Object.values(col))), rows],
    );
    await client.query(`UPDATE spreadsheets SET row_count = row_count + $2 WHERE id = $1`, [id, rows]);
    await client.query('VACUUM ANALYZE spreadsheet_rows');
  };
  const sheet = await newSheet('Pipeline');
  await load(sheet, ROWS);
  const { rows: idRows } = await client.query(`SELECT id FROM spreadsheet_rows WHERE sheet_id = $1 ORDER BY position`, [sheet.id]);
  const rowIds = idRows.map((r) => r.id);
  const insertSheet = await newSheet('Inserts');

  const barePort = await freePort();
  const bareProcess = spawn(process.execPath, [new URL('./support/bare-api.mjs', import.meta.url).pathname], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(barePort), TOKEN_HASH_SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  bare = bareProcess;
  await once(bareProcess.stdout, 'data');

  const random = (n) => Math.floor(Math.random() * n);
  const pick = () => rowIds[random(rowIds.length)];
  const newRows = (n, from) =>
    JSON.stringify({
      rows: Array.from({ length: n }, (_, i) => ({
        values: {
          [insertSheet.col.Deal]: `New deal ${from + i}`,
          [insertSheet.col.Value]: (from + i) % 10_000,
          [insertSheet.col.Stage]: 'lead',
          [insertSheet.col.Close]: '2026-06-30',
          [insertSheet.col.Hot]: i % 2 === 0,
        },
      })),
    });
  const rowsPath = `/api/spreadsheets/${sheet.id}/rows`;
  const workloads = [
    { key: 'a', name: `GET ${PAGE}-row page, offset 0`, request: () => ({ method: 'GET', path: `${rowsPath}?limit=${PAGE}&offset=0` }) },
    {
      key: 'b',
      name: `GET ${PAGE}-row page, random offset in ${ROWS.toLocaleString('en')} rows`,
      request: () => ({ method: 'GET', path: `${rowsPath}?limit=${PAGE}&offset=${random(ROWS - PAGE)}` }),
    },
    {
      key: 'c',
      name: 'PATCH one cell of a random row',
      request: () => ({ method: 'PATCH', path: `${rowsPath}/${pick()}`, headers: jsonHeaders(), body: JSON.stringify({ values: { [sheet.col.Value]: random(100_000) } }) }),
    },
    { key: 'd', name: 'GET one row by id', request: () => ({ method: 'GET', path: `${rowsPath}/${pick()}` }) },
  ];

  const load10s = (origin, request, { seconds = SECONDS, amount } = {}) =>
    autocannon({
      url: origin,
      connections: CONNECTIONS,
      ...(amount ? { amount } : { duration: seconds }),
      headers: headers(),
      requests: [{ setupRequest: (req) => ({ ...req, ...request() }) }],
    });
  const bareOrigin = `http://127.0.0.1:${barePort}`;
  const pidOf = (origin) => (origin === bareOrigin ? bareProcess.pid : bench.app.child.pid);
  const run = async (origin, workload) => {
    await load10s(origin, workload.request, { seconds: WARMUP_SECONDS });
    const cpuBefore = cpuMs(pidOf(origin));
    const result = await load10s(origin, workload.request);
    const cpu = cpuMs(pidOf(origin)) - cpuBefore;
    if (result.non2xx || result.errors || result.timeouts)
      throw new Error(`${workload.name} at ${origin}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuPerRequest: cpu / result.requests.total };
  };
  const results = [];
  for (const workload of workloads.filter((w) => ONLY.has(w.key))) {
    // The app and the bare server one after the other, per workload: a machine whose load drifts slows both alike.
    const app = await run(base, workload);
    const baseline = await run(bareOrigin, workload);
    results.push({ workload, app, baseline });
  }

  // Bulk insert: 10,000 rows as 100 POSTs of 100 rows, 10 at a time, into a sheet of its own per server.
  const insert = async (origin, target) => {
    let next = 0;
    let finished = 0;
    const started = performance.now();
    const result = await new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: origin,
          connections: CONNECTIONS,
          amount: INSERT_BATCHES,
          headers: headers(),
          requests: [
            { setupRequest: (req) => ({ ...req, method: 'POST', path: `/api/spreadsheets/${target}/rows`, headers: jsonHeaders(), body: newRows(PAGE, (next += PAGE)) }) },
          ],
        },
        (error, done) => (error ? reject(error) : resolve(done)),
      );
      // Timed to the last answer: autocannon itself only finishes on its next one-second tick.
      instance.on('response', () => (finished = performance.now()));
    });
    const seconds = (finished - started) / 1000;
    if (result.non2xx || result.errors) throw new Error(`insert at ${origin}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { seconds, rowsPerSecond: (INSERT_BATCHES * PAGE) / seconds, p50: result.latency.p50, p99: result.latency.p99 };
  };
  const f0 = (n) => n.toFixed(0);
  const table = results.flatMap(({ workload, app, baseline }) => [
    [
      `${workload.name}: req/s (p50 / p99 ms)`,
      `${f0(app.rps)} (${f0(app.p50)} / ${f0(app.p99)})`,
      `bare ${f0(baseline.rps)} (${f0(baseline.p50)} / ${f0(baseline.p99)})`,
      (app.rps / baseline.rps).toFixed(2),
      '≥ 0.70',
    ],
    // The server process's own CPU per answer (user + system, from /proc): what the framework costs, whatever else
    // the machine is doing. The database's share is not in it.
    [
      `${workload.name}: server CPU per request (ms)`,
      app.cpuPerRequest.toFixed(3),
      `bare ${baseline.cpuPerRequest.toFixed(3)}`,
      (app.cpuPerRequest / baseline.cpuPerRequest).toFixed(2),
      '',
    ],
  ]);
  if (ONLY.has('e')) {
    const appInsert = await insert(base, insertSheet.id);
    const bareInsert = await insert(bareOrigin, insertSheet.id);
    const { rows: inserted } = await client.query(`SELECT count(*)::int AS n FROM spreadsheet_rows WHERE sheet_id = $1`, [insertSheet.id]);
    if (inserted[0].n !== 2 * INSERT_BATCHES * PAGE) throw new Error(`expected ${2 * INSERT_BATCHES * PAGE} inserted rows, found ${inserted[0].n}`);
    table.push([
      `insert ${(INSERT_BATCHES * PAGE).toLocaleString('en')} rows as ${INSERT_BATCHES} POSTs of ${PAGE}: s (rows/s)`,
      `${appInsert.seconds.toFixed(2)} (${f0(appInsert.rowsPerSecond)})`,
      `bare ${bareInsert.seconds.toFixed(2)} (${f0(bareInsert.rowsPerSecond)})`,
      (appInsert.rowsPerSecond / bareInsert.rowsPerSecond).toFixed(2),
      '≥ 0.70, ≥ 20,000 rows/s',
    ]);
  }
  const pages = Object.fromEntries(results.map((r) => [r.workload.key, r.app]));
  if (pages.a && pages.b)
    table.push(['random-offset page vs offset-0 page (req/s)', f0(pages.b.rps), `offset 0: ${f0(pages.a.rps)}`, (pages.b.rps / pages.a.rps).toFixed(2), '≥ 0.80']);

  if (ONLY.has('deep')) {
    // Deep pages of a large sheet: offset 0 against offset 99 % in, one request at a time (median ms), without the
    // total (what a grid asks for when it scrolls) and with it (the default: counting the sheet costs the same at any offset).
    const deep = await newSheet('Deep');
    await load(deep, DEEP_ROWS);
    const deepOffset = Math.round(DEEP_ROWS * 0.99);
    for (const count of [false, true]) {
      const deepPage = (offset) => () =>
        fetch(`${base}/api/spreadsheets/${deep.id}/rows?limit=${PAGE}&offset=${offset}&count=${count}`, { headers: headers() }).then(async (r) => {
          if (!r.ok) throw new Error(`deep page: ${r.status}`);
          const page = await r.json();
          if (page.items.length !== PAGE) throw new Error(`deep page at ${offset}: ${page.items.length} rows`);
        });
      const [firstMs, deepMs] = await timedInterleaved([deepPage(0), deepPage(deepOffset)], 11);
      table.push([
        `page at offset ${deepOffset.toLocaleString('en')} of ${DEEP_ROWS.toLocaleString('en')} rows, count=${count} (median ms)`,
        deepMs.toFixed(1),
        `offset 0: ${firstMs.toFixed(1)}`,
        (deepMs / firstMs).toFixed(2),
        '≤ 2.00',
      ]);
    }
    // The same place by cursor (keyset paging in sheet order): the cursor of the row just before the deep offset, read
    // once by offset, then the page after it against the first page, both without the total.
    const before = await call(base, `/api/spreadsheets/${deep.id}/rows?limit=1&offset=${deepOffset - 1}&count=false`, { headers: headers() });
    const cursorPage = (after) => () =>
      fetch(`${base}/api/spreadsheets/${deep.id}/rows?limit=${PAGE}&count=false${after ? `&after=${after}` : ''}`, { headers: headers() }).then(async (r) => {
        if (!r.ok) throw new Error(`cursor page: ${r.status}`);
        const page = await r.json();
        if (page.items.length !== PAGE) throw new Error(`cursor page: ${page.items.length} rows`);
      });
    const [firstMs, cursorMs] = await timedInterleaved([cursorPage(null), cursorPage(before.nextCursor)], 11);
    table.push([
      `page after a cursor at row ${deepOffset.toLocaleString('en')} of ${DEEP_ROWS.toLocaleString('en')} (median ms)`,
      cursorMs.toFixed(1),
      `offset 0: ${firstMs.toFixed(1)}`,
      (cursorMs / firstMs).toFixed(2),
      '≤ 2.00',
    ]);
  }
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of table) console.log(`| ${r.join(' | ')} |`);
} finally {
  bare?.kill('SIGTERM');
  if (bare) await once(bare, 'exit').catch(() => undefined);
  await client.end().catch(() => undefined);
  await bench.stop();
}
