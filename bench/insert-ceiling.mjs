// Benchmark: how fast PostgreSQL alone takes the bulk insert of issue #17 (100 transactions of 100 rows, 10 at a time,
// into one sheet), by the shape of the transaction, with no HTTP, framework or JSON mapping in the way: the ceiling
// any server with this schema can reach on this machine. The baseline is the app's own statements (captured as in
// bench/support/bare-api.mjs): BEGIN with the version bump, the insert, then history and undo step with the COMMIT.
//   node bench/insert-ceiling.mjs [transactions=100] [rowsPer=100] [concurrency=10]
// Needs `npm run build` (the app makes the sheet; the statements are the app's built ones).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startBenchApp } from './support/app.mjs';
import { call } from './support/measure.mjs';
import { storedKeys } from './support/stored-keys.mjs';
import { INSERT_ROWS_SQL } from './support/app-sql.mjs';

const require = createRequire(import.meta.url);
const { bumpStatement, recordStatement, stepStatement } = require('../apps/api/dist/modules/spreadsheets/change-log/change-statements.js');

const TRANSACTIONS = Number(process.argv[2] ?? 100);
const ROWS_PER = Number(process.argv[3] ?? 100);
const CONCURRENCY = Number(process.argv[4] ?? 10);
const ROUNDS = 3;

