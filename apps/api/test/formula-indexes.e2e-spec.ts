import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import { BUILD_LOCK_KEY, sheetIndexPrefix } from '../src/modules/spreadsheets/rows/row-indexes.repository';
import { RowIndexesService } from '../src/modules/spreadsheets/rows/row-indexes.service';
import { buildRowsSql } from '../src/modules/spreadsheets/rows/rows-query';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { withStoredKeys } from './support/stored-keys';

interface View {
  sort?: string;
  filter?: string;
}

const indexesOf = (sheetId: string) =>
  withClient(
    testDatabaseUrl(),
    async (c) =>
      (
        await c.query(`SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'spreadsheet_rows' AND indexname LIKE $1 ORDER BY indexname`, [
          `${sheetIndexPrefix(sheetId)}%`,
        ])
      ).rows as { name: string; definition: string }[],
  );

/** The index functions that exist (formula indexes are built on them). */
const indexFunctions = () =>
  withClient(testDatabaseUrl(), async (c) => (await c.query(`SELECT proname FROM pg_proc WHERE proname LIKE 'sr\\_fx\\_%'`)).rows.map((r: { proname: string }) => r.proname));

/**
 * The plan PostgreSQL picks for the app's page query of a view (its SQL from buildRowsSql, its constants bound as the
 * app binds them), with scans of the whole table and explicit sorts ruled out whenever an index can do without them.
 */
const pagePlan = (sheetId: string, columns: Column[], view: View) =>
  withClient(testDatabaseUrl(), async (c) => {
    for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) await c.query(`SET ${setting} = off`);
    const sql = buildRowsSql(await withStoredKeys(columns), view.sort ? [view.sort] : [], view.filter ? [view.filter] : []);
    const plan = await c.query(`EXPLAIN SELECT r.id FROM spreadsheet_rows r WHERE r.sheet_id = $1${sql.where} ORDER BY ${sql.orderBy} LIMIT 100`, [sheetId, ...sql.params]);
    return plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  });

/** The plan of the app's filtered-total query, with scans of the table itself ruled out. */
const countPlan = (sheetId: string, columns: Column[], filter: string) =>
  withClient(testDatabaseUrl(), async (c) => {
    for (const setting of ['enable_seqscan', 'enable_bitmapscan']) await c.query(`SET ${setting} = off`);
    const sql = buildRowsSql(await withStoredKeys(columns), [], [filter]);
    const plan = await c.query(`EXPLAIN SELECT count(*) FROM spreadsheet_rows r WHERE r.sheet_id = $1${sql.where}`, [sheetId, ...sql.whereParams]);
    return plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  });

const STAGES = ['lead', 'won', 'lost'];

/**
 * Per-view indexes on formula columns: built on a function PostgreSQL inlines into the formula's SQL, used by the
 * same pages the app asks for, never by the pages of a changed formula, and not built for formulas that read the clock.
 */
