// What per-view indexes cost everyone else: the planning and execution time of a cell edit on one sheet while
// another sheet's partial indexes sit on the shared rows table — none (baseline), the default overall cap
// (ROW_INDEX_MAX_TOTAL = 64), and the 1,200 a probing client could once make the server build.
// Usage: node bench/row-index-cap.mjs [rows=20000] [many=1200]
import pg from 'pg';
import { startBenchApp } from './support/app.mjs';
import { call, median } from './support/measure.mjs';

const ROWS = Number(process.argv[2] ?? 20_000);
const MANY = Number(process.argv[3] ?? 1200);
const CAP = 64;
const RUNS = 60;

const bench = await startBenchApp('contrivance_index_cap_bench');
const client = new pg.Client({ connectionString: bench.db.url });
await client.connect();
try {
  const auth = await call(bench.base, '/auth/register', { method: 'POST', body: JSON.stringify({ email: 'cap@example.com', password: 'bench password 123', displayName: 'Cap' }) });
  const headers = { Authorization: `Bearer ${auth.accessToken}` };
  const sheet = (name) => call(bench.base, '/api/spreadsheets', { method: 'POST', headers, body: JSON.stringify({ name }) });
  const [probed, edited] = [await sheet('Probed'), await sheet('Edited')];
  const column = await call(bench.base, `/api/spreadsheets/${edited.id}/columns`, { method: 'POST', headers, body: JSON.stringify({ name: 'Note', type: 'text' }) });
  const [row] = await call(bench.base, `/api/spreadsheets/${edited.id}/rows`, { method: 'POST', headers, body: JSON.stringify({ rows: [{ values: {} }] }) });
  await client.query(`INSERT INTO spreadsheet_rows (sheet_id, position, data) SELECT $1, g, jsonb_build_object('k' || (g % 50), g) FROM generate_series(1, $2::int) g`, [
    probed.id,
    ROWS,
  ]);
  await client.query('ANALYZE spreadsheet_rows');

  // The statement of a cell edit (RowsRepository.patchReturningBefore), planned and run on the edited sheet.
  const edit = `EXPLAIN (ANALYZE, FORMAT JSON)
    WITH old AS (SELECT r.id, r.version FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = $2 FOR UPDATE)
    UPDATE spreadsheet_rows r SET data = r.data || $3::jsonb, version = r.version + 1, updated_at = now() FROM old WHERE r.id = old.id`;
  async function measure() {
    const planning = [];
    const execution = [];
    for (let i = 0; i < RUNS; i += 1) {
      await client.query('BEGIN');
      const { rows } = await client.query(edit, [edited.id, row.id, JSON.stringify({ [column.id]: `v${i}` })]);
      await client.query('ROLLBACK');
      planning.push(rows[0]['QUERY PLAN'][0]['Planning Time']);
      execution.push(rows[0]['QUERY PLAN'][0]['Execution Time']);
    }
    return { planning: median(planning), execution: median(execution) };
  }
  let built = 0;
  async function indexesUpTo(n) {
    for (; built < n; built += 1) {
      await client.query(`CREATE INDEX "bench_cap_${built}" ON spreadsheet_rows (((data->>'k${built % 50}')::numeric), (${built} + position)) WHERE sheet_id = '${probed.id}'`);
    }
  }
  const none = await measure();
  await indexesUpTo(CAP);
  const cap = await measure();
  await indexesUpTo(MANY);
  const many = await measure();

  const fmt = (n) => n.toFixed(2);
  console.log(`\nA cell edit on one sheet while another sheet has N partial indexes (${ROWS} rows), median of ${RUNS}\n`);
  console.log('| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  console.log(
    `| edit planning at the cap (${CAP} indexes) (ms) | ${fmt(cap.planning)} | no indexes ${fmt(none.planning)} | ${(cap.planning / none.planning).toFixed(1)} | bounded by the cap |`,
  );
  console.log(`| edit execution at the cap (ms) | ${fmt(cap.execution)} | no indexes ${fmt(none.execution)} | ${(cap.execution / none.execution).toFixed(1)} | |`);
  console.log(
    `| edit planning with ${MANY} indexes, the uncapped case (ms) | ${fmt(many.planning)} | no indexes ${fmt(none.planning)} | ${(many.planning / none.planning).toFixed(1)} | what the cap prevents |`,
  );
  console.log(`| edit execution with ${MANY} indexes (ms) | ${fmt(many.execution)} | no indexes ${fmt(none.execution)} | ${(many.execution / none.execution).toFixed(1)} | |`);
} finally {
  await client.end();
  await bench.stop();
}
