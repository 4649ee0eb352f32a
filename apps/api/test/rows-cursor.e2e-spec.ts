import type { Column, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

/**
 * Keyset paging: a page after a cursor starts right after the place in sheet order where the previous page ended,
 * whatever was added or deleted in between, and a walk by cursors puts together exactly the whole list.
 */
describe('rows: paging by cursor', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let api: ReturnType<typeof sheetsApi>;
  let sheet: Spreadsheet;
  const c: Record<string, Column> = {};
  const ROWS = 120;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    owner = await registerMember(server);
    sheet = await api.create(owner, { name: 'Cursors' });
    c.Name = await api.column(owner, sheet.id, { name: 'Name', type: 'text' });
    c.Amount = await api.column(owner, sheet.id, { name: 'Amount', type: 'number' });
    c.Stage = await api.column(owner, sheet.id, { name: 'Stage', type: 'select', options: ['lead', 'won'].map((id) => ({ id, label: id })) });
    await api.rows(
      owner,
      sheet.id,
      Array.from({ length: ROWS }, (_, i) => ({ [c.Name.id]: `deal ${i}`, [c.Amount.id]: i % 9, [c.Stage.id]: i % 3 === 0 ? 'won' : 'lead' })),
    );
    // Positions that are neither dense nor in creation order: rows inserted in between.
    const { items } = await api.list(owner, sheet.id, { limit: 30 });
    await request(server.url)
      .post(`/api/spreadsheets/${sheet.id}/rows`)
      .set(owner.auth)
      .send({ beforeRowId: items[12].id, rows: [{ values: { [c.Name.id]: 'inserted a' } }, { values: { [c.Name.id]: 'inserted b', [c.Stage.id]: 'won' } }] })
      .expect(201);
  });
  afterAll(() => server.close());

  const walk = async (query: Record<string, unknown>, size: number) => {
    const ids: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await api.list(owner, sheet.id, { ...query, limit: size, count: false, ...(after ? { after } : {}) });
      ids.push(...page.items.map((r) => r.id));
      if (page.items.length < size) expect(page.nextCursor).toBeNull();
      if (!page.nextCursor) return ids;
      after = page.nextCursor;
    }
    throw new Error('the cursors never ended');
  };

  it.each([
    ['sheet order', () => ({})],
    ['a select filter', () => ({ filter: `${c.Stage.id}:eq:won` })],
    ['a number filter', () => ({ filter: `${c.Amount.id}:gte:4` })],
  ])('a walk by cursors in %s is the whole list, in order', async (_what, query) => {
    const whole = await api.list(owner, sheet.id, { ...query(), limit: 1000 });
    expect(whole.items.length).toBeGreaterThan(20);
    expect(whole.nextCursor).toBeNull();
    for (const size of [7, 50, whole.items.length]) expect(await walk(query(), size)).toEqual(whole.items.map((r) => r.id));
  });

  it('a full last page still has a cursor, and the page after it is empty with none', async () => {
    const { total } = await api.list(owner, sheet.id, { limit: 1 });
    const full = await api.list(owner, sheet.id, { limit: total, count: false });
    expect(full.items).toHaveLength(total!);
    const after = await api.list(owner, sheet.id, { limit: 10, after: full.nextCursor });
    expect(after.items).toEqual([]);
    expect(after.nextCursor).toBeNull();
    expect(after.total).toBe(total);
  });

  it('rows added or deleted before the cursor do not shift the next page', async () => {
    const first = await api.list(owner, sheet.id, { limit: 20, count: false });
    const rest = await api.list(owner, sheet.id, { limit: 20, offset: 20, count: false });
    const next = async () => (await api.list(owner, sheet.id, { limit: 20, after: first.nextCursor, count: false })).items.map((r) => r.id);
    const insertBefore = async (rowId: string, name: string) =>
      (
        (
          await request(server.url)
            .post(`/api/spreadsheets/${sheet.id}/rows`)
            .set(owner.auth)
            .send({ beforeRowId: rowId, rows: [{ values: { [c.Name.id]: name } }] })
            .expect(201)
        ).body as { id: string }[]
      )[0];

    // The page's last row (where the cursor points) and a row inside it are deleted, a row is added at the top: the
    // next page is still the rows that followed (an offset would now skip two of them and repeat none).
    for (const row of [first.items[19], first.items[5]]) await request(server.url).delete(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(owner.auth).expect(204);
    await insertBefore(first.items[0].id, 'new at the top');
    expect(await next()).toEqual(rest.items.map((r) => r.id));

    // A row added among the rows that follow is part of the next page, in its place.
    const added = await insertBefore(rest.items[1].id, 'new among the next');
    expect(await next()).toEqual([rest.items[0].id, added.id, ...rest.items.slice(1, 19).map((r) => r.id)]);
  });

  it('sorted pages have no cursor, and a cursor is refused with a sort, a sorted view or an offset', async () => {
    const sorted = await api.list(owner, sheet.id, { limit: 5, sort: `${c.Amount.id}:desc` });
    expect(sorted.items).toHaveLength(5);
    expect(sorted.nextCursor).toBeNull();
    const { nextCursor } = await api.list(owner, sheet.id, { limit: 5 });
    expect(nextCursor).toEqual(expect.any(String));
    const view = (
      await request(server.url)
        .post(`/api/spreadsheets/${sheet.id}/views`)
        .set(owner.auth)
        .send({ name: 'By amount', type: 'grid', shared: true, sorts: [{ columnId: c.Amount.id, direction: 'asc' }] })
        .expect(201)
    ).body as { id: string };
    for (const query of [{ sort: `${c.Amount.id}:desc` }, { viewId: view.id }, { offset: 5 }]) {
      const res = await request(server.url)
        .get(`/api/spreadsheets/${sheet.id}/rows`)
        .set(owner.auth)
        .query({ ...query, after: nextCursor })
        .expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'after' })]);
    }
  });

  it('refuses anything but a cursor it wrote, and changes nothing', async () => {
    const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    for (const after of [
      'not a cursor!',
      'abc',
      forged('1'),
      forged(`1:${'0'.repeat(36)}`),
      forged(`1e5:${sheet.id}`),
      forged(`1); DROP TABLE spreadsheet_rows; --:${sheet.id}`),
      forged(`1:${sheet.id}:extra`),
      'A'.repeat(5000),
    ]) {
      const res = await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows`).set(owner.auth).query({ after }).expect(400);
      expect(res.body.error).toBe('Bad Request');
      expect(JSON.stringify(res.body)).not.toMatch(/spreadsheet_rows|SELECT|numeric/);
    }
    // Twice over (an array where one string goes): refused by the query's validation.
    const { nextCursor } = await api.list(owner, sheet.id, { limit: 2 });
    const twice = await request(server.url)
      .get(`/api/spreadsheets/${sheet.id}/rows`)
      .set(owner.auth)
      .query({ after: [nextCursor, nextCursor] })
      .expect(400);
    expect(twice.body.details).toEqual([expect.objectContaining({ field: 'after' })]);
    expect((await api.list(owner, sheet.id, { limit: 1 })).total).toBe(ROWS + 2 - 2 + 2);
  });
});
