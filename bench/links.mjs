// Benchmark: rollups over links. A Companies sheet whose rollup sums the Value of the deals linked to each company:
// a page of companies sorted by the rollup (against the same page sorted by a stored column, in the same run), and how
// long a deal's new Value takes to reach every client that has Companies open as the company's new rollup (against a
// stored cell edit of Companies reaching the same clients, in the same run).
//   node bench/links.mjs [companies=10000] [deals=1000000] [clients=100] [edits=60]
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { io } from 'socket.io-client';
import { startBenchApp } from './support/app.mjs';
import { call, percentile, timedInterleaved } from './support/measure.mjs';
import { storedKeys } from './support/stored-keys.mjs';

const COMPANIES = Number(process.argv[2] ?? 10_000);
const DEALS = Number(process.argv[3] ?? 1_000_000);
const CLIENTS = Number(process.argv[4] ?? 100);
const EDITS = Number(process.argv[5] ?? 60);

// One person's many sockets, as realtime.mjs: the per-person limits would otherwise refuse the crowd.
const bench = await startBenchApp('contrivance_bench_links', {
  REALTIME_WRITES_PER_SECOND: '1000',
  REALTIME_EVENTS_PER_SECOND: '100000',
  REALTIME_MAX_SOCKETS_PER_USER: '100000',
});
const { db, base } = bench;
const client = new pg.Client({ connectionString: db.url });
const sockets = [];

