import type { Column } from '@contrivance/contracts';
import request from 'supertest';
import { buildRowsSql } from '../src/modules/spreadsheets/rows/rows-query';
import { sheetIndexPrefix } from '../src/modules/spreadsheets/rows/row-indexes.repository';
import { RowIndexesService } from '../src/modules/spreadsheets/rows/row-indexes.service';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { withStoredKeys } from './support/stored-keys';

const indexesOf = (sheetId: string) =>
  withClient(
    testDatabaseUrl(),
    async (c) =>
      (await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'spreadsheet_rows' AND indexname LIKE $1 ORDER BY indexname`, [`${sheetIndexPrefix(sheetId)}%`]))
        .rows as {
        indexname: string;
        indexdef: string;
      }[],
  );

/** The plan PostgreSQL picks for the app's filtered-total query, with scans of the table itself ruled out. */
const countPlan = (sheetId: string, columns: Column[], filter: string[]) =>
  withClient(testDatabaseUrl(), async (c) => {
    await c.query('SET enable_seqscan = off');
    await c.query('SET enable_bitmapscan = off');
    const sql = buildRowsSql(await withStoredKeys(columns), [], filter);
    const plan = await c.query(`EXPLAIN SELECT count(*) FROM spreadsheet_rows r WHERE r.sheet_id = $1${sql.where}`, [sheetId, ...sql.whereParams]);
    return plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  });

describe('indexes for the views of large sheets', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    // Every sheet counts as large here, so the first view builds its indexes.
    server = await bootApp({ ROW_INDEX_MIN_ROWS: '1', ROW_INDEX_MIN_USES: '1' });
    api = sheetsApi(server);
    owner = await registerMember(server);
  });
  afterAll(() => server.close());

  it('builds the sort and filter indexes a view uses, keeps answers right, and drops them with the column or sheet', async () => {
    const sheet = await api.create(owner, { name: 'Large' });
    const value = await api.column(owner, sheet.id, { name: 'Value', type: 'number' });
    const stage = await api.column(owner, sheet.id, {
      name: 'Stage',
      type: 'select',
      options: [
        { id: 'won', label: 'Won' },
        { id: 'lost', label: 'Lost' },
      ],
    });
    await api.rows(owner, sheet.id, [{ [value.id]: 5, [stage.id]: 'won' }, { [value.id]: 50, [stage.id]: 'lost' }, { [value.id]: 20, [stage.id]: 'won' }, { [stage.id]: 'won' }]);
    const view = { sort: `${value.id}:desc`, filter: `${stage.id}:eq:won` };
    const first = await api.list(owner, sheet.id, view);
    await server.app.get(RowIndexesService).idle();

    const built = await indexesOf(sheet.id);
    expect(built).toHaveLength(2);
    expect(built.map((i) => i.indexdef).join('\n')).toContain(`WHERE (sheet_id = '${sheet.id}'::uuid)`);
    expect(built.some((i) => i.indexdef.includes('DESC NULLS LAST'))).toBe(true);
    // The filtered-rows index holds exactly the matching rows, and the filtered total is counted from it alone.
    const filtered = built.find((i) => i.indexname.endsWith('_c'))!;
    expect(filtered.indexdef).toContain(`'won'`);
    expect(await countPlan(sheet.id, [value, stage], [view.filter])).toContain(`Index Only Scan using ${filtered.indexname}`);
    const again = await api.list(owner, sheet.id, view);
    expect(again.items.map((r) => r.values[value.id] ?? null)).toEqual([20, 5, null]);
    expect(again).toEqual(first);

    // One index per filter set, however the set of options is written.
    await api.list(owner, sheet.id, { filter: `${stage.id}:in:won,lost` });
    await server.app.get(RowIndexesService).idle();
    const afterIn = await indexesOf(sheet.id);
    expect(afterIn).toHaveLength(3);
    expect(await countPlan(sheet.id, [value, stage], [`${stage.id}:in:lost,won`])).toMatch(/Index Only Scan using sr_\w+_c/);

    await request(server.url).delete(`/api/spreadsheets/${sheet.id}/columns/${stage.id}`).set(owner.auth).expect(204);
    expect((await indexesOf(sheet.id)).map((i) => i.indexname)).toEqual(built.filter((i) => !i.indexname.endsWith('_c')).map((i) => i.indexname));

    await request(server.url).patch(`/api/spreadsheets/${sheet.id}/columns/${value.id}`).set(owner.auth).send({ type: 'text' }).expect(200);
    const [row] = await api.rows(owner, sheet.id, [{ [value.id]: 'not a number any more' }]);
    expect(row.values[value.id]).toBe('not a number any more');
    expect((await indexesOf(sheet.id)).map((i) => i.indexdef).join()).not.toContain('numeric');

    await request(server.url).delete(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(204);
    expect(await indexesOf(sheet.id)).toEqual([]);
  });
});