const bench = await startBenchApp('contrivance_insert_ceiling');
const pool = new pg.Pool({ connectionString: bench.db.url, max: CONCURRENCY + 2 });
try {
  const session = await call(bench.base, '/auth/register', {
    method: 'POST',
    body: JSON.stringify({ email: 'ceiling@example.com', password: 'bench password 123', displayName: 'Ceiling' }),
  });
  const headers = { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' };
  const sheet = await call(bench.base, '/api/spreadsheets', { method: 'POST', headers, body: JSON.stringify({ name: 'Inserts' }) });
  const columnIds = [];
  for (const [name, type, extra] of [
    ['Deal', 'text', {}],
    ['Value', 'currency', {}],
    ['Stage', 'select', { options: [{ id: 'lead', label: 'Lead' }] }],
    ['Close', 'date', {}],
    ['Hot', 'checkbox', {}],
  ]) {
    columnIds.push((await call(bench.base, `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', headers, body: JSON.stringify({ name, type, ...extra }) })).id);
  }
  const { id: userId } = await call(bench.base, '/api/users/me', { headers });
  const keyOf = await storedKeys(pool, columnIds);
  const [deal, value, stage, close, hot] = columnIds.map(keyOf);
  let serial = 0;
  /** One POST's rows as stored (cells under the columns' stored keys). */
  const batch = () =>
    Array.from({ length: ROWS_PER }, (_, i) => {
      serial += 1;
      return { [deal]: `New deal ${serial}`, [value]: serial % 10_000, [stage]: 'lead', [close]: '2026-06-30', [hot]: i % 2 === 0 };
    });
  const literal = (v) => pg.escapeLiteral(typeof v === 'string' ? v : JSON.stringify(v));
  const bump = bumpStatement(sheet.id, ROWS_PER);
  const step = (version) => stepStatement(sheet.id, version, userId);
  // History keeps cells by column id (rows store them by key), as the app records them.
  const idOfKey = new Map(columnIds.map((id) => [keyOf(id), id]));
  const byColumnId = (data) => Object.fromEntries(Object.entries(data).map(([key, v]) => [idOfKey.get(key), v]));
  const createdChanges = (rows) => rows.map((r) => ({ rowId: r.id, kind: 'row:create', newValue: byColumnId(r.data) }));
  const keysToIdsSql = `(VALUES ${[...idOfKey].map(([key, id]) => `(${literal(key)}, ${literal(id)})`).join(', ')}) AS k(key, id)`;
  /** `sql` with its $n parameters written in as literals, to share a simple-protocol round trip with other statements. */
  const inlined = (sql, values) => sql.replace(/\$(\d+)/g, (_, n) => literal(values[Number(n) - 1]));
  const sheetSql = `${literal(sheet.id)}::uuid`;
  const userSql = `${literal(userId)}::uuid`;
  /** The insert with its history written from what it inserted, in SQL: the rows' JSON never comes back to the client. */
  const insertWithHistory = (rows, version) =>
    `WITH ins AS (${inlined(INSERT_ROWS_SQL, [sheet.id, rows, userId])})
     INSERT INTO spreadsheet_changes (sheet_id, version, user_id, row_id, kind, new_value)
     SELECT ${sheetSql}, ${version}, ${userSql}, ins.id, 'row:create',
            (SELECT coalesce(jsonb_object_agg(k.id, ins.data -> k.key), '{}') FROM ${keysToIdsSql} WHERE ins.data ? k.key)
     FROM ins`;

  const shapes = {
    "the app's: BEGIN + bump; insert; history + undo step + COMMIT (3 round trips)": async (client) => {
      const [, bumped] = await client.query(`BEGIN; ${bump}`);
      const version = Number(bumped.rows[0].version);
      const { rows } = await client.query(INSERT_ROWS_SQL, [sheet.id, JSON.stringify(batch()), userId]);
      await client.query(`${recordStatement(sheet.id, version, userId, createdChanges(rows))}; ${step(version)}; COMMIT`);
    },
    'BEGIN + bump; insert with its history in SQL + undo step + COMMIT (2 round trips)': async (client) => {
      const [, bumped] = await client.query(`BEGIN; ${bump}`);
      const version = Number(bumped.rows[0].version);
      await client.query(`${insertWithHistory(batch(), version)}; ${step(version)}; COMMIT`);
    },
    'all in one round trip (the version read back in SQL)': async (client) => {
      const version = `(SELECT version FROM spreadsheets WHERE id = ${sheetSql})`;
      const undoStep = `DELETE FROM undo_steps WHERE sheet_id = ${sheetSql} AND user_id = ${userSql} AND stack = 'redo';
        INSERT INTO undo_steps (sheet_id, user_id, stack, version) VALUES (${sheetSql}, ${userSql}, 'undo', ${version})`;
      await client.query(`BEGIN; ${bump}; ${insertWithHistory(batch(), version)}; ${undoStep}; COMMIT`);
    },
    'without history or undo step (not allowed: what they cost)': async (client) => {
      await client.query(`BEGIN; ${bump}`);
      await client.query(INSERT_ROWS_SQL, [sheet.id, JSON.stringify(batch()), userId]);
      await client.query('COMMIT');
    },
  };

  /** Rows per second for TRANSACTIONS transactions of one shape, CONCURRENCY at a time. */
  const rate = async (shape) => {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TRANSACTIONS) {
          next += 1;
          const client = await pool.connect();
          try {
            await shape(client);
          } finally {
            client.release();
          }
        }
      }),
    );
    return (TRANSACTIONS * ROWS_PER) / ((performance.now() - start) / 1000);
  };
  // Interleaved rounds, best of each, so a machine whose load changes slows them alike.
  const best = new Map(Object.keys(shapes).map((name) => [name, 0]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, shape] of Object.entries(shapes)) best.set(name, Math.max(best.get(name), await rate(shape)));
  }
  // Every shape did the whole work: its rows, and (but the last) their history by column id.
  const {
    rows: [done],
  } = await pool.query(
    `SELECT (SELECT count(*)::int FROM spreadsheet_rows WHERE sheet_id = $1) AS rows,
            (SELECT count(*)::int FROM spreadsheet_changes WHERE sheet_id = $1 AND kind = 'row:create' AND new_value ?& $2::text[]) AS history`,
    [sheet.id, columnIds],
  );
  const expected = ROUNDS * TRANSACTIONS * ROWS_PER;
  if (done.rows !== 4 * expected || done.history !== 3 * expected)
    throw new Error(`expected ${4 * expected} rows and ${3 * expected} history entries, found ${done.rows} and ${done.history}`);
  const [baselineName, ...others] = best.keys();
  const baseline = best.get(baselineName);
  const fmt = (n) => Math.round(n).toLocaleString('en');
  console.log(`\n${TRANSACTIONS} transactions of ${ROWS_PER} rows into one sheet, ${CONCURRENCY} at a time, straight to PostgreSQL (best of ${ROUNDS})`);
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  console.log(`| insert ceiling, ${baselineName}: rows/s | ${fmt(baseline)} | | | ≥ 20,000 (issue #17, through the API) |`);
  for (const name of others)
    console.log(`| insert ceiling, ${name}: rows/s | ${fmt(best.get(name))} | the app's statements ${fmt(baseline)} | ${(best.get(name) / baseline).toFixed(2)} | |`);
} finally {
  await pool.end();
  await bench.stop();
}