/** Connects a Socket.IO client and joins a sheet. */
async function joined(token, sheetId) {
  const socket = io(base, { path: '/ws', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = await socket.timeout(10_000).emitWithAck('join', { spreadsheetId: sheetId });
  if (!ack.ok) throw new Error(`join: ${ack.error}`);
  sockets.push(socket);
  return socket;
}

/** Milliseconds from each send until every receiver has seen what `seen(event)` recognises, per edit (sorted). */
async function deliveries(receivers, eventName, edits, send, seen) {
  const latencies = [];
  for (let i = 0; i < edits; i += 1) {
    const waiting = receivers.map(
      (socket) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${eventName} not received within 10 s`)), 10_000);
          const listener = (event) => {
            if (!seen(event, i)) return;
            clearTimeout(timer);
            socket.off(eventName, listener);
            resolve(performance.now());
          };
          socket.on(eventName, listener);
        }),
    );
    const start = performance.now();
    await send(i);
    const arrivals = await Promise.all(waiting);
    for (const at of arrivals) latencies.push(at - start);
  }
  return latencies.sort((a, b) => a - b);
}

try {
  await client.connect();
  const auth = await call(base, '/auth/register', { method: 'POST', body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123', displayName: 'Bench' }) });
  const headers = { Authorization: `Bearer ${auth.accessToken}` };
  const post = (path, body) => call(base, path, { method: 'POST', headers, body: JSON.stringify(body) });
  const companies = await post('/api/spreadsheets', { name: 'Companies' });
  const deals = await post('/api/spreadsheets', { name: 'Deals' });
  const name = (await post(`/api/spreadsheets/${companies.id}/columns`, { name: 'Name', type: 'text' })).id;
  const tier = (await post(`/api/spreadsheets/${companies.id}/columns`, { name: 'Tier', type: 'number' })).id;
  const deal = (await post(`/api/spreadsheets/${deals.id}/columns`, { name: 'Deal', type: 'text' })).id;
  const value = (await post(`/api/spreadsheets/${deals.id}/columns`, { name: 'Value', type: 'currency' })).id;
  const link = await post(`/api/spreadsheets/${deals.id}/columns`, { name: 'Company', type: 'link', link: { sheetId: companies.id } });
  const reverse = link.link.reverseColumnId;

  // Companies and deals by SQL; deal g belongs to company g % COMPANIES, and each company lists its deals.
  const key = await storedKeys(client, [name, tier, deal, value, link.id, reverse]);
  const loadStart = performance.now();
  await client.query(
    `INSERT INTO spreadsheet_rows (sheet_id, position, data)
     SELECT $1, g, jsonb_build_object($2::text, 'Company ' || g, $3::text, g % 5) FROM generate_series(0, $4::int - 1) g`,
    [companies.id, key(name), key(tier), COMPANIES],
  );
  await client.query(`CREATE TEMP TABLE company_ids AS SELECT id, position::int - 0 AS n FROM spreadsheet_rows WHERE sheet_id = $1`, [companies.id]);
  await client.query(
    `INSERT INTO spreadsheet_rows (sheet_id, position, data)
     SELECT $1, g, jsonb_build_object($2::text, 'Deal ' || g, $3::text, (g::bigint * 7919) % 100000 / 10.0, $4::text, jsonb_build_array(c.id))
     FROM generate_series(1, $5::int) g JOIN company_ids c ON c.n = g % $6::int`,
    [deals.id, key(deal), key(value), key(link.id), DEALS, COMPANIES],
  );
  await client.query(
    `UPDATE spreadsheet_rows r SET data = r.data || jsonb_build_object($2::text, l.deals)
     FROM (SELECT (d.data->$3->>0)::uuid AS company, jsonb_agg(d.id ORDER BY d.position) AS deals FROM spreadsheet_rows d WHERE d.sheet_id = $1 GROUP BY 1) l
     WHERE r.id = l.company`,
    [deals.id, key(reverse), key(link.id)],
  );
  await client.query(`UPDATE spreadsheets SET row_count = CASE id WHEN $1 THEN $3::int ELSE $4::int END WHERE id IN ($1, $2)`, [companies.id, deals.id, COMPANIES, DEALS]);
  await client.query('VACUUM ANALYZE spreadsheet_rows');
  const loadSeconds = (performance.now() - loadStart) / 1000;

  // Creating the rollup computes it (and the link labels) for every company, in the column change.
  const columnStart = performance.now();
  const pipeline = (await post(`/api/spreadsheets/${companies.id}/columns`, { name: 'Pipeline', type: 'rollup', rollup: { linkColumnId: reverse, columnId: value, fn: 'sum' } }))
    .id;
  const columnSeconds = (performance.now() - columnStart) / 1000;
  const page = (column) => () => call(base, `/api/spreadsheets/${companies.id}/rows?sort=${column}:desc&limit=100&count=false`, { headers });
  const first = await page(pipeline)();
  const sums = first.items.map((r) => r.values[pipeline]);
  if (first.items.length !== 100 || sums.some((s, i) => i > 0 && s > sums[i - 1])) throw new Error('the page is not sorted by the rollup');
  const [rollupPage, storedPage] = await timedInterleaved([page(pipeline), page(tier)], 11);

  // Live: CLIENTS sockets have Companies open; a deal's Value changes (over the socket, as the grid sends it) and each
  // must see its company's new Pipeline. Baseline: a stored cell of the same company changed, reaching the same sockets.
  const receivers = [];
  for (let i = 0; i < CLIENTS; i += 1) receivers.push(await joined(auth.accessToken, companies.id));
  const editor = await joined(auth.accessToken, deals.id);
  const target = first.items[0];
  const targetDeal = (await client.query(`SELECT id FROM spreadsheet_rows WHERE sheet_id = $1 AND data->$2->>0 = $3 LIMIT 1`, [deals.id, key(link.id), target.id])).rows[0].id;
  const companyEditor = await joined(auth.accessToken, companies.id);
  const baseSum = target.values[pipeline];
  const oldValue = Number((await client.query(`SELECT data->>$2 AS v FROM spreadsheet_rows WHERE id = $1`, [targetDeal, key(value)])).rows[0].v);
  const edit = (socket, spreadsheetId, rowId, columnId, v) => socket.timeout(10_000).emitWithAck('cell:update', { spreadsheetId, rowId, columnId, value: v });

  const rollupLatencies = await deliveries(
    receivers,
    'linked:values',
    EDITS,
    (i) => edit(editor, deals.id, targetDeal, value, 1_000_000 + i),
    (event, i) => event.rows.some((r) => r.rowId === target.id && Math.abs(r.values[pipeline] - (baseSum - oldValue + 1_000_000 + i)) < 1e-6),
  );
  const storedLatencies = await deliveries(
    receivers,
    'change',
    EDITS,
    (i) => edit(companyEditor, companies.id, target.id, tier, 100 + i),
    (change, i) => change.rowId === target.id && change.value === 100 + i,
  );
  const p = (xs, q) => percentile(xs, q).toFixed(1);

  const rows = [
    ['rows loaded (SQL bulk insert)', `${COMPANIES.toLocaleString('en')} companies, ${DEALS.toLocaleString('en')} linked deals in ${loadSeconds.toFixed(1)} s`, '', '', ''],
    ["SUM rollup column created (rows loaded by SQL: every company's link labels and rollup computed and kept)", `${columnSeconds.toFixed(1)} s`, '', '', ''],
    [
      'companies page sorted by the SUM rollup, count=false (median ms)',
      rollupPage.toFixed(1),
      `stored ${storedPage.toFixed(1)}`,
      (rollupPage / storedPage).toFixed(2),
      '≤ 150 ms',
    ],
    [
      `deal Value edit → company rollup at ${CLIENTS} clients, p50 (ms)`,
      p(rollupLatencies, 50),
      `stored edit ${p(storedLatencies, 50)}`,
      (percentile(rollupLatencies, 50) / percentile(storedLatencies, 50)).toFixed(2),
      '',
    ],
    [
      `deal Value edit → company rollup at ${CLIENTS} clients, p99 (ms)`,
      p(rollupLatencies, 99),
      `stored edit ${p(storedLatencies, 99)}`,
      (percentile(rollupLatencies, 99) / percentile(storedLatencies, 99)).toFixed(2),
      '≤ 50 ms',
    ],
  ];
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
} finally {
  for (const socket of sockets) socket.close();
  await client.end().catch(() => undefined);
  await bench.stop();
}
