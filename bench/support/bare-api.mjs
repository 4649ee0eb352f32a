// The ceiling for bench/api-workloads.mjs: a bare node:http + pg server answering the bench's five requests with
// exactly the statements the app sends for them (captured from the app with pg's query hook; see bench/README.md):
// the API-token lookup every request makes (and its once-a-minute touch), then the page and its total, the row, the
// cell edit's change transaction (version bump, row patch, history and undo step with the COMMIT), or the insert's.
// No framework, validation, realtime or logging; its one cache is each sheet's column keys (rows store cells under
// them and answer by column id, as the app's rows do; the app caches columns too). Answers the app's JSON shapes.
//   DATABASE_URL=… PORT=… TOKEN_HASH_SECRET=… node bench/support/bare-api.mjs   (prints "ready" when listening)
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';
import { INSERT_ROWS_SQL } from './app-sql.mjs';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const hashSecret = (secret) => createHmac('sha256', process.env.TOKEN_HASH_SECRET).update(secret).digest('hex');

const TOKEN_SQL = `SELECT "t"."id" AS "t_id", "t"."user_id" AS "t_user_id", "t"."name" AS "t_name", "t"."scope" AS "t_scope", "t"."prefix" AS "t_prefix", "t"."expires_at" AS "t_expires_at", "t"."last_used_at" AS "t_last_used_at", "t"."revoked_at" AS "t_revoked_at", "t"."created_at" AS "t_created_at" FROM "api_tokens" "t" WHERE "t"."token_hash" = $1 AND "t"."revoked_at" IS NULL AND ("t"."expires_at" IS NULL OR "t"."expires_at" > now())`;
const TOUCH_SQL = `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;
const COLUMNS = 'r.id, r.position, r.data, r.version, r.created_at, r.updated_at, r.updated_by';
const READ_COLUMNS = 'r.id, r.position, r.data AS data, r.version, r.created_at, r.updated_at, r.updated_by';
const PAGE_SQL = `SELECT ${READ_COLUMNS} FROM spreadsheet_rows r WHERE r.sheet_id = $1 ORDER BY r.position ASC, r.id ASC LIMIT $2 OFFSET $3`;
// Past the first page the app pages the ids in the index first (a deferred join); so does this server.
const DEEP_PAGE_SQL = `SELECT ${READ_COLUMNS} FROM unnest(ARRAY(SELECT r.id FROM spreadsheet_rows r WHERE r.sheet_id = $1 ORDER BY r.position ASC, r.id ASC LIMIT $2 OFFSET $3)) WITH ORDINALITY AS p(id, ord)
           JOIN spreadsheet_rows r ON r.sheet_id = $1 AND r.id = p.id ORDER BY p.ord`;
const COUNT_SQL = `SELECT count(*)::int AS n FROM spreadsheet_rows r WHERE r.sheet_id = $1`;
const ROW_SQL = `SELECT ${READ_COLUMNS} FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = $2`;
const PATCH_SQL = `WITH old AS (SELECT ${COLUMNS} FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = $2 FOR UPDATE),
       upd AS (
         UPDATE spreadsheet_rows r SET data = (r.data || $3::jsonb) - $4::text[], version = r.version + 1, updated_at = now(), updated_by = $5
         FROM old WHERE r.id = old.id AND ($6::int IS NULL OR old.version = $6) RETURNING ${READ_COLUMNS}
       )
       SELECT coalesce(upd.id, old.id) AS id, coalesce(upd.position, old.position) AS position, coalesce(upd.data, old.data) AS data,
              coalesce(upd.version, old.version) AS version, coalesce(upd.created_at, old.created_at) AS created_at,
              coalesce(upd.updated_at, old.updated_at) AS updated_at, CASE WHEN upd.id IS NULL THEN old.updated_by ELSE upd.updated_by END AS updated_by,
              old.data AS old_data, old.version AS old_version, old.updated_at AS old_updated_at, upd.id IS NOT NULL AS patched
       FROM old LEFT JOIN upd ON true`;
const bump = (sheetId, delta) =>
  `UPDATE spreadsheets SET version = version + 1, row_count = row_count + ${delta}, updated_at = now() WHERE id = '${sheetId}'::uuid RETURNING version, columns_version`;
const record = (sheetId, version, userId, changes) =>
  `INSERT INTO spreadsheet_changes (sheet_id, version, user_id, row_id, column_id, kind, old_value, new_value, position)
    SELECT '${sheetId}'::uuid, ${version}, '${userId}'::uuid, c.row_id, c.column_id, c.kind, c.old_value, c.new_value, c.position
    FROM jsonb_to_recordset(${pg.escapeLiteral(JSON.stringify(changes))}::jsonb) AS c(row_id uuid, column_id uuid, kind text, old_value jsonb, new_value jsonb, position numeric); ` +
  `DELETE FROM undo_steps WHERE sheet_id = '${sheetId}'::uuid AND user_id = '${userId}'::uuid AND stack = 'redo';
    INSERT INTO undo_steps (sheet_id, user_id, stack, version) VALUES ('${sheetId}'::uuid, '${userId}'::uuid, 'undo', ${version}); COMMIT`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE = /^\/api\/spreadsheets\/([^/]+)\/rows(?:\/([^/?]+))?(?:\?(.*))?$/;
/** `record` with each key renamed as `names` says (keys it does not name left out), as the app maps stored rows. */
const renamed = (record, names) => {
  const out = {};
  for (const key in record) {
    const name = names.get(key);
    if (name !== undefined) out[name] = record[key];
  }
  return out;
};
/** A sheet's columns both ways between ids and stored keys, read once per sheet (the app caches its columns too). */
const sheetKeys = new Map();
async function keysOf(sheetId) {
  if (!sheetKeys.has(sheetId)) {
    const { rows } = await pool.query(`SELECT id, key::text AS key FROM spreadsheet_columns WHERE sheet_id = $1`, [sheetId]);
    sheetKeys.set(sheetId, { keyOf: new Map(rows.map((r) => [r.id, r.key])), idOf: new Map(rows.map((r) => [r.key, r.id])) });
  }
  return sheetKeys.get(sheetId);
}
const toRow = (r, { idOf }) => ({
  id: r.id,
  position: Number(r.position),
  values: renamed(r.data, idOf),
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  updatedBy: r.updated_by,
});

async function tokenUser(req) {
  const secret = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  const {
    rows: [token],
  } = await pool.query(TOKEN_SQL, [hashSecret(secret)]);
  if (!token) return null;
  if (!token.t_last_used_at || Date.now() - token.t_last_used_at.getTime() > 60_000) await pool.query(TOUCH_SQL, [token.t_id]);
  return token.t_user_id;
}

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

/** One change: the version bump with BEGIN, `fn`'s statements, the history and undo step with the COMMIT. */
async function change(sheetId, userId, delta, fn) {
  const client = await pool.connect();
  try {
    const [, bumped] = await client.query(`BEGIN; ${bump(sheetId, delta)}`);
    const version = Number(bumped.rows[0].version);
    const { value, changes } = await fn(client);
    await client.query(record(sheetId, version, userId, changes));
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function handle(req) {
  const [, sheetId, rowId, search] = ROUTE.exec(req.url) ?? [];
  if (!sheetId || !UUID.test(sheetId) || (rowId && !UUID.test(rowId))) return [404, { error: 'not found' }];
  const userId = await tokenUser(req);
  if (!userId) return [401, { error: 'unauthorized' }];
  const keys = await keysOf(sheetId);
  if (req.method === 'GET' && !rowId) {
    const query = new URLSearchParams(search ?? '');
    const offset = Number(query.get('offset') ?? 0);
    const { rows } = await pool.query(offset > 0 ? DEEP_PAGE_SQL : PAGE_SQL, [sheetId, Number(query.get('limit') ?? 100), offset]);
    const {
      rows: [{ n }],
    } = await pool.query(COUNT_SQL, [sheetId]);
    return [200, { items: rows.map((r) => toRow(r, keys)), total: n }];
  }
  if (req.method === 'GET') {
    const { rows } = await pool.query(ROW_SQL, [sheetId, rowId]);
    return rows.length ? [200, toRow(rows[0], keys)] : [404, { error: 'not found' }];
  }
  if (req.method === 'PATCH' && rowId) {
    const { values } = await body(req);
    const row = await change(sheetId, userId, 0, async (client) => {
      const {
        rows: [r],
      } = await client.query(PATCH_SQL, [sheetId, rowId, JSON.stringify(renamed(values, keys.keyOf)), [], userId, null]);
      const [before, after] = [toRow({ ...r, data: r.old_data }, keys), toRow(r, keys)];
      const changes = Object.keys(values).map((columnId) => ({
        row_id: rowId,
        column_id: columnId,
        kind: 'cell',
        old_value: before.values[columnId] ?? null,
        new_value: after.values[columnId] ?? null,
        position: null,
      }));
      return { value: after, changes };
    });
    return [200, row];
  }
  if (req.method === 'POST' && !rowId) {
    const { rows: input } = await body(req);
    const created = await change(sheetId, userId, input.length, async (client) => {
      const { rows } = await client.query(INSERT_ROWS_SQL, [sheetId, JSON.stringify(input.map((r) => renamed(r.values, keys.keyOf))), userId]);
      const created = rows.map((r) => toRow(r, keys));
      const changes = created.map((r) => ({ row_id: r.id, column_id: null, kind: 'row:create', old_value: null, new_value: r.values, position: null }));
      return { value: created, changes };
    });
    return [201, created];
  }
  return [404, { error: 'not found' }];
}

createServer((req, res) => {
  handle(req).then(
    ([status, answer]) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer));
    },
    (error) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: String(error) }));
    },
  );
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));

process.on('SIGTERM', () => pool.end().finally(() => process.exit(0)));
