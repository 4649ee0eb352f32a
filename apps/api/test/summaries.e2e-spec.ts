import type { SummaryResult, View } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { storedKeyOf } from './support/stored-keys';

describe('column summaries', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    owner = await registerMember(server);
  });
  afterAll(() => server.close());

  const http = () => request(server.url);

  it('sums, averages, counts and groups exactly the rows of a view, as SQL over the stored cells says', async () => {
    const sheet = await api.create(owner, { name: 'Deals' });
    const deal = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    const value = await api.column(owner, sheet.id, { name: 'Value', type: 'currency' });
    const stage = await api.column(owner, sheet.id, { name: 'Stage', type: 'select', options: [{ label: 'Open' }, { label: 'Won' }, { label: 'Lost' }] });
    const close = await api.column(owner, sheet.id, { name: 'Close', type: 'date' });
    const double = await api.column(owner, sheet.id, { name: 'Double', type: 'formula', formula: '{Value} * 2' });
    const [open, won, lost] = stage.options!.map((o) => o.id);
    await api.rows(
      owner,
      sheet.id,
      Array.from({ length: 40 }, (_, i) => ({
        ...(i % 7 === 0 ? {} : { [deal.id]: `Deal ${i}` }),
        ...(i % 5 === 0 ? {} : { [value.id]: (i * 131) % 997 }),
        ...(i % 6 === 5 ? {} : { [stage.id]: [open, won, lost][i % 3] }),
        [close.id]: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
      })),
    );
    const view = (
      await http()
        .post(`/api/spreadsheets/${sheet.id}/views`)
        .set(owner.auth)
        .send({ name: 'Not lost', type: 'grid', shared: false, filter: { op: 'or', conditions: [{ columnId: stage.id, operator: 'neq', value: lost }] } })
        .expect(201)
    ).body as View;

    const fns = [
      `${value.id}:sum`,
      `${value.id}:avg`,
      `${value.id}:min`,
      `${value.id}:max`,
      `${deal.id}:filled`,
      `${deal.id}:empty`,
      `${deal.id}:count`,
      `${value.id}:percentFilled`,
      `${close.id}:max`,
      `${double.id}:sum`,
    ];
    const summary = (await http().get(`/api/spreadsheets/${sheet.id}/summary`).set(owner.auth).query({ viewId: view.id, fn: fns, groupBy: stage.id }).expect(200))
      .body as SummaryResult;

    // The same numbers straight from the stored cells, over the rows the view shows (neq also keeps rows without a stage).
    const [stageKey, valueKey, dealKey, closeKey] = await Promise.all([stage, value, deal, close].map((c) => storedKeyOf(c)));
    const expected = await withClient(testDatabaseUrl(), async (c) => {
      const where = `sheet_id = $1 AND coalesce(data->>'${stageKey}', '') <> $2`;
      const agg = `count(*)::int AS n, sum((data->>'${valueKey}')::numeric) AS sum, avg((data->>'${valueKey}')::numeric) AS avg, min((data->>'${valueKey}')::numeric) AS min,
        max((data->>'${valueKey}')::numeric) AS max, count(data->>'${dealKey}')::int AS filled, count(data->>'${valueKey}')::int AS valued, max(data->>'${closeKey}') AS close`;
      const [total] = (await c.query(`SELECT ${agg} FROM spreadsheet_rows WHERE ${where}`, [sheet.id, lost])).rows;
      const groups = (await c.query(`SELECT data->>'${stageKey}' AS k, ${agg} FROM spreadsheet_rows WHERE ${where} GROUP BY 1`, [sheet.id, lost])).rows;
      return { total, groups };
    });
    const values = (row: Record<string, unknown>) => ({
      [`${value.id}:sum`]: Number(row.sum ?? 0),
      [`${value.id}:avg`]: row.avg === null ? null : expect.closeTo(Number(row.avg), 8),
      [`${value.id}:min`]: row.min === null ? null : Number(row.min),
      [`${value.id}:max`]: row.max === null ? null : Number(row.max),
      [`${deal.id}:filled`]: row.filled,
      [`${deal.id}:empty`]: (row.n as number) - (row.filled as number),
      [`${deal.id}:count`]: row.n,
      [`${value.id}:percentFilled`]: Math.round((10000 * (row.valued as number)) / (row.n as number)) / 100,
      [`${close.id}:max`]: row.close,
      [`${double.id}:sum`]: 2 * Number(row.sum ?? 0),
    });
    expect(summary.values).toEqual(values(expected.total));
    // Groups in the options' order, rows without a stage last; lost rows are not in the view.
    expect(summary.groups!.map((g) => g.key)).toEqual([open, won, null]);
    for (const group of summary.groups!) {
      const row = expected.groups.find((g: { k: string | null }) => g.k === group.key);
      expect({ key: group.key, count: group.count, values: group.values }).toEqual({ key: group.key, count: row.n, values: values(row) });
    }

    // The rows API's own filters narrow it further; the numbers agree with the rows it lists.
    const narrowed = (
      await http()
        .get(`/api/spreadsheets/${sheet.id}/summary`)
        .set(owner.auth)
        .query({ viewId: view.id, filter: `${stage.id}:eq:${won}`, fn: [`${value.id}:sum`, `${deal.id}:count`] })
        .expect(200)
    ).body as SummaryResult;
    const listed = (await api.list(owner, sheet.id, { viewId: view.id, filter: `${stage.id}:eq:${won}`, limit: 1000 })).items;
    expect(narrowed.values).toEqual({ [`${value.id}:sum`]: listed.reduce((s, r) => s + ((r.values[value.id] as number) ?? 0), 0), [`${deal.id}:count`]: listed.length });
    expect(narrowed.groups).toBeUndefined();
  });

  it('groups by a checkbox (false, then true, then empty) and by a date', async () => {
    const sheet = await api.create(owner, { name: 'Deals' });
    const value = await api.column(owner, sheet.id, { name: 'Value', type: 'number' });
    const hot = await api.column(owner, sheet.id, { name: 'Hot', type: 'checkbox' });
    await api.rows(owner, sheet.id, [{ [value.id]: 1, [hot.id]: true }, { [value.id]: 2, [hot.id]: false }, { [value.id]: 4, [hot.id]: true }, { [value.id]: 8 }]);
    const res = (
      await http()
        .get(`/api/spreadsheets/${sheet.id}/summary`)
        .set(owner.auth)
        .query({ fn: `${value.id}:sum`, groupBy: hot.id })
        .expect(200)
    ).body as SummaryResult;
    expect(res.groups).toEqual([
      { key: 'false', count: 1, values: { [`${value.id}:sum`]: 2 } },
      { key: 'true', count: 2, values: { [`${value.id}:sum`]: 5 } },
      { key: null, count: 1, values: { [`${value.id}:sum`]: 8 } },
    ]);
  });

  it('groups by two columns: each group of the first holds the groups of the second, their counts and sums as SQL says', async () => {
    const sheet = await api.create(owner, { name: 'Deals' });
    const value = await api.column(owner, sheet.id, { name: 'Value', type: 'number' });
    const hot = await api.column(owner, sheet.id, { name: 'Hot', type: 'checkbox' });
    const close = await api.column(owner, sheet.id, { name: 'Close', type: 'date' });
    await api.rows(
      owner,
      sheet.id,
      Array.from({ length: 24 }, (_, i) => ({
        [value.id]: i * 10,
        ...(i % 5 === 4 ? {} : { [hot.id]: i % 2 === 0 }),
        ...(i % 7 === 6 ? {} : { [close.id]: `2026-0${(i % 3) + 1}-01` }),
      })),
    );
    const res = (
      await http()
        .get(`/api/spreadsheets/${sheet.id}/summary`)
        .set(owner.auth)
        .query({ fn: `${value.id}:sum`, groupBy: [hot.id, close.id] })
        .expect(200)
    ).body as SummaryResult;
    const [hotKey, closeKey, valueKey] = await Promise.all([hot, close, value].map((c) => storedKeyOf(c)));
    const pairs = await withClient(
      testDatabaseUrl(),
      async (c) =>
        (
          await c.query(
            `SELECT data->>'${hotKey}' AS a, data->>'${closeKey}' AS b, count(*)::int AS n, sum((data->>'${valueKey}')::numeric)::float AS s
           FROM spreadsheet_rows WHERE sheet_id = $1 GROUP BY 1, 2`,
            [sheet.id],
          )
        ).rows,
    );
    // First level: false, true, empty; inside each, dates in order and empty last; counts add up to the parent's.
    expect(res.groups!.map((g) => g.key)).toEqual(['false', 'true', null]);
    for (const group of res.groups!) {
      const inside = pairs.filter((p: { a: string | null }) => p.a === group.key);
      expect(group.groups!.map((g) => g.key)).toEqual(
        inside.map((p: { b: string | null }) => p.b).sort((x: string | null, y: string | null) => (x === null ? 1 : y === null ? -1 : x.localeCompare(y))),
      );
      for (const sub of group.groups!) {
        const pair = inside.find((p: { b: string | null }) => p.b === sub.key);
        expect([sub.count, sub.values[`${value.id}:sum`]]).toEqual([pair.n, pair.s]);
      }
      expect(group.groups!.reduce((n, g) => n + g.count, 0)).toBe(group.count);
    }
  });

  it('refuses a function a column does not have, an unknown column or group, with a 400 naming it', async () => {
    const sheet = await api.create(owner, { name: 'Deals' });
    const deal = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    const ask = (query: Record<string, unknown>) => http().get(`/api/spreadsheets/${sheet.id}/summary`).set(owner.auth).query(query).expect(400);
    expect((await ask({ fn: `${deal.id}:sum` })).body.details).toEqual([
      expect.objectContaining({ field: 'fn[0]', message: expect.stringContaining('"Deal" cannot be summarised by sum') }),
    ]);
    expect((await ask({ fn: '00000000-0000-4000-8000-000000000000:count' })).body.details[0].field).toBe('fn[0]');
    expect((await ask({ fn: `${deal.id}:count`, groupBy: '00000000-0000-4000-8000-000000000000' })).body.details[0].field).toBe('groupBy[0]');
    expect((await ask({ fn: `${deal.id}:count`, groupBy: [deal.id, deal.id, deal.id] })).body.message).toMatch(/at most two/);
    expect((await ask({ fn: `${deal.id}:median` })).body.message).toBeDefined();
    await ask({});
  });
});
