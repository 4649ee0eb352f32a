import type { Column, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

/**
 * Pages past the first are read with a deferred join (the page's ids found first, then its rows). Whatever the
 * sort, filter or view, the pages must put together exactly the list the first-page query answers in one go.
 */
describe('rows: pages past the first', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let api: ReturnType<typeof sheetsApi>;
  let sheet: Spreadsheet;
  const c: Record<string, Column> = {};
  const ROWS = 230;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    owner = await registerMember(server);
    sheet = await api.create(owner, { name: 'Deep' });
    for (const [name, type, extra] of [
      ['Name', 'text', {}],
      ['Amount', 'number', {}],
      ['Close', 'date', {}],
      ['Stage', 'select', { options: ['lead', 'won', 'lost'].map((id) => ({ id, label: id })) }],
      ['Done', 'checkbox', {}],
      ['Double', 'formula', { formula: '{Amount} * 2' }],
    ] as const) {
      c[name] = await api.column(owner, sheet.id, { name, type, ...extra });
    }
    // Many ties (amounts repeat, some empty), so the order falls back to position and id: pages must agree on those too.
    const values = Array.from({ length: ROWS }, (_, i) => ({
      [c.Name.id]: i % 11 === 0 ? null : `deal ${(i * 37) % 101}`,
      [c.Amount.id]: i % 7 === 0 ? null : (i * 13) % 17,
      [c.Close.id]: i % 5 === 0 ? null : `2026-0${1 + (i % 9)}-1${i % 10}`,
      [c.Stage.id]: ['lead', 'won', 'lost', null][i % 4],
      [c.Done.id]: i % 3 === 0,
    }));
    await api.rows(owner, sheet.id, values.slice(0, 150));
    await api.rows(owner, sheet.id, values.slice(150));
    // Rows inserted in between and deleted: positions that are neither dense nor in creation order.
    const { items } = await api.list(owner, sheet.id, { limit: 40 });
    await request(server.url)
      .post(`/api/spreadsheets/${sheet.id}/rows`)
      .set(owner.auth)
      .send({ beforeRowId: items[20].id, rows: [{ values: { [c.Name.id]: 'inserted', [c.Amount.id]: 3 } }, { values: { [c.Amount.id]: 3 } }] })
      .expect(201);
    for (const row of [items[5], items[33]]) await request(server.url).delete(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(owner.auth).expect(204);
  });
  afterAll(() => server.close());

  const paged = async (query: Record<string, unknown>, size: number) => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += size) {
      const page = await api.list(owner, sheet.id, { ...query, limit: size, offset, count: false });
      ids.push(...page.items.map((r) => r.id));
      if (page.items.length < size) return ids;
    }
  };

  const queries: [string, () => Record<string, unknown>][] = [
    ['sheet order', () => ({})],
    ['a number sort', () => ({ sort: `${c.Amount.id}:desc` })],
    ['two sorts, text then date', () => ({ sort: [`${c.Name.id}:asc`, `${c.Close.id}:desc`] })],
    ['a formula sort', () => ({ sort: `${c.Double.id}:asc` })],
    ['a select filter', () => ({ filter: `${c.Stage.id}:eq:won` })],
    ['filters and a sort', () => ({ filter: [`${c.Done.id}:eq:true`, `${c.Amount.id}:gte:4`], sort: `${c.Close.id}:asc` })],
  ];

  it.each(queries)('pages of %s make up the whole list, rows and order', async (_what, query) => {
    const whole = await api.list(owner, sheet.id, { ...query(), limit: 1000 });
    expect(whole.items.length).toBeGreaterThan(20);
    for (const size of [7, 50]) expect(await paged(query(), size)).toEqual(whole.items.map((r) => r.id));
    // A page far in holds the same rows, cell for cell, as the same stretch of the whole list.
    const offset = Math.floor(whole.items.length / 2);
    const page = await api.list(owner, sheet.id, { ...query(), limit: 10, offset });
    expect(page.items).toEqual(whole.items.slice(offset, offset + 10));
    expect(page.total).toBe(whole.total);
  });

  it('pages a saved view (its filter and sorts) the same way', async () => {
    const view = (
      await request(server.url)
        .post(`/api/spreadsheets/${sheet.id}/views`)
        .set(owner.auth)
        .send({
          name: 'Open or big',
          type: 'grid',
          shared: true,
          filter: {
            op: 'or',
            conditions: [
              { columnId: c.Stage.id, operator: 'neq', value: 'lost' },
              { columnId: c.Amount.id, operator: 'gt', value: 10 },
            ],
          },
          sorts: [{ columnId: c.Amount.id, direction: 'asc' }],
        })
        .expect(201)
    ).body as { id: string };
    const whole = await api.list(owner, sheet.id, { viewId: view.id, limit: 1000 });
    expect(whole.items.length).toBeGreaterThan(20);
    expect(await paged({ viewId: view.id }, 9)).toEqual(whole.items.map((r) => r.id));
  });

  it('answers an empty page past the end', async () => {
    expect((await api.list(owner, sheet.id, { limit: 10, offset: 5000 })).items).toEqual([]);
  });
});
