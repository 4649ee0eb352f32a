// Benchmark: a page of a large sheet sorted by a formula column, against the same page sorted by a stored column and
// a sequential scan, measured in the same run.
//   node bench/formulas.mjs [rows=1000000]
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startBenchApp } from './support/app.mjs';
import { indexesBuilt as built } from './support/indexes.mjs';
import { call, timed, timedInterleaved } from './support/measure.mjs';
import { storedKeys } from './support/stored-keys.mjs';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const STAGES = [
  ['lead', 'Lead', 10],
  ['qualified', 'Qualified', 25],
  ['proposal', 'Proposal', 50],
  ['negotiation', 'Negotiation', 75],
  ['won', 'Won', 100],
  ['lost', 'Lost', 0],
];
/** The option the pages filter on: a sixth of the rows, with a probability that is neither 0 nor 100. */
const STAGE = 'negotiation';

const bench = await startBenchApp('contrivance_bench_formulas');
const { db, base } = bench;
const client = new pg.Client({ connectionString: db.url });

try {
  await client.connect();
  const auth = await call(base, '/auth/register', { method: 'POST', body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123', displayName: 'Bench' }) });
  const headers = { Authorization: `Bearer ${auth.accessToken}` };
  const sheet = await call(base, '/api/spreadsheets', { method: 'POST', headers, body: JSON.stringify({ name: 'Large' }) });
  const col = {};
  // The columns of rows-page.mjs, with probabilities on the stages, and the weighted value as a formula.
  for (const [name, type, extra] of [
    ['Deal', 'text', {}],
    ['Company', 'text', {}],
    ['Value', 'currency', {}],
    ['Probability', 'percent', {}],
    ['Stage', 'select', { options: STAGES.map(([id, label, probability]) => ({ id, label, probability })) }],
    ['Close', 'date', {}],
    ['Email', 'email', {}],
    ['Hot', 'checkbox', {}],
    ['Notes', 'longText', {}],
    ['Region', 'text', {}],
    ['Weighted', 'formula', { formula: '{Value} * {Stage}.probability / 100' }],
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

  const page = (sortColumn) => () => call(base, `/api/spreadsheets/${sheet.id}/rows?sort=${sortColumn}:desc&filter=${col.Stage}:eq:${STAGE}&limit=100&count=false`, { headers });

  // The formula view: its first use is a scan that computes the formula for every row of the sheet; once the view is
  // in use (ROW_INDEX_MIN_USES requests, 3 by default) its indexes are built in the background.
  const firstStart = performance.now();
  const unindexed = await page(col.Weighted)();
  const firstPage = performance.now() - firstStart;
  if (unindexed.items.length !== 100) throw new Error('expected a full page');
  for (let i = 0; i < 2; i += 1) await page(col.Weighted)();
  // Two indexes: the formula's sort key, and the rows of the stage in sheet order.
  const formulaIndexSeconds = await built(client, 2, firstStart);
  const indexed = await page(col.Weighted)();
  if (JSON.stringify(indexed.items) !== JSON.stringify(unindexed.items)) throw new Error('the indexed page differs from the scanned one');
  const weights = indexed.items.map((r) => r.values[col.Weighted]);
  if (weights.some((w, i) => i > 0 && w > weights[i - 1])) throw new Error('the page is not sorted by the formula');

  // The same view sorted by the stored Value column (its stage index exists already: one more index). Both pages are
  // then timed in turn, so changes in the machine's load fall on both.
  for (let i = 0; i < 3; i += 1) await page(col.Value)();
  await built(client, 3, performance.now());
  const [formulaPage, storedPage] = await timedInterleaved([page(col.Weighted), page(col.Value)]);

  // Baseline, as rows-page.mjs: a scan of the sheet with the same filter (the views' indexes would otherwise answer).
  await client.query('SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off');
  const stageKey = (await storedKeys(client, [col.Stage]))(col.Stage);
  const seqScan = await timed(() => client.query(`SELECT count(*) FROM spreadsheet_rows WHERE sheet_id = $1 AND data->>$2 = $3`, [sheet.id, stageKey, STAGE]), 11);
  await client.query('RESET ALL');

  const rows = [
    ['rows loaded (SQL bulk insert)', `${ROWS.toLocaleString('en')} in ${loadSeconds.toFixed(1)} s`, '', '', ''],
    ['first page sorted by the formula, before its indexes (ms)', firstPage.toFixed(1), `seq scan ${seqScan.toFixed(1)}`, (firstPage / seqScan).toFixed(2), ''],
    ['indexes of the formula view built in the background (s)', formulaIndexSeconds.toFixed(1), '', '', ''],
    ['page: sort formula desc + filter select, count=false (median ms)', formulaPage.toFixed(1), `seq scan ${seqScan.toFixed(1)}`, (formulaPage / seqScan).toFixed(2), '≤ 100 ms'],
    ['same page sorted by the stored Value column (median ms)', storedPage.toFixed(1), `seq scan ${seqScan.toFixed(1)}`, (storedPage / seqScan).toFixed(2), ''],
    ['formula page against the stored-column page (median ms)', formulaPage.toFixed(1), `stored ${storedPage.toFixed(1)}`, (formulaPage / storedPage).toFixed(2), ''],
  ];
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
} finally {
  await client.end().catch(() => undefined);
  await bench.stop();
}
