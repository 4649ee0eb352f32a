// Benchmark: the pipeline report of a large sheet through the API, against a plain scan of the same rows (same run).
//   node bench/pipeline.mjs [rows=100000]
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startBenchApp } from './support/app.mjs';
import { call, median, timed } from './support/measure.mjs';

const ROWS = Number(process.argv[2] ?? 100_000);
const RUNS = 21;

const bench = await startBenchApp('contrivance_pipeline_bench');
const { db, base } = bench;
const client = new pg.Client({ connectionString: db.url });
try {
  await client.connect();
  const auth = await call(base, '/auth/register', { method: 'POST', body: JSON.stringify({ email: 'pipe@example.com', password: 'bench password 123', displayName: 'Bench' }) });
  const headers = { Authorization: `Bearer ${auth.accessToken}` };
  const sheet = await call(base, '/api/spreadsheets', { method: 'POST', headers, body: JSON.stringify({ name: 'Big pipeline', template: 'sales-pipeline' }) });
  const col = Object.fromEntries(sheet.columns.map((c) => [c.name, c.id]));

  // ROWS deals as an import leaves them (one history entry for the import), then stage moves recorded in history:
  // first a tenth of the rows moved once (a typical imported sheet in use), then a history as heavy as it gets
  // here: every row created through the API (a row:create entry each) and half of them moved.
  const loadStart = performance.now();
  await client.query(`DELETE FROM spreadsheet_rows WHERE sheet_id = $1`, [sheet.id]);
  await client.query(
    `INSERT INTO spreadsheet_rows (sheet_id, position, data)
     SELECT $1, g, jsonb_build_object($2::text, 'Deal ' || g, $3::text, (ARRAY['lead','qualified','proposal','negotiation','won','lost'])[1 + g % 6],
       $4::text, (g * 7919) % 500000 / 10.0, $5::text, to_char(date '2026-01-01' + (g % 540), 'YYYY-MM-DD'))
     FROM generate_series(1, $6::int) g`,
    [sheet.id, col.Deal, col.Stage, col.Value, col['Close date'], ROWS],
  );
  await client.query(`UPDATE spreadsheets SET row_count = $2 WHERE id = $1`, [sheet.id, ROWS]);
  const moves = (modulo, offset, daysAgo) =>
    client.query(
      `INSERT INTO spreadsheet_changes (sheet_id, version, at, row_id, column_id, kind, old_value, new_value)
       SELECT $1, $4 + row_number() OVER (), now() - make_interval(days => $3::int), r.id, $2::uuid, 'cell', r.data->($2::text), to_jsonb('won'::text)
       FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.position::int % $5 = $6`,
      [sheet.id, col.Stage, daysAgo, 10_000_000 * (offset + 1), modulo, offset],
    );
  const settle = async () => {
    // Written behind the app's back: a new version, as a change through the app would give (the report is cached per version).
    await client.query(`UPDATE spreadsheets SET version = version + 1 WHERE id = $1`, [sheet.id]);
    await client.query('VACUUM ANALYZE spreadsheet_rows');
    await client.query('VACUUM ANALYZE spreadsheet_changes');
    const {
      rows: [{ n }],
    } = await client.query(`SELECT count(*)::int AS n FROM spreadsheet_changes WHERE sheet_id = $1`, [sheet.id]);
    return n;
  };
  const { items: edited } = await call(base, `/api/spreadsheets/${sheet.id}/rows?limit=${RUNS}&count=false`, { headers });
  const report = () => call(base, `/api/spreadsheets/${sheet.id}/pipeline`, { headers });
  // Each run: a cell edit through the API (a new version), then the report (computed from the rows and history),
  // then the same report again (the sheet unchanged: from the cache).
  // A new value on every edit (an unchanged value is no change: the version, and the cache, would stay).
  let edits = 0;
  const measure = async () => {
    const first = await report();
    if (first.totals.count !== ROWS) throw new Error(`expected ${ROWS} rows in the report, got ${first.totals.count}`);
    const afterEdit = [];
    const unchanged = [];
    for (const row of edited) {
      await call(base, `/api/spreadsheets/${sheet.id}/rows/${row.id}`, { method: 'PATCH', headers, body: JSON.stringify({ values: { [col.Value]: 1000 + (edits += 1) } }) });
      let start = performance.now();
      await report();
      afterEdit.push(performance.now() - start);
      start = performance.now();
      await report();
      unchanged.push(performance.now() - start);
    }
    return { afterEdit: median(afterEdit), unchanged: median(unchanged) };
  };

  await moves(10, 0, 20);
  await moves(10, 5, 5);
  const lightHistory = await settle();
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const light = await measure();

  await client.query(
    `INSERT INTO spreadsheet_changes (sheet_id, version, at, row_id, kind, new_value)
     SELECT $1, 1000 + row_number() OVER (), now() - interval '90 days' + (r.position::int % 60) * interval '1 day', r.id, 'row:create', r.data
     FROM spreadsheet_rows r WHERE r.sheet_id = $1`,
    [sheet.id],
  );
  await moves(2, 1, 10);
  const heavyHistory = await settle();
  const heavy = await measure();
  const scan = await timed(() => client.query(`SELECT count(*), sum((data->>$2)::numeric) FROM spreadsheet_rows WHERE sheet_id = $1`, [sheet.id, col.Value]), RUNS);

  const fmt = (n) => n.toLocaleString('en');
  const row = (what, history, ms, target) => [
    `pipeline report ${what}, ${fmt(history)} history entries (median ms)`,
    ms.toFixed(1),
    `one scan summing the values ${scan.toFixed(1)}`,
    (ms / scan).toFixed(2),
    target,
  ];
  const table = [
    ['rows loaded (SQL)', `${fmt(ROWS)} in ${loadSeconds.toFixed(1)} s`, '', '', ''],
    row('right after an edit', lightHistory, light.afterEdit, '≤ 200 ms'),
    row('of an unchanged sheet', lightHistory, light.unchanged, '≤ 50 ms'),
    row('right after an edit', heavyHistory, heavy.afterEdit, '≤ 200 ms'),
    row('of an unchanged sheet', heavyHistory, heavy.unchanged, '≤ 50 ms'),
  ];
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of table) console.log(`| ${r.join(' | ')} |`);
} finally {
  await client.end().catch(() => undefined);
  await bench.stop();
}
