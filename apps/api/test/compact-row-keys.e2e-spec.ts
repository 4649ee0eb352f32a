import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrationsLocked } from '../src/database/migrations-runner';
import { sheetIndexPrefix } from '../src/modules/spreadsheets/rows/row-indexes.repository';
import { RowIndexesService } from '../src/modules/spreadsheets/rows/row-indexes.service';
import type { RunningServer } from '../src/server';
import { bootApp, freshDatabase, withClient } from './support/app';
import { registerUser, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

const MIGRATION = 'CompactRowKeys1765600000000';
const STAGES = [
  { id: 'lead', label: 'Lead', probability: 10 },
  { id: 'won', label: 'Won', probability: 100 },
  { id: 'lost', label: 'Lost', probability: 0 },
];

/**
 * The migration to compact row keys, on a database of its own: sheets with every column type, history, views and
 * per-view indexes are built, the database is taken back to the schema before the migration (rows keyed by column
 * ids, as that version stored them; more rows and the per-view indexes of that version are then written there by
 * SQL), and migrated again. What the API answers must not change.
 */
describe('compact row keys migration', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let server: RunningServer | undefined;
  let owner: TestAccount;

  const boot = async () => {
    server = await bootApp({ DATABASE_URL: db.url, ROW_INDEX_MIN_ROWS: '1', ROW_INDEX_MIN_USES: '1' });
    return sheetsApi(server);
  };
  const http = () => request(server!.url);
  const get = async <T>(path: string, query: Record<string, unknown> = {}): Promise<T> => (await http().get(path).set(owner.auth).query(query).expect(200)).body as T;
  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) => withClient(db.url, async (c) => (await c.query(text, values)).rows as T[]);
  /** Runs the migrations as a deployment does, or takes back the last one. */
  const migrate = async (direction: 'up' | 'down') => {
    const source = new DataSource(dataSourceOptions(db.url));
    await source.initialize();
    try {
      if (direction === 'up') await runMigrationsLocked(source);
      else await source.undoLastMigration({ transaction: 'each' });
    } finally {
      await source.destroy();
    }
  };

  beforeAll(async () => {
    db = await freshDatabase('contrivance_compact_keys');
  });
  afterAll(async () => {
    await server?.close();
    await db.drop();
  });

  it('converts rows, kept linked values and per-view indexes, and every answer stays the same; down converts back', async () => {
    let api = await boot();
    // The first account of its database (an admin): it owns the sheets either way.
    owner = await registerUser(server!);

    // Companies ← Deals: a link both ways, a lookup and a rollup reading through it.
    const companies = await api.create(owner, { name: 'Companies' });
    const company = await api.column(owner, companies.id, { name: 'Name', type: 'text' });
    const deals = await api.create(owner, { name: 'Deals' });
    const add = (body: Record<string, unknown>) => api.column(owner, deals.id, body);
    const columns: Record<string, Column> = {};
    for (const [name, type, extra] of [
      ['Deal', 'text', {}],
      ['Notes', 'longText', {}],
      ['Value', 'currency', {}],
      ['Qty', 'number', {}],
      ['Rate', 'percent', {}],
      ['Close', 'date', {}],
      ['Hot', 'checkbox', {}],
      ['Stage', 'select', { options: STAGES }],
      [
        'Tags',
        'multiSelect',
        {
          options: [
            { id: 'eu', label: 'Europe' },
            { id: 'big', label: 'Big' },
          ],
        },
      ],
      ['Email', 'email', {}],
      ['Site', 'url', {}],
      ['Owner', 'user', {}],
    ] as const) {
      columns[name] = await add({ name, type, ...extra });
    }
    columns.Weighted = await add({ name: 'Weighted', type: 'formula', formula: '{Value} * {Stage}.probability / 100' });
    columns.Account = await add({ name: 'Account', type: 'link', link: { sheetId: companies.id } });
    columns.AccountName = await add({ name: 'Account name', type: 'lookup', lookup: { linkColumnId: columns.Account.id, columnId: company.id } });
    const reverse = columns.Account.link!.reverseColumnId;
    await api.column(owner, companies.id, { name: 'Total', type: 'rollup', rollup: { linkColumnId: reverse, columnId: columns.Value.id, fn: 'sum' } });
    // A deleted column: its key is never given again.
    const gone = await add({ name: 'Gone', type: 'text' });
    await http().delete(`/api/spreadsheets/${deals.id}/columns/${gone.id}`).set(owner.auth).expect(204);

    const accounts = await api.rows(
      owner,
      companies.id,
      ['Acme', 'Globex', 'Initech'].map((name) => ({ [company.id]: name })),
    );
    const c = (name: string) => columns[name].id;
    const rows = await api.rows(
      owner,
      deals.id,
      Array.from({ length: 24 }, (_, i) => ({
        [c('Deal')]: `Deal ${i}`,
        ...(i % 3 ? { [c('Notes')]: `line one\nline "two" ${i}` } : {}),
        ...(i % 5 ? { [c('Value')]: (i * 7919) % 1000 } : {}),
        [c('Qty')]: i % 4,
        [c('Rate')]: i * 2.5,
        ...(i % 2 ? { [c('Close')]: `2026-0${1 + (i % 9)}-1${i % 10}` } : {}),
        [c('Hot')]: i % 2 === 0,
        ...(i % 7 ? { [c('Stage')]: STAGES[i % 3].id } : {}),
        [c('Tags')]: i % 2 ? ['eu'] : ['eu', 'big'],
        [c('Email')]: `deal${i}@example.com`,
        [c('Site')]: `https://example.com/${i}`,
        ...(i % 4 === 0 ? { [c('Owner')]: owner.user.id } : {}),
        ...(i % 3 === 0 ? { [c('Account')]: [accounts[i % accounts.length].id] } : {}),
      })),
    );
    // History: edits, a cleared cell, a deleted row.
    for (const row of rows.slice(0, 6)) {
      await http()
        .patch(`/api/spreadsheets/${deals.id}/rows/${row.id}`)
        .set(owner.auth)
        .send({ values: { [c('Stage')]: 'won', [c('Notes')]: null } })
        .expect(200);
    }
    await http().delete(`/api/spreadsheets/${deals.id}/rows/${rows[23].id}`).set(owner.auth).expect(204);
    const view = (
      await http()
        .post(`/api/spreadsheets/${deals.id}/views`)
        .set(owner.auth)
        .send({
          name: 'Open by value',
          type: 'grid',
          shared: true,
          sorts: [{ columnId: c('Value'), direction: 'desc' }],
          filter: { op: 'and', conditions: [{ columnId: c('Stage'), operator: 'in', value: ['lead', 'won'] }] },
        })
        .expect(201)
    ).body as { id: string };

    const queries: Record<string, unknown>[] = [
      {},
      { viewId: view.id },
      { sort: `${c('Value')}:desc` },
      { sort: `${c('Close')}:asc`, filter: `${c('Hot')}:eq:true` },
      { sort: `${c('Weighted')}:desc` },
      { sort: `${c('AccountName')}:asc` },
      { filter: `${c('Value')}:gt:300` },
      { filter: `${c('Stage')}:isEmpty` },
      { filter: `${c('Tags')}:eq:big` },
      { filter: `${c('Deal')}:contains:1` },
      { filter: `${c('Weighted')}:gte:100` },
      { filter: `${c('Owner')}:isNotEmpty`, sort: `${c('Qty')}:desc` },
    ];
    /** Everything a client reads of both sheets. */
    const observe = async () => {
      const out: Record<string, unknown> = {};
      for (const sheet of [deals, companies]) {
        out[`${sheet.name} sheet`] = await get<Spreadsheet>(`/api/spreadsheets/${sheet.id}`);
        out[`${sheet.name} rows`] = await get(`/api/spreadsheets/${sheet.id}/rows`, { limit: 100 });
        out[`${sheet.name} history`] = await get(`/api/spreadsheets/${sheet.id}/history`, { limit: 1000 });
        out[`${sheet.name} csv`] = (await http().get(`/api/spreadsheets/${sheet.id}/export.csv`).set(owner.auth).expect(200)).text;
      }
      for (const [i, query] of queries.entries()) out[`query ${i}`] = await get(`/api/spreadsheets/${deals.id}/rows`, { limit: 100, ...query });
      out.row = await get(`/api/spreadsheets/${deals.id}/rows/${rows[3].id}`);
      out.search = await get(`/api/spreadsheets/${deals.id}/search`, { q: 'deal 1', limit: 100 });
      out.searchOption = await get(`/api/spreadsheets/${deals.id}/search`, { q: 'europe', limit: 100 });
      out.summary = await get(`/api/spreadsheets/${deals.id}/summary`, { fn: [`${c('Value')}:sum`, `${c('Weighted')}:avg`, `${c('Close')}:max`], groupBy: c('Stage') });
      out.pipeline = await get(`/api/spreadsheets/${deals.id}/pipeline`, { stageColumn: c('Stage'), valueColumn: c('Value'), dateColumn: c('Close') });
      return out;
    };
    // The views' indexes, so the migration finds some of its own to drop.
    for (const query of queries) await get(`/api/spreadsheets/${deals.id}/rows`, { limit: 100, ...query });
    await server!.app.get(RowIndexesService).idle();
    const before = await observe();
    await server!.close();
    server = undefined;

    // Back to the schema before: rows keyed by column ids, as that version wrote them.
    await migrate('down');
    expect(await sql(`SELECT name FROM migrations WHERE name = $1`, [MIGRATION])).toEqual([]);
    const strayKeys = await sql(
      `SELECT r.id, d.key FROM spreadsheet_rows r CROSS JOIN LATERAL jsonb_each(r.data || coalesce(r.linked, '{}')) d
       WHERE NOT EXISTS (SELECT 1 FROM spreadsheet_columns c WHERE c.sheet_id = r.sheet_id AND c.id::text = d.key)`,
    );
    expect(strayKeys).toEqual([]);
    const [{ filled }] = await sql<{ filled: number }>(`SELECT count(*)::int AS filled FROM spreadsheet_rows WHERE sheet_id = $1 AND data ? $2`, [deals.id, c('Value')]);
    expect(filled).toBe(18); // 24 rows, 5 without a value, one deleted

    // Written at that version: per-view indexes as its registry built them (on `data ->> '<column id>'`), and rows of
    // a third sheet by SQL.
    const prefix = sheetIndexPrefix(deals.id);
    await sql(`CREATE INDEX "${prefix}oldvalue_sd" ON spreadsheet_rows (((data ->> '${c('Value')}')::numeric) DESC NULLS LAST, position, id) WHERE sheet_id = '${deals.id}'`);
    await sql(`CREATE INDEX "${prefix}oldstage_c" ON spreadsheet_rows (position, id) WHERE sheet_id = '${deals.id}' AND (data ? '${c('Stage')}')`);
    await sql(`INSERT INTO spreadsheet_row_indexes (name, sheet_id, column_id) VALUES ($1, $3, $4), ($2, $3, $5)`, [
      `${prefix}oldvalue_sd`,
      `${prefix}oldstage_c`,
      deals.id,
      c('Value'),
      c('Stage'),
    ]);
    await sql(`CREATE EXTENSION IF NOT EXISTS pg_trgm`).catch(() => undefined);
    const trigrams = (await sql(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`)).length > 0;
    if (trigrams)
      await sql(`CREATE INDEX "${prefix}search_s" ON spreadsheet_rows USING gin ((jsonb_path_query_array(data, '$.*')::text) gin_trgm_ops) WHERE sheet_id = '${deals.id}'`);
    const legacy = (await sql<{ id: string }>(`SELECT id FROM spreadsheets WHERE name = 'Companies'`))[0].id;
    const [legacyRow] = await sql<{ id: string }>(`INSERT INTO spreadsheet_rows (sheet_id, position, data) VALUES ($1, 100, $2) RETURNING id`, [
      legacy,
      JSON.stringify({ [company.id]: 'Written at the old schema', '00000000-0000-4000-8000-000000000000': 'a cell of no column' }),
    ]);
    await sql(`UPDATE spreadsheets SET row_count = row_count + 1 WHERE id = $1`, [legacy]);

    await migrate('up');
    const [{ ok }] = await sql<{ ok: boolean }>(`SELECT bool_and(c.key IS NOT NULL) AND count(DISTINCT (c.sheet_id, c.key)) = count(*) AS ok FROM spreadsheet_columns c`);
    expect(ok).toBe(true);
    // Keys in column order; the counter is past them, so a new column never takes a key a row may still hold.
    const keys = await sql<{ key: number }>(`SELECT key FROM spreadsheet_columns WHERE sheet_id = $1 ORDER BY position`, [deals.id]);
    expect(keys.map((k) => k.key)).toEqual(keys.map((_, i) => i + 1));
    const [{ last }] = await sql<{ last: number }>(`SELECT last_column_key AS last FROM spreadsheets WHERE id = $1`, [deals.id]);
    expect(last).toBe(keys.length);
    const idKeys = await sql(`SELECT r.id FROM spreadsheet_rows r, jsonb_object_keys(r.data || coalesce(r.linked, '{}')) k WHERE k !~ '^[0-9]+$'`);
    expect(idKeys).toEqual([]);
    const indexes = await sql<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE indexname LIKE $1`, [`${prefix}%`]);
    expect(indexes.map((i) => i.name)).toEqual(trigrams ? [`${prefix}search_s`] : []);
    expect(await sql(`SELECT name FROM spreadsheet_row_indexes WHERE sheet_id = $1 AND name NOT LIKE '%\\_s'`, [deals.id])).toEqual([]);
    expect(await sql(`SELECT proname FROM pg_proc WHERE proname LIKE 'sr\\_fx\\_%'`)).toEqual([]);

    api = await boot();
    const after = await observe();
    // The row written at the old schema is read like any other (its cell of no column is gone).
    const legacyRows = after['Companies rows'] as { items: Row[]; total: number };
    const written = legacyRows.items.find((r) => r.id === legacyRow.id)!;
    expect(written.values).toEqual({ [company.id]: 'Written at the old schema' });
    const companiesBefore = before['Companies rows'] as { items: Row[]; total: number };
    expect({ ...legacyRows, items: legacyRows.items.filter((r) => r.id !== legacyRow.id), total: legacyRows.total - 1 }).toEqual(companiesBefore);
    for (const key of ['Companies rows', 'Companies sheet', 'Companies csv']) {
      delete before[key];
      delete after[key];
    }
    expect(after).toEqual(before);

    // The registry builds the views' indexes again, on the new expressions, and the answers stay the same.
    for (const query of queries) await get(`/api/spreadsheets/${deals.id}/rows`, { limit: 100, ...query });
    await server!.app.get(RowIndexesService).idle();
    const rebuilt = await sql<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE indexname LIKE $1 AND indexname NOT LIKE '%\\_s'`, [`${prefix}%`]);
    expect(rebuilt.length).toBeGreaterThan(0);
    expect(rebuilt.map((i) => i.def).join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'::text\)/);
    expect(await observe()).toEqual({ ...before, 'Companies rows': expect.anything(), 'Companies sheet': expect.anything(), 'Companies csv': expect.anything() });

    // A column created now takes the next key, never one given before.
    const fresh = await api.column(owner, deals.id, { name: 'Fresh', type: 'text' });
    const [{ key }] = await sql<{ key: number }>(`SELECT key FROM spreadsheet_columns WHERE id = $1`, [fresh.id]);
    expect(key).toBe(keys.length + 1);
  });
});
