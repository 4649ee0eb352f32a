import type { Column, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

describe('rows: sorting, filtering and column changes', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let api: ReturnType<typeof sheetsApi>;
  let sheet: Spreadsheet;
  const c: Record<string, Column> = {};

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    owner = await registerMember(server);
    sheet = await api.create(owner, { name: 'Query' });
    for (const [name, type, extra] of [
      ['Name', 'text', {}],
      ['Amount', 'number', {}],
      ['Close', 'date', {}],
      [
        'Stage',
        'select',
        {
          options: [
            { id: 'lead', label: 'Lead' },
            { id: 'won', label: 'Won' },
            { id: 'lost', label: 'Lost' },
          ],
        },
      ],
      [
        'Tags',
        'multiSelect',
        {
          options: [
            { id: 'hot', label: 'Hot' },
            { id: 'big', label: 'Big' },
          ],
        },
      ],
      ['Done', 'checkbox', {}],
    ] as const) {
      c[name] = await api.column(owner, sheet.id, { name, type, ...extra });
    }
    const row = (name: string, amount: number | null, close: string | null, stage: string | null, tags: string[] | null, done: boolean | null) => ({
      [c.Name.id]: name,
      [c.Amount.id]: amount,
      [c.Close.id]: close,
      [c.Stage.id]: stage,
      [c.Tags.id]: tags,
      [c.Done.id]: done,
    });
    await api.rows(owner, sheet.id, [
      row('banana', 9, '2026-02-10', 'won', ['hot'], true),
      row('Apple', 10, '2025-12-31', 'lead', ['big', 'hot'], false),
      row('cherry', 100, null, 'lost', null, null),
      row('', null, '2026-01-05', null, ['big'], true),
      row('apricot', -5, '2026-02-10', 'won', null, false),
    ]);
  });
  afterAll(() => server.close());

  const names = async (query: Record<string, unknown>) => (await api.list(owner, sheet.id, query)).items.map((r) => r.values[c.Name.id] ?? null);

  it('keeps sheet order without a sort', async () => {
    expect(await names({})).toEqual(['banana', 'Apple', 'cherry', null, 'apricot']);
  });

  it('sorts numbers numerically, dates chronologically, text case-insensitively, empty last both ways', async () => {
    expect(await names({ sort: `${c.Amount.id}:asc` })).toEqual(['apricot', 'banana', 'Apple', 'cherry', null]);
    expect(await names({ sort: `${c.Amount.id}:desc` })).toEqual(['cherry', 'Apple', 'banana', 'apricot', null]);
    expect(await names({ sort: `${c.Close.id}:asc` })).toEqual(['Apple', null, 'banana', 'apricot', 'cherry']);
    expect(await names({ sort: `${c.Name.id}:asc` })).toEqual(['Apple', 'apricot', 'banana', 'cherry', null]);
    expect(await names({ sort: `${c.Name.id}:desc` })).toEqual(['cherry', 'banana', 'apricot', 'Apple', null]);
  });

  it('sorts select columns by option order and combines sort keys', async () => {
    expect(await names({ sort: [`${c.Stage.id}:asc`, `${c.Amount.id}:desc`] })).toEqual(['Apple', 'banana', 'apricot', 'cherry', null]);
  });

  it('filters with eq, contains, ranges, isEmpty, in, and combines filters', async () => {
    expect(await names({ filter: `${c.Amount.id}:gt:9` })).toEqual(['Apple', 'cherry']);
    expect(await names({ filter: `${c.Amount.id}:lte:9` })).toEqual(['banana', 'apricot']);
    expect(await names({ filter: `${c.Close.id}:gte:2026-01-01` })).toEqual(['banana', null, 'apricot']);
    expect(await names({ filter: `${c.Name.id}:contains:AP` })).toEqual(['Apple', 'apricot']);
    expect(await names({ filter: `${c.Name.id}:eq:apple` })).toEqual(['Apple']);
    expect(await names({ filter: `${c.Close.id}:isEmpty` })).toEqual(['cherry']);
    expect(await names({ filter: `${c.Stage.id}:in:won,Lost` })).toEqual(['banana', 'cherry', 'apricot']);
    expect(await names({ filter: `${c.Tags.id}:eq:hot` })).toEqual(['banana', 'Apple']);
    expect(await names({ filter: `${c.Tags.id}:in:big` })).toEqual(['Apple', null]);
    expect(await names({ filter: `${c.Done.id}:eq:true` })).toEqual(['banana', null]);
    expect(await names({ filter: `${c.Stage.id}:neq:won` })).toEqual(['Apple', 'cherry', null]);
    expect(await names({ filter: [`${c.Stage.id}:eq:won`, `${c.Amount.id}:lt:0`] })).toEqual(['apricot']);
  });

  it('treats LIKE wildcards in contains as text', async () => {
    expect(await names({ filter: `${c.Name.id}:contains:%` })).toEqual([]);
  });

  it('pages, with a total unless count=false', async () => {
    const page = await api.list(owner, sheet.id, { sort: `${c.Amount.id}:asc`, limit: 2, offset: 1 });
    expect(page.items.map((r) => r.values[c.Name.id])).toEqual(['banana', 'Apple']);
    expect(page.total).toBe(5);
    const cheap = await api.list(owner, sheet.id, { limit: 2, count: 'false' });
    expect(cheap.total).toBeUndefined();
    expect(cheap.items).toHaveLength(2);
  });

  it.each([
    ['a sort of an unknown column', { sort: '00000000-0000-4000-8000-000000000000:asc' }],
    ['a malformed sort', { sort: 'name' }],
    ['contains on a number', { filter: 'AMOUNT:contains:1' }],
    ['gt on text', { filter: 'NAME:gt:a' }],
    ['a non-number for a number filter', { filter: 'AMOUNT:gt:lots' }],
    ['an unknown option', { filter: 'STAGE:in:maybe' }],
    ['an unknown operator', { filter: 'NAME:like:a' }],
    ['limit over 1000', { limit: 1001 }],
  ])('refuses %s with 400', async (_, query) => {
    const resolved = Object.fromEntries(
      Object.entries(query).map(([k, v]) => [k, String(v).replace('AMOUNT', c.Amount.id).replace('NAME', c.Name.id).replace('STAGE', c.Stage.id)]),
    );
    const res = await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows`).set(owner.auth).query(resolved).expect(400);
    expect(res.body.statusCode).toBe(400);
  });

  describe('changing a column', () => {
    it('converts values to a new type, or answers 409 listing the rows that cannot be converted and changes nothing', async () => {
      const fresh = await api.create(owner, { name: 'Retype' });
      const text = await api.column(owner, fresh.id, { name: 'Amount', type: 'text' });
      const [ok, bad] = await api.rows(owner, fresh.id, [{ [text.id]: '1,200' }, { [text.id]: 'about ten' }]);

      const refused = await request(server.url).patch(`/api/spreadsheets/${fresh.id}/columns/${text.id}`).set(owner.auth).send({ type: 'number' }).expect(409);
      expect(refused.body.details).toEqual([{ field: `rows.${bad.id}`, rowId: bad.id, value: 'about ten', message: 'must be a number' }]);
      const unchanged = await api.list(owner, fresh.id);
      expect(unchanged.items.map((r) => r.values[text.id])).toEqual(['1,200', 'about ten']);
      expect((await request(server.url).get(`/api/spreadsheets/${fresh.id}`).set(owner.auth)).body.columns[0].type).toBe('text');

      await request(server.url)
        .patch(`/api/spreadsheets/${fresh.id}/rows/${bad.id}`)
        .set(owner.auth)
        .send({ values: { [text.id]: '10' } })
        .expect(200);
      const changed = await request(server.url).patch(`/api/spreadsheets/${fresh.id}/columns/${text.id}`).set(owner.auth).send({ type: 'number' }).expect(200);
      expect(changed.body.type).toBe('number');
      const converted = await api.list(owner, fresh.id, { sort: `${text.id}:desc` });
      expect(converted.items.map((r) => [r.id, r.values[text.id]])).toEqual([
        [ok.id, 1200],
        [bad.id, 10],
      ]);
    });

    it('refuses to make a column required while some rows are empty', async () => {
      const res = await request(server.url).patch(`/api/spreadsheets/${sheet.id}/columns/${c.Close.id}`).set(owner.auth).send({ required: true }).expect(409);
      expect(res.body.details.map((d: { message: string }) => d.message)).toEqual(['is required']);
    });

    it('renames, reorders and refuses duplicate names', async () => {
      await request(server.url).patch(`/api/spreadsheets/${sheet.id}/columns/${c.Done.id}`).set(owner.auth).send({ position: 0, name: 'Closed?' }).expect(200);
      const got = await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(200);
      expect(got.body.columns.map((col: Column) => [col.name, col.position])).toEqual([
        ['Closed?', 0],
        ['Name', 1],
        ['Amount', 2],
        ['Close', 3],
        ['Stage', 4],
        ['Tags', 5],
      ]);
      await request(server.url).patch(`/api/spreadsheets/${sheet.id}/columns/${c.Done.id}`).set(owner.auth).send({ name: 'name' }).expect(409);
      await request(server.url).post(`/api/spreadsheets/${sheet.id}/columns`).set(owner.auth).send({ name: 'AMOUNT', type: 'text' }).expect(409);
    });

    it('deletes a column with its values', async () => {
      const temp = await api.column(owner, sheet.id, { name: 'Temp', type: 'text' });
      const [row] = await api.rows(owner, sheet.id, [{ [c.Name.id]: 'temp row', [temp.id]: 'x' }]);
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}/columns/${temp.id}`).set(owner.auth).expect(204);
      const after = await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(owner.auth).expect(200);
      expect(after.body.values).toEqual({ [c.Name.id]: 'temp row' });
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(owner.auth).expect(204);
    });
  });
});
