// Benchmark: a saved view of a large sheet. Its per-view indexes are built when it is saved (not after repeated use):
// the first page read through `viewId` after the save, against the same page asked with explicit sort and filter
// parameters, and against a scan of the sheet; and the view's summary (sum and count over its rows), all in one run.
//   node bench/views.mjs [rows=1000000]
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startBenchApp } from './support/app.mjs';
import { indexesBuilt as built } from './support/indexes.mjs';
import { call, timed, timedInterleaved } from './support/measure.mjs';
import { storedKeys } from './support/stored-keys.mjs';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];

// Demand alone would never build an index here: only saving a view does.
const bench = await startBenchApp('contrivance_bench_views', { ROW_INDEX_MIN_USES: '1000000' });
const { db, base } = bench;
const client = new pg.Client({ connectionString: db.url });

try {
  await client.connect();
  const auth = await call(base, '/auth/register', { method: 'POST', body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123', displayName: 'Bench' }) });
  const headers = { Authorization: `Bearer ${auth.accessToken}`, 'Content-Type': 'application/json' };
  const sheet = await call(base, '/api/spreadsheets', { method: 'POST', headers, body: JSON.stringify({ name: 'Large' }) });
  const col = {};
  for (const [name, type, extra] of [
    ['Deal', 'text', {}],
    ['Value', 'currency', {}],
    ['Stage', 'select', { options: STAGES.map((id) => ({ id, label: id })) }],
    ['Region', 'text', {}],
  ]) {
    col[name] = (await call(base, `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', headers, body: JSON.stringify({ name, type, ...extra }) })).id;
  }
  const loadStart = performance.now();
  await client.query(
    `INSERT INTO spreadsheet_rows (sheet_id, position, data)
     SELECT $1, g, jsonb_build_object($2::text, 'Deal ' || g, $3::text, (g::bigint * 7919) % 1000000 / 10.0,
       $4::text, (ARRAY['lead','qualified','proposal','negotiation','won','lost'])[1 + g % 6], $5::text, (ARRAY['EMEA','AMER','APAC'])[1 + g % 3])
     FROM generate_series(1, $6::int) g`,
    [sheet.id, ...[col.Deal, col.Value, col.Stage, col.Region].map(await storedKeys(client, Object.values(col))), ROWS],
  );
  await client.query(`UPDATE spreadsheets SET row_count = $2 WHERE id = $1`, [sheet.id, ROWS]);
  await client.query('VACUUM ANALYZE spreadsheet_rows');
  const loadSeconds = (performance.now() - loadStart) / 1000;

  // Negotiation deals, biggest first.
  const saveStart = performance.now();
  const view = await call(base, `/api/spreadsheets/${sheet.id}/views`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: 'Negotiation by value',
      type: 'grid',
      shared: true,
      filter: { op: 'and', conditions: [{ columnId: col.Stage, operator: 'eq', value: 'negotiation' }] },
      sorts: [{ columnId: col.Value, direction: 'desc' }],
    }),
  });
  const saveMs = performance.now() - saveStart;
  // The sort key over the view's rows, and the rows of the stage in sheet order.
  const indexSeconds = await built(client, 2, saveStart);

  const byView = () => call(base, `/api/spreadsheets/${sheet.id}/rows?viewId=${view.id}&limit=100&count=false`, { headers });
  const byParams = () => call(base, `/api/spreadsheets/${sheet.id}/rows?sort=${col.Value}:desc&filter=${col.Stage}:eq:negotiation&limit=100&count=false`, { headers });
  const summary = () => call(base, `/api/spreadsheets/${sheet.id}/summary?viewId=${view.id}&fn=${col.Value}:sum&fn=${col.Deal}:count`, { headers });
  const first = await byView();
  const values = first.items.map((r) => r.values[col.Value]);
  if (first.items.length !== 100 || values.some((v, i) => i > 0 && v > values[i - 1]) || first.items.some((r) => r.values[col.Stage] !== 'negotiation')) {
    throw new Error('the view page is not the negotiation deals by value');
  }
  if (JSON.stringify((await byParams()).items) !== JSON.stringify(first.items)) throw new Error('the view page differs from the same page by parameters');
  const [viewPage, paramsPage] = await timedInterleaved([byView, byParams]);
  const summaryMs = await timed(summary, 5);
  const total = await summary();

  await client.query('SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off');
  const stageKey = (await storedKeys(client, [col.Stage]))(col.Stage);
  const seqScan = await timed(() => client.query(`SELECT count(*) FROM spreadsheet_rows WHERE sheet_id = $1 AND data->>$2 = 'negotiation'`, [sheet.id, stageKey]), 5);
  await client.query('RESET ALL');

  const rows = [
    ['rows loaded (SQL bulk insert)', `${ROWS.toLocaleString('en')} in ${loadSeconds.toFixed(1)} s`, '', '', ''],
    ['view saved (ms, the request)', saveMs.toFixed(1), '', '', ''],
    ['its indexes built after the save, in the background (s)', indexSeconds.toFixed(1), '', '', 'built at save'],
    ['page of the view by viewId, count=false (median ms)', viewPage.toFixed(1), `same page by parameters ${paramsPage.toFixed(1)}`, (viewPage / paramsPage).toFixed(2), ''],
    ['page of the view by viewId (median ms)', viewPage.toFixed(1), `seq scan ${seqScan.toFixed(1)}`, (viewPage / seqScan).toFixed(2), ''],
    [
      `summary of the view: sum and count over ${Number(total.values[`${col.Deal}:count`]).toLocaleString('en')} rows (median ms)`,
      summaryMs.toFixed(1),
      `seq scan ${seqScan.toFixed(1)}`,
      (summaryMs / seqScan).toFixed(2),
      '',
    ],
  ];
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
} finally {
  await client.end().catch(() => undefined);
  await bench.stop();
}