describe('indexes on formula columns', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    // Every sheet counts as large here, and the first use of a view builds its indexes.
    server = await bootApp({ ROW_INDEX_MIN_ROWS: '1', ROW_INDEX_MIN_USES: '1' });
    api = sheetsApi(server);
    owner = await registerMember(server);
  });
  afterAll(() => server.close());

  const settled = () => server.app.get(RowIndexesService).idle();
  const columnsOf = async (sheetId: string) => ((await request(server.url).get(`/api/spreadsheets/${sheetId}`).set(owner.auth).expect(200)).body as Spreadsheet).columns;
  const patchColumn = (sheetId: string, columnId: string, body: Record<string, unknown>) =>
    request(server.url).patch(`/api/spreadsheets/${sheetId}/columns/${columnId}`).set(owner.auth).send(body).expect(200);

  /** A pipeline sheet: Value (currency), Stage (select with probabilities), 60 rows, a few without a value or stage. */
  async function pipeline(probabilities = { lead: 10, won: 100, lost: 0 }) {
    const sheet = await api.create(owner, { name: 'Pipeline' });
    const value = await api.column(owner, sheet.id, { name: 'Value', type: 'currency' });
    const stage = await api.column(owner, sheet.id, {
      name: 'Stage',
      type: 'select',
      options: STAGES.map((id) => ({ id, label: id[0].toUpperCase() + id.slice(1), probability: probabilities[id as keyof typeof probabilities] })),
    });
    const rows = await api.rows(
      owner,
      sheet.id,
      Array.from({ length: 60 }, (_, i) => ({
        ...(i % 11 === 5 ? {} : { [value.id]: ((i * 37) % 50) * 10 }),
        ...(i % 13 === 7 ? {} : { [stage.id]: STAGES[i % 3] }),
      })),
    );
    return { sheet, value, stage, rows };
  }

  /** The ids of rows sorted by a key, largest first, blanks last, ties in sheet order (as the API sorts). */
  const byKeyDesc = (rows: Row[], key: (row: Row) => number | null) =>
    rows
      .map((row, position) => ({ row, position, key: key(row) }))
      .sort((a, b) => (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || (b.key ?? 0) - (a.key ?? 0) || a.position - b.position)
      .map((r) => r.row.id);

  it('indexes a view sorted by a formula and filtered by a select; PostgreSQL uses the index and the pages stay the same', async () => {
    const { sheet, value, stage, rows } = await pipeline();
    const weighted = await api.column(owner, sheet.id, { name: 'Weighted', type: 'formula', formula: '{Value} * {Stage}.probability / 100' });
    const columns = await columnsOf(sheet.id);
    const view = { sort: `${weighted.id}:desc`, filter: `${stage.id}:eq:won`, limit: 100 };
    const won = rows.filter((r) => r.values[stage.id] === 'won');
    const expected = byKeyDesc(won, (r) => Number(r.values[value.id] ?? 0));

    // The first use of the view queues its indexes, built in the background.
    const first = await api.list(owner, sheet.id, view);
    expect(first.items.map((r) => r.id)).toEqual(expected);
    await settled();

    const built = await indexesOf(sheet.id);
    const sorted = built.find((i) => i.name.endsWith('_sd'))!;
    expect(sorted.definition).toMatch(/\(sr_fx_[0-9a-f]{32}\(data\) DESC NULLS LAST, "position", id\)/);
    // Only the rows of the filter: in formula order they would be far apart.
    expect(sorted.definition).toContain(`'won'`);
    expect(await pagePlan(sheet.id, columns, view)).toContain(`Index Scan using ${sorted.name}`);
    const again = await api.list(owner, sheet.id, view);
    expect(again).toEqual(first);
    expect(again.items.map((r) => r.values[weighted.id])).toEqual(won.map((r) => Number(r.values[value.id] ?? 0)).sort((a, b) => b - a));

    // A range filter on the formula gets an index on the same function.
    const range = { filter: `${weighted.id}:gt:200`, sort: `${weighted.id}:asc` };
    const big = await api.list(owner, sheet.id, range);
    await settled();
    const filterIndex = (await indexesOf(sheet.id)).find((i) => i.name.endsWith('_f'))!;
    expect(filterIndex.definition).toContain(sorted.definition.match(/sr_fx_[0-9a-f]{32}/)![0]);
    expect(await countPlan(sheet.id, columns, range.filter)).toContain(`Index Scan using ${filterIndex.name}`);
    expect(await api.list(owner, sheet.id, range)).toEqual(big);
    expect(big.items.map((r) => r.values[weighted.id])).toEqual(
      rows
        .map((r) => (r.values[stage.id] === 'won' ? Number(r.values[value.id] ?? 0) : r.values[stage.id] === 'lead' ? Number(r.values[value.id] ?? 0) / 10 : 0))
        .filter((w) => w > 200)
        .sort((a, b) => a - b),
    );

    // A text formula too: its key is lower(text), in the database's collation.
    const label = await api.column(owner, sheet.id, { name: 'Label', type: 'formula', formula: 'UPPER({Stage}) & " " & {Value}' });
    const textView = { sort: `${label.id}:asc`, limit: 100 };
    const existing = (await indexesOf(sheet.id)).map((i) => i.name);
    const text = await api.list(owner, sheet.id, textView);
    await settled();
    const [textIndex] = (await indexesOf(sheet.id)).filter((i) => !existing.includes(i.name));
    expect(textIndex.name).toMatch(/_sa$/);
    expect(await pagePlan(sheet.id, await columnsOf(sheet.id), textView)).toContain(`Index Scan using ${textIndex.name}`);
    expect(await api.list(owner, sheet.id, textView)).toEqual(text);
  });

  it('drops the index of a changed formula, and never answers the changed formula from it meanwhile', async () => {
    const { sheet, value, rows } = await pipeline();
    // A formula no other sheet here has: sheets with the same formula over the same column keys share its function.
    const weighted = await api.column(owner, sheet.id, { name: 'Weighted', type: 'formula', formula: '{Value} * {Stage}.probability / 50' });
    const view = { sort: `${weighted.id}:desc`, limit: 100 };
    await api.list(owner, sheet.id, view);
    await settled();
    const [old] = await indexesOf(sheet.id);
    const oldFunction = old.definition.match(/sr_fx_[0-9a-f]{32}/)![0];
    expect(await indexFunctions()).toContain(oldFunction);

    // Builds and drops wait while the test holds their lock: the old index is still there for the next reads.
    await withClient(testDatabaseUrl(), async (lock) => {
      await lock.query('SELECT pg_advisory_lock($1)', [BUILD_LOCK_KEY]);
      try {
        await patchColumn(sheet.id, weighted.id, { formula: '{Value} * 2' });
        const page = await api.list(owner, sheet.id, view);
        expect(page.items.map((r) => r.id)).toEqual(byKeyDesc(rows, (r) => Number(r.values[value.id] ?? 0) * 2));
        expect((await indexesOf(sheet.id)).map((i) => i.name)).toEqual([old.name]);
        // PostgreSQL may read the sheet's rows through the old index, but has to sort them by the new formula itself.
        expect(await pagePlan(sheet.id, await columnsOf(sheet.id), view)).toMatch(/->\s+Sort\b/);
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [BUILD_LOCK_KEY]);
      }
    });
    await settled();
    expect((await indexesOf(sheet.id)).map((i) => i.name)).not.toContain(old.name);
    expect(await indexFunctions()).not.toContain(oldFunction);

    // The view's next use builds the index of the new formula, which PostgreSQL uses.
    await api.list(owner, sheet.id, view);
    await settled();
    const [fresh] = await indexesOf(sheet.id);
    expect(fresh.name).not.toBe(old.name);
    expect(await pagePlan(sheet.id, await columnsOf(sheet.id), view)).toContain(`Index Scan using ${fresh.name}`);
    expect((await api.list(owner, sheet.id, view)).items.map((r) => r.values[weighted.id])).toEqual(rows.map((r) => Number(r.values[value.id] ?? 0) * 2).sort((a, b) => b - a));
  });

  it("drops the index when a select the formula reads changes an option's probability or label, and keeps it for other changes", async () => {
    const { sheet, value, stage, rows } = await pipeline();
    const weighted = await api.column(owner, sheet.id, { name: 'Weighted', type: 'formula', formula: '{Value} * {Stage}.probability / 100' });
    const named = await api.column(owner, sheet.id, { name: 'Named', type: 'formula', formula: '{Stage} & ""' });
    const views = [
      { sort: `${weighted.id}:desc`, limit: 100 },
      { sort: `${named.id}:asc`, limit: 100 },
    ];
    for (const view of views) await api.list(owner, sheet.id, view);
    await settled();
    const before = (await indexesOf(sheet.id)).map((i) => i.name);
    expect(before).toHaveLength(2);

    // Renaming and hiding a column the formulas read changes nothing they compute.
    await patchColumn(sheet.id, value.id, { name: 'Amount', hidden: true });
    await settled();
    expect((await indexesOf(sheet.id)).map((i) => i.name)).toEqual(before);

    // Won becomes 50 %: the probability is a constant of the weighted formula's SQL, not of the label formula's.
    const options = (probability: number, wonLabel = 'Won') =>
      STAGES.map((id) => ({ id, label: id === 'won' ? wonLabel : id[0].toUpperCase() + id.slice(1), probability: id === 'won' ? probability : id === 'lead' ? 10 : 0 }));
    await patchColumn(sheet.id, stage.id, { options: options(50) });
    const page = await api.list(owner, sheet.id, views[0]);
    const weight = (r: Row) => Number(r.values[value.id] ?? 0) * ({ lead: 0.1, won: 0.5, lost: 0 }[r.values[stage.id] as string] ?? 0);
    expect(page.items.map((r) => r.id)).toEqual(byKeyDesc(rows, weight));
    await settled();
    const afterProbability = (await indexesOf(sheet.id)).map((i) => i.name);
    expect(afterProbability).toHaveLength(2);
    expect(afterProbability.filter((name) => before.includes(name))).toHaveLength(1);
    expect(await pagePlan(sheet.id, await columnsOf(sheet.id), views[0])).toMatch(/Index Scan using \w+_sd/);

    // Renaming Won to "Closed" reorders the label formula; its old index goes.
    await patchColumn(sheet.id, stage.id, { options: options(50, 'Closed') });
    const labels = (await api.list(owner, sheet.id, views[1])).items.map((r) => r.values[named.id] ?? null);
    const order = ['Closed', 'Lead', 'Lost', null];
    const label = (r: Row) => ({ lead: 'Lead', won: 'Closed', lost: 'Lost' })[r.values[stage.id] as string] ?? null;
    expect(labels).toEqual(rows.map(label).sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    await settled();
    expect((await indexesOf(sheet.id)).map((i) => i.name).filter((name) => afterProbability.includes(name))).toHaveLength(1);
  });

  it('builds no index for a formula that reads the clock or a multi-select, and drops a formula column with its indexes', async () => {
    const { sheet, value } = await pipeline();
    await api.column(owner, sheet.id, { name: 'Tags', type: 'multiSelect', options: [{ id: 'a', label: 'A' }] });
    const dated = await api.column(owner, sheet.id, { name: 'Recent', type: 'formula', formula: 'IF(TODAY() > DATEADD(TODAY(), -1, "days"), {Value}, 0)' });
    const tagged = await api.column(owner, sheet.id, { name: 'Tagged', type: 'formula', formula: '{Tags} & {Value}' });
    const functionsBefore = await indexFunctions();
    for (const column of [dated, tagged]) {
      const page = await api.list(owner, sheet.id, { sort: `${column.id}:desc`, limit: 100 });
      expect(page.items).toHaveLength(60);
    }
    await api.list(owner, sheet.id, { filter: `${dated.id}:gt:100` });
    await settled();
    expect(await indexesOf(sheet.id)).toEqual([]);
    // No function was made for them (builds elsewhere may drop unused ones meanwhile: only new ones count).
    expect((await indexFunctions()).filter((f) => !functionsBefore.includes(f))).toEqual([]);

    const doubled = await api.column(owner, sheet.id, { name: 'Doubled', type: 'formula', formula: '{Value} * 2' });
    await api.list(owner, sheet.id, { sort: `${doubled.id}:asc` });
    await settled();
    expect(await indexesOf(sheet.id)).toHaveLength(1);
    await request(server.url).delete(`/api/spreadsheets/${sheet.id}/columns/${doubled.id}`).set(owner.auth).expect(204);
    expect(await indexesOf(sheet.id)).toEqual([]);
    expect((await api.list(owner, sheet.id, { sort: `${value.id}:asc`, limit: 100 })).items).toHaveLength(60);
  });
});
