// Benchmark: one page of rows from a large sheet through the API, against baselines measured in the same run.
//   node bench/rows-page.mjs [rows=1000000]
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { freePort, startBenchApp } from './support/app.mjs';
import { indexesBuilt } from './support/indexes.mjs';
import { call, throughput, timed } from './support/measure.mjs';
import { storedKeys } from './support/stored-keys.mjs';

const ROWS = Number(process.argv[2] ?? 1_000_000);

const bench = await startBenchApp('contrivance_bench');
const { db, base } = bench;
const client = new pg.Client({ connectionString: db.url });
let bare;
try {
  await client.connect();
  const auth = await call(base, '/auth/register', { method: 'POST', body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123', displayName: 'Bench' }) });
  const headers = { Authorization: `Bearer ${auth.accessToken}` };
  const sheet = await call(base, '/api/spreadsheets', { method: 'POST', headers, body: JSON.stringify({ name: 'Large' }) });
  const col = {};
  for (const [name, type, extra] of [
    ['Deal', 'text', {}],
    ['Company', 'text', {}],
    ['Value', 'currency', {}],
    ['Probability', 'percent', {}],
    ['Stage', 'select', { options: ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'].map((label) => ({ id: label.toLowerCase(), label })) }],
    ['Close', 'date', {}],
    ['Email', 'email', {}],
    ['Hot', 'checkbox', {}],
    ['Notes', 'longText', {}],
    ['Region', 'text', {}],
  ]) {
    col[name] = (await call(base, `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', headers, body: JSON.stringify({ name, type, ...extra }) })).id;
  }

  const loadStart = performance.now();
  await client.query(
    `INSERT INTO spreadsheet_rows (sheet_id, position, data)
     SELECT $1, g, jsonb_build_object(
       $2::text, 'Deal ' || g, $3::text, 'Company ' || (g % 5000), $4::text, (g::bigint * 7919) % 1000000 / 10.0, $5::text, g % 100,
       $6::text, (ARRAY['lead','qualified','proposal','negotiation','won','lost'])[1 + g % 6], $7::text, to_char(date '2026-01-01' + (g % 365), 'YYYY-MM-DD'),
       $8::text, 'contact' || g || '@example.com', $9::text, g % 2 = 0, $10::text, 'Note for deal ' || g, $11::text, (ARRAY['EMEA','AMER','APAC'])[1 + g % 3])
     FROM generate_series(1, $12::int) g`,
    [
      sheet.id,
      ...[col.Deal, col.Company, col.Value, col.Probability, col.Stage, col.Close, col.Email, col.Hot, col.Notes, col.Region].map(await storedKeys(client, Object.values(col))),
      ROWS,
    ],
  );
  await client.query(`UPDATE spreadsheets SET row_count = $2 WHERE id = $1`, [sheet.id, ROWS]);
  await client.query('VACUUM ANALYZE spreadsheet_rows');
  const loadSeconds = (performance.now() - loadStart) / 1000;

  const query = `sort=${col.Value}:desc&filter=${col.Stage}:eq:won&limit=100`;
  // The requests of a view in use on a large sheet queue its indexes; wait for them to be built, and time that.
  const firstStart = performance.now();
  const page = await call(base, `/api/spreadsheets/${sheet.id}/rows?${query}&count=false`, { headers });
  const firstPage = performance.now() - firstStart;
  if (page.items.length !== 100) throw new Error('expected a full page');
  // A view's indexes are built once it is in use (ROW_INDEX_MIN_USES requests, 3 by default): ask twice more.
  for (let i = 0; i < 2; i += 1) await call(base, `/api/spreadsheets/${sheet.id}/rows?${query}&count=false`, { headers });
  const indexStart = performance.now();
  await indexesBuilt(client, 2, indexStart);
  const indexSeconds = (performance.now() - firstStart) / 1000;
  const apiPage = await timed(() => call(base, `/api/spreadsheets/${sheet.id}/rows?${query}&count=false`, { headers }));
  const apiPageTotal = await timed(() => call(base, `/api/spreadsheets/${sheet.id}/rows?${query}&count=true`, { headers }), 11);
  // The baseline must scan: the view's own indexes would otherwise answer this count too.
  await client.query('SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off');
  const stageKey = (await storedKeys(client, [col.Stage]))(col.Stage);
  const seqScan = await timed(() => client.query(`SELECT count(*) FROM spreadsheet_rows WHERE sheet_id = $1 AND data->>$2 = 'won'`, [sheet.id, stageKey]), 11);
  await client.query('RESET ALL');

  // Framework overhead: a bare node:http + pg handler running a 100-row page (sheet order) vs the API, same SQL shape.
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  const pageSql = `SELECT r.id, r.position, r.data, r.version, r.created_at, r.updated_at, r.updated_by FROM spreadsheet_rows r WHERE r.sheet_id = $1 ORDER BY r.position, r.id LIMIT 100 OFFSET 0`;
  const barePort = await freePort();
  bare = createServer(async (_req, res) => {
    const { rows } = await pool.query(pageSql, [sheet.id]);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ items: rows }));
  }).listen(barePort, '127.0.0.1');
  const bareRps = await throughput(() => fetch(`http://127.0.0.1:${barePort}/`).then((r) => r.arrayBuffer()));
  const apiRps = await throughput(() => fetch(`${base}/api/spreadsheets/${sheet.id}/rows?limit=100&count=false`, { headers }).then((r) => r.arrayBuffer()));
  await pool.end();

  const rows = [
    ['rows loaded (SQL bulk insert)', `${ROWS.toLocaleString('en')} in ${loadSeconds.toFixed(1)} s`, '', '', ''],
    ['first page of the view, before its indexes (ms)', firstPage.toFixed(1), `seq scan ${seqScan.toFixed(1)}`, (firstPage / seqScan).toFixed(2), ''],
    ['indexes of the view built in the background (s)', indexSeconds.toFixed(1), '', '', ''],
    ['page: sort number desc + filter select, count=false (median ms)', apiPage.toFixed(1), `seq scan ${seqScan.toFixed(1)}`, (apiPage / seqScan).toFixed(2), '≤ 100 ms'],
    ['page with filtered total (median ms)', apiPageTotal.toFixed(1), `seq scan ${seqScan.toFixed(1)}`, (apiPageTotal / seqScan).toFixed(2), '≤ 500 ms'],
    ['API page req/s vs bare node:http + pg', apiRps.toFixed(0), `bare ${bareRps.toFixed(0)}`, (apiRps / bareRps).toFixed(2), '≥ 0.50'],
  ];
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
} finally {
  bare?.close();
  await client.end().catch(() => undefined);
  await bench.stop();
}
