// Benchmark: search in a large sheet. The first page of matches (with their total) for a rare, a medium and a common
// term and an option label, before the sheet's trigram index exists (its build held back by holding the build lock)
// and after it (built in the background at the first search), against the sheet's first rows page in the same run;
// and the same pages with `rowIndex=true` (what the web's grid asks for, to scroll to a match).
//   node bench/search.mjs [rows=1000000]
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startBenchApp } from './support/app.mjs';
import { indexesBuilt } from './support/indexes.mjs';
import { call, median, timedInterleaved } from './support/measure.mjs';
import { storedKeys } from './support/stored-keys.mjs';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
/** RowIndexesRepository's BUILD_LOCK_KEY: while the bench holds it, no index is built. */
const BUILD_LOCK_KEY = 727_274_002;

const bench = await startBenchApp('contrivance_bench_search');
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
    ['Contact', 'email', {}],
  ]) {
    col[name] = (await call(base, `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', headers, body: JSON.stringify({ name, type, ...extra }) })).id;
  }
  const loadStart = performance.now();
  await client.query(
    `INSERT INTO spreadsheet_rows (sheet_id, position, data)
     SELECT $1, g, jsonb_build_object($2::text, 'Deal ' || g, $3::text, (g::bigint * 7919) % 1000000 / 10.0,
       $4::text, (ARRAY['lead','qualified','proposal','negotiation','won','lost'])[1 + g % 6], $5::text, (ARRAY['EMEA','AMER','APAC'])[1 + g % 3],
       $6::text, 'buyer' || ((g::bigint * 104729) % 1000003) || '@example.com')
     FROM generate_series(1, $7::int) g`,
    [sheet.id, ...[col.Deal, col.Value, col.Stage, col.Region, col.Contact].map(await storedKeys(client, Object.values(col))), ROWS],
  );
  await client.query(`UPDATE spreadsheets SET row_count = $2 WHERE id = $1`, [sheet.id, ROWS]);
  await client.query('VACUUM ANALYZE spreadsheet_rows');
  const loadSeconds = (performance.now() - loadStart) / 1000;

  const rare = `Deal ${Math.floor(ROWS * 0.987)}`;
  const terms = [
    ['a rare term, one row near the end', rare],
    ['a medium term (digits in names, values, emails)', '77777'],
    ['a common term (a third of the rows)', 'emea'],
    ['an option label (a sixth of the rows)', 'negotiation'],
  ];
  const search =
    (q, rowIndex = false) =>
    () =>
      call(base, `/api/spreadsheets/${sheet.id}/search?q=${encodeURIComponent(q)}&limit=100${rowIndex ? '&rowIndex=true' : ''}`, { headers });
  const firstPage = () => call(base, `/api/spreadsheets/${sheet.id}/rows?limit=100&count=false`, { headers });

  // Without the index: the build lock held, every build attempt is put off.
  await client.query('SELECT pg_advisory_lock($1)', [BUILD_LOCK_KEY]);
  const scans = [];
  const answers = [];
  for (const [, q] of terms) {
    const times = [];
    for (let i = 0; i < 3; i += 1) {
      const start = performance.now();
      answers.push(await search(q)());
      times.push(performance.now() - start);
    }
    scans.push(median(times));
  }
  const rareAnswer = await search(rare, true)();
  if (rareAnswer.total !== 1 || rareAnswer.items[0].columnId !== col.Deal || rareAnswer.items[0].rowIndex !== Math.floor(ROWS * 0.987) - 1) {
    throw new Error(`the rare term's answer is wrong: ${JSON.stringify(rareAnswer)}`);
  }
  await client.query('SELECT pg_advisory_unlock($1)', [BUILD_LOCK_KEY]);

  const buildStart = performance.now();
  await search(rare)();
  const buildSeconds = await indexesBuilt(client, 1, buildStart);
  const {
    rows: [{ size }],
  } = await client.query(`SELECT pg_size_pretty(sum(pg_relation_size(c.oid))) AS size FROM pg_class c WHERE c.relname LIKE 'sr\\_%\\_s'`);

  const withIndex = await timedInterleaved([firstPage, ...terms.map(([, q]) => search(q)), ...terms.map(([, q]) => search(q, true))], 11);
  const [pageMs, ...rest] = withIndex;
  const searchMs = rest.slice(0, terms.length);
  const indexedMs = rest.slice(terms.length);
  const results = await Promise.all(terms.map(([, q]) => search(q)()));
  for (const [i, r] of results.entries()) {
    if (JSON.stringify(r.items) !== JSON.stringify(answers[i * 3].items)) throw new Error(`"${terms[i][1]}" answers differently with the index`);
  }

  const rows = [
    ['rows loaded (SQL bulk insert)', `${ROWS.toLocaleString('en')} in ${loadSeconds.toFixed(1)} s`, '', '', ''],
    [`search index built after the first search, in the background (s; ${size})`, buildSeconds.toFixed(1), '', '', ''],
    ...terms.map(([label, q], i) => [
      `search "${q}", ${label}: ${results[i].total}${results[i].totalCapped ? '+' : ''} cells (median ms)`,
      searchMs[i].toFixed(1),
      `without the index ${scans[i].toFixed(1)}`,
      (searchMs[i] / scans[i]).toFixed(2),
      '',
    ]),
    ...terms.map(([, q], i) => [
      `search "${q}" against the first rows page (median ms)`,
      searchMs[i].toFixed(1),
      `rows page ${pageMs.toFixed(1)}`,
      (searchMs[i] / pageMs).toFixed(2),
      `≤ 200 ms ${searchMs[i] <= 200 ? '✔' : '✘'}`,
    ]),
    ...terms.map(([, q], i) => [
      `search "${q}" with rowIndex=true, as the grid asks (median ms)`,
      indexedMs[i].toFixed(1),
      `without rowIndex ${searchMs[i].toFixed(1)}`,
      (indexedMs[i] / searchMs[i]).toFixed(2),
      '',
    ]),
  ];
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
} finally {
  await client.end().catch(() => undefined);
  await bench.stop();
}
