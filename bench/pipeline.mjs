// Benchmark: the pipeline report of a large sheet through the API, against a plain scan of the same rows (same run).
//   node bench/pipeline.mjs [rows=100000]
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startBenchApp } from './support/app.mjs';
import { call, median, timed } from './support/measure.mjs';
import { storedKeys } from './support/stored-keys.mjs';

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

  const loadStart = performance.now();
  await client.query(`DELETE FROM spreadsheet_rows WHERE sheet_id = $1`, [sheet.id]);
  await client.query(
    `INSERT INTO spreadsheet_rows (sheet_id, position, data)
     SELECT $1, g, jsonb_build_object($2::text, 'Deal ' || g, $3::text, (ARRAY['lead','qualified','proposal','negotiation','won','lost'])[1 + g % 6],
       $4::text, (g * 7919) % 500000 / 10.0, $5::text, to_char(date '2026-01-01' + (g % 540), 'YYYY-MM-DD'))
     FROM generate_series(1, $6::int) g`,
    [sheet.id, ...[col.Deal, col.Stage, col.Value, col['Close date']].map(await storedKeys(client, Object.values(col))), ROWS],
  );
  await client.query(`UPDATE spreadsheets SET row_count = $2 WHERE id = $1`, [sheet.id, ROWS]);
  const stageKey = (await storedKeys(client, [col.Stage]))(col.Stage);
  const moves = (modulo, offset, daysAgo) =>
    client.query(
      `INSERT INTO spreadsheet_changes (sheet_id, version, at, row_id, column_id, kind, old_value, new_value)
       SELECT $1, $4 + row_number() OVER (), now() - make_interval(days => $3::int), r.id, $2::uuid, 'cell', r.data->($7::text), to_jsonb('won'::text)
       FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.position::int % $5 = $6`,
      [sheet.id, col.Stage, daysAgo, 10_000_000 * (offset + 1), modulo, offset, stageKey],
    );
  // The history below is written behind the app's back, with versions of its own: the sheet's version then moves past
  // all of them, as the changes through the app would have moved it (the report follows the history by version).
  const settle = async () => {
    await client.query(`UPDATE spreadsheets SET version = (SELECT max(version) FROM spreadsheet_changes WHERE sheet_id = $1) + 1 WHERE id = $1`, [sheet.id]);
    await client.query('VACUUM ANALYZE spreadsheet_rows');
    await client.query('VACUUM ANALYZE spreadsheet_changes');
    const {
      rows: [{ n }],
    } = await client.query(`SELECT count(*)::int AS n FROM spreadsheet_changes WHERE sheet_id = $1`, [sheet.id]);
    return n;
  };

  // ROWS deals as an import leaves them (one history entry for the import), then a history as heavy as it gets here:
  // a tenth of the rows moved once twice over, every row created through the API (a row:create entry each), and half
  // of them moved.
  await moves(10, 0, 20);
  await moves(10, 5, 5);
  await client.query(
    `INSERT INTO spreadsheet_changes (sheet_id, version, at, row_id, kind, new_value)
     SELECT $1, 1000 + row_number() OVER (), now() - interval '90 days' + (r.position::int % 60) * interval '1 day', r.id, 'row:create', r.data
     FROM spreadsheet_rows r WHERE r.sheet_id = $1`,
    [sheet.id],
  );
  await moves(2, 1, 10);
  const history = await settle();
  const loadSeconds = (performance.now() - loadStart) / 1000;

  const { items: edited } = await call(base, `/api/spreadsheets/${sheet.id}/rows?limit=${RUNS}&count=false`, { headers });
  const report = () => call(base, `/api/spreadsheets/${sheet.id}/pipeline`, { headers });
  const valueKey = (await storedKeys(client, [col.Value]))(col.Value);
  const scan = () => client.query(`SELECT count(*), sum((data->>$2)::numeric) FROM spreadsheet_rows WHERE sheet_id = $1`, [sheet.id, valueKey]);
  const time = async (fn) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  const stageOptions = sheet.columns.find((c) => c.id === col.Stage).options;
  const stageIds = stageOptions.map((o) => o.id);
  const csv = (run) =>
    ['Deal,Stage,Value,Close date', ...Array.from({ length: 100 }, (_, i) => `Imported ${run}-${i},${stageOptions[i % 6].label},${1000 + i * 7.5},2027-0${1 + (i % 9)}-15`)].join(
      '\n',
    );

  // The first report computes from scratch (nothing cached yet), and is checked for its row count.
  const first = await report();
  if (first.totals.count !== ROWS) throw new Error(`expected ${ROWS} rows in the report, got ${first.totals.count}`);
  await timed(scan, 3);

  // Each run: one scan (the baseline), a stage cell edit through the API (a new version) then the report (brought
  // forward by one change), the same report again (the sheet unchanged: from the cache), a 100-row import through the
  // API then the report (brought forward by the import). Interleaved, so a machine whose load changes slows all alike.
  const figures = { scan: [], afterEdit: [], unchanged: [], afterImport: [], scratch: [] };
  let rows = ROWS;
  for (const [run, row] of edited.entries()) {
    figures.scan.push(await time(scan));
    const to = stageIds[(stageIds.indexOf(row.values[col.Stage]) + 1) % stageIds.length];
    await call(base, `/api/spreadsheets/${sheet.id}/rows/${row.id}`, { method: 'PATCH', headers, body: JSON.stringify({ values: { [col.Stage]: to } }) });
    figures.afterEdit.push(await time(report));
    figures.unchanged.push(await time(report));
    const body = new FormData();
    body.append('file', new Blob([csv(run)], { type: 'text/csv' }), 'deals.csv');
    await call(base, `/api/spreadsheets/${sheet.id}/import`, { method: 'POST', headers, body });
    rows += 100;
    let after;
    figures.afterImport.push(await time(async () => (after = await report())));
    if (after.totals.count !== rows) throw new Error(`expected ${rows} rows in the report after the import, got ${after.totals.count}`);
  }
  // For comparison, a few reports computed from scratch: a change of the stage column's options (it may rewrite
  // cells without a cell change each) is not followed, the next report scans everything again.
  for (let run = 0; run < 5; run += 1) {
    const options = stageOptions.map((o, i) => (i === 0 ? { ...o, probability: 10 + run } : o));
    await call(base, `/api/spreadsheets/${sheet.id}/columns/${col.Stage}`, { method: 'PATCH', headers, body: JSON.stringify({ options }) });
    figures.scratch.push(await time(report));
  }

  const scanMs = median(figures.scan);
  const fmt = (n) => n.toLocaleString('en');
  const line = (what, ms, target) => [
    `pipeline report ${what}, ${fmt(history)} history entries (median ms)`,
    ms.toFixed(1),
    `one scan summing the values ${scanMs.toFixed(1)}`,
    (ms / scanMs).toFixed(2),
    target === null ? '' : `≤ ${target} ms ${ms <= target ? '✔' : '✘'}`,
  ];
  const table = [
    ['rows loaded (SQL)', `${fmt(ROWS)} in ${loadSeconds.toFixed(1)} s`, '', '', ''],
    line('of an unchanged sheet', median(figures.unchanged), 50),
    line('first after a stage cell edit', median(figures.afterEdit), 50),
    line('first after a 100-row import', median(figures.afterImport), 50),
    line('from scratch (first after an option change, 5 runs)', median(figures.scratch), null),
  ];
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of table) console.log(`| ${r.join(' | ')} |`);
} finally {
  await client.end().catch(() => undefined);
  await bench.stop();
}
