import type { Column, SearchResult, View } from '@contrivance/contracts';
import request from 'supertest';
import { RowIndexesService } from '../src/modules/spreadsheets/rows/row-indexes.service';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { registerMember, registerUser, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { storedKeyOf } from './support/stored-keys';

describe('search', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let viewer: TestAccount;
  let outsider: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  // Every sheet is large enough for a search index, so the searches below also run with one (see the last test).
  beforeAll(async () => {
    server = await bootApp({ ROW_INDEX_MIN_ROWS: '1' });
    api = sheetsApi(server);
    owner = await registerMember(server);
    viewer = await registerUser(server, { displayName: 'Zoë Quartermaine' });
    outsider = await registerMember(server);
  });
  afterAll(() => server.close());

  const http = () => request(server.url);
  const search = async (as: TestAccount, sheetId: string, query: Record<string, unknown>) =>
    (await http().get(`/api/spreadsheets/${sheetId}/search`).set(as.auth).query(query).expect(200)).body as SearchResult;
  const cells = (result: SearchResult) => result.items.map((i) => [i.rowId, i.columnId]);

  /** Deals with one column of every searched type, and a checkbox (not searched). */
  async function dealsSheet() {
    const sheet = await api.create(owner, { name: 'Deals' });
    await api.share(owner, sheet.id, viewer.user.id, 'viewer');
    const col = {
      name: await api.column(owner, sheet.id, { name: 'Name', type: 'text' }),
      notes: await api.column(owner, sheet.id, { name: 'Notes', type: 'longText' }),
      value: await api.column(owner, sheet.id, { name: 'Value', type: 'currency' }),
      stage: await api.column(owner, sheet.id, { name: 'Stage', type: 'select', options: [{ label: 'Quartz lead' }, { label: 'Won' }] }),
      tags: await api.column(owner, sheet.id, { name: 'Tags', type: 'multiSelect', options: [{ label: 'urgent' }, { label: 'quarterly' }] }),
      email: await api.column(owner, sheet.id, { name: 'Email', type: 'email' }),
      owner: await api.column(owner, sheet.id, { name: 'Owner', type: 'user' }),
      close: await api.column(owner, sheet.id, { name: 'Close', type: 'date' }),
      done: await api.column(owner, sheet.id, { name: 'Done', type: 'checkbox' }),
    } satisfies Record<string, Column>;
    const [quartz, won] = col.stage.options!.map((o) => o.id);
    const [urgent, quarterly] = col.tags.options!.map((o) => o.id);
    const rows = await api.rows(owner, sheet.id, [
      { [col.name.id]: 'Acme quarry', [col.value.id]: 1234.5, [col.stage.id]: won },
      { [col.name.id]: 'Globex', [col.notes.id]: 'Asked for a QUOTE', [col.stage.id]: quartz, [col.done.id]: true },
      { [col.name.id]: 'Initech', [col.tags.id]: [urgent, quarterly], [col.email.id]: 'bill@initech.example' },
      { [col.name.id]: 'Hooli', [col.owner.id]: viewer.user.id, [col.close.id]: '2026-03-14' },
      { [col.name.id]: '100% sure_thing', [col.value.id]: 99 },
      { [col.name.id]: '1000 units', [col.notes.id]: 'a\\b' },
    ]);
    return { sheet, col, rows: rows.map((r) => r.id), options: { quartz, won, urgent, quarterly } };
  }

  it('finds text, numbers as shown, option labels, emails, people by name and dates, case-insensitively, in row then column order', async () => {
    const { sheet, col, rows, options } = await dealsSheet();
    // "qu": Acme quarry (name); Globex QUOTE (notes) and its stage "Quartz lead"; Initech's tag "quarterly"; Hooli's owner Zoë Quartermaine.
    const found = await search(owner, sheet.id, { q: 'qu', rowIndex: true });
    expect(cells(found)).toEqual([
      [rows[0], col.name.id],
      [rows[1], col.notes.id],
      [rows[1], col.stage.id],
      [rows[2], col.tags.id],
      [rows[3], col.owner.id],
    ]);
    expect(found).toMatchObject({ total: 5, totalCapped: false });
    expect(found.items.map((i) => i.rowIndex)).toEqual([0, 1, 1, 2, 3]);

    // Without rowIndex=true, the items are the contract's { rowId, columnId }.
    expect((await search(owner, sheet.id, { q: '1234.5' })).items).toEqual([{ rowId: rows[0], columnId: col.value.id }]);
    // As the grid shows the currency.
    expect(cells(await search(owner, sheet.id, { q: '$1,234.50' }))).toEqual([[rows[0], col.value.id]]);
    expect(cells(await search(owner, sheet.id, { q: 'INITECH.EX' }))).toEqual([[rows[2], col.email.id]]);
    expect(cells(await search(owner, sheet.id, { q: '2026-03' }))).toEqual([[rows[3], col.close.id]]);
    expect(cells(await search(owner, sheet.id, { q: 'won' }))).toEqual([[rows[0], col.stage.id]]);
    // The stored option id is not what people read: it does not match.
    expect((await search(owner, sheet.id, { q: options.won })).total).toBe(0);
    // Checkboxes are not searched.
    expect((await search(owner, sheet.id, { q: 'true' })).total).toBe(0);
  });

  it('takes %, _ and \\ literally, and trims the term', async () => {
    const { sheet, col, rows } = await dealsSheet();
    expect(cells(await search(owner, sheet.id, { q: '100%' }))).toEqual([[rows[4], col.name.id]]);
    expect(cells(await search(owner, sheet.id, { q: 'e_t' }))).toEqual([[rows[4], col.name.id]]);
    expect((await search(owner, sheet.id, { q: '%' })).total).toBe(1);
    expect((await search(owner, sheet.id, { q: '_' })).total).toBe(1);
    expect(cells(await search(owner, sheet.id, { q: 'a\\b' }))).toEqual([[rows[5], col.notes.id]]);
    expect(cells(await search(owner, sheet.id, { q: '  globex  ' }))).toEqual([[rows[1], col.name.id]]);
  });

  it("searches a view's rows in its order, and only its visible columns", async () => {
    const { sheet, col, rows, options } = await dealsSheet();
    const view = (
      await http()
        .post(`/api/spreadsheets/${sheet.id}/views`)
        .set(owner.auth)
        .send({
          name: 'Not won, by name desc',
          type: 'grid',
          shared: true,
          filter: { op: 'and', conditions: [{ columnId: col.stage.id, operator: 'neq', value: options.won }] },
          sorts: [{ columnId: col.name.id, direction: 'desc' }],
          hiddenColumns: [col.notes.id],
          columnOrder: [col.owner.id, col.name.id],
        })
        .expect(201)
    ).body as View;
    // Its columns: Owner, Name, then the others in sheet order (Notes hidden). Which of them contain an "i", by row:
    const expected: Record<string, string[]> = {
      [rows[2]]: [col.name.id, col.email.id],
      [rows[3]]: [col.owner.id, col.name.id],
      [rows[4]]: [col.name.id],
      [rows[5]]: [col.name.id],
    };
    const order = (await api.list(owner, sheet.id, { viewId: view.id, limit: 100 })).items.map((r) => r.id);
    expect(order).not.toContain(rows[0]);
    const found = await search(viewer, sheet.id, { q: 'i', viewId: view.id, rowIndex: true });
    expect(cells(found)).toEqual(order.flatMap((id) => (expected[id] ?? []).map((columnId) => [id, columnId])));
    expect(found.items.map((i) => i.rowIndex)).toEqual(found.items.map((i) => order.indexOf(i.rowId)));
    // The hidden notes' QUOTE is not found; the same term without the view is.
    expect((await search(owner, sheet.id, { q: 'quote', viewId: view.id })).total).toBe(0);
    expect((await search(owner, sheet.id, { q: 'quote' })).total).toBe(1);
    // A view the caller cannot see is a 404.
    const personal = (await http().post(`/api/spreadsheets/${sheet.id}/views`).set(owner.auth).send({ name: 'Mine', type: 'grid', shared: false }).expect(201)).body as View;
    await http().get(`/api/spreadsheets/${sheet.id}/search`).set(viewer.auth).query({ q: 'a', viewId: personal.id }).expect(404);
  });

  it('pages through the matching cells', async () => {
    const sheet = await api.create(owner, { name: 'Many' });
    const a = await api.column(owner, sheet.id, { name: 'A', type: 'text' });
    const b = await api.column(owner, sheet.id, { name: 'B', type: 'text' });
    const rows = await api.rows(
      owner,
      sheet.id,
      Array.from({ length: 30 }, (_, i) => ({ [a.id]: `needle ${i}`, ...(i % 2 ? { [b.id]: 'Needle too' } : { [b.id]: 'hay' }) })),
    );
    const all = [
      ...rows.flatMap((r, i) =>
        i % 2
          ? [
              [r.id, a.id],
              [r.id, b.id],
            ]
          : [[r.id, a.id]],
      ),
    ];
    const pages = [];
    for (let offset = 0; offset < 50; offset += 7) pages.push(...cells(await search(owner, sheet.id, { q: 'needle', limit: 7, offset })));
    expect(pages).toEqual(all);
    const last = await search(owner, sheet.id, { q: 'needle', limit: 7, offset: 42, rowIndex: true });
    expect(last).toMatchObject({ total: 45, totalCapped: false });
    expect(last.items.map((i) => i.rowIndex)).toEqual([28, 29, 29]);
    expect((await search(owner, sheet.id, { q: 'needle', offset: 45 })).items).toEqual([]);
  });

  it('caps the count of a term in more than 10,000 rows, and still pages it in order', async () => {
    const sheet = await api.create(owner, { name: 'Common' });
    const name = await api.column(owner, sheet.id, { name: 'Name', type: 'text' });
    const kind = await api.column(owner, sheet.id, { name: 'Kind', type: 'select', options: [{ label: 'odd' }, { label: 'even' }] });
    const [odd, even] = kind.options!.map((o) => o.id);
    await withClient(testDatabaseUrl(), async (c) => {
      await c.query(
        `INSERT INTO spreadsheet_rows (sheet_id, position, data)
         SELECT $1, g, jsonb_build_object($2::text, 'common ' || g, $3::text, CASE WHEN g % 2 = 1 THEN $4 ELSE $5 END) FROM generate_series(1, 12000) g`,
        [sheet.id, await storedKeyOf(name), await storedKeyOf(kind), odd, even],
      );
      await c.query(`UPDATE spreadsheets SET row_count = 12000 WHERE id = $1`, [sheet.id]);
    });
    const first = await search(owner, sheet.id, { q: 'COMMON', limit: 3, offset: 5, rowIndex: true });
    expect(first.totalCapped).toBe(true);
    expect(first.total).toBeGreaterThanOrEqual(10_000);
    expect(first.items.map((i) => i.rowIndex)).toEqual([5, 6, 7]);
    // In a view of the even rows (unsorted): the 6th, 7th and 8th of them.
    const view = (
      await http()
        .post(`/api/spreadsheets/${sheet.id}/views`)
        .set(owner.auth)
        .send({ name: 'Even', type: 'grid', shared: false, filter: { op: 'and', conditions: [{ columnId: kind.id, operator: 'eq', value: even }] } })
        .expect(201)
    ).body as View;
    const evens = await search(owner, sheet.id, { q: 'common 1', viewId: view.id, limit: 3, rowIndex: true });
    const { items } = await api.list(owner, sheet.id, { viewId: view.id, limit: 100 });
    const expected = items.filter((r) => (r.values[name.id] as string).startsWith('common 1')).slice(0, 3);
    expect(evens.items.map((i) => [i.rowId, i.rowIndex])).toEqual(expected.map((r) => [r.id, items.indexOf(r)]));
    expect(evens.totalCapped).toBe(false);
  });

  it('answers no matches (not an error) when no column shown can hold the term: only options and people, none of them named so', async () => {
    const sheet = await api.create(owner, { name: 'Labels only' });
    const stage = await api.column(owner, sheet.id, { name: 'Stage', type: 'select', options: [{ label: 'Lead' }, { label: 'Won' }] });
    const who = await api.column(owner, sheet.id, { name: 'Owner', type: 'user' });
    await api.rows(owner, sheet.id, [{ [stage.id]: stage.options![0].id, [who.id]: owner.user.id }]);
    expect(await search(owner, sheet.id, { q: 'zzz' })).toEqual({ items: [], total: 0, totalCapped: false });
    expect((await search(owner, sheet.id, { q: 'lead' })).total).toBe(1);
  });

  it('refuses a bad query with a 400 naming the field', async () => {
    const sheet = await api.create(owner, { name: 'Bad' });
    const ask = async (query: Record<string, unknown>, field: string) => {
      const res = await http().get(`/api/spreadsheets/${sheet.id}/search`).set(owner.auth).query(query).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: expect.any(String), details: expect.arrayContaining([expect.objectContaining({ field })]) });
    };
    await ask({}, 'q');
    await ask({ q: '   ' }, 'q');
    await ask({ q: 'x'.repeat(201) }, 'q');
    await ask({ q: 'x', limit: 0 }, 'limit');
    await ask({ q: 'x', limit: 501 }, 'limit');
    await ask({ q: 'x', limit: 'ten' }, 'limit');
    await ask({ q: 'x', offset: -1 }, 'offset');
    await ask({ q: 'x', viewId: 'nope' }, 'viewId');
    await ask({ q: 'x', rowIndex: 'yes' }, 'rowIndex');
  });

  it('answers members, viewers included, and is a 404 to anyone else', async () => {
    const { sheet } = await dealsSheet();
    await http().get(`/api/spreadsheets/${sheet.id}/search`).set(viewer.auth).query({ q: 'globex' }).expect(200);
    await http().get(`/api/spreadsheets/${sheet.id}/search`).set(outsider.auth).query({ q: 'globex' }).expect(404);
  });

  it('builds a trigram index for the sheet at its first search and answers the same with it', async () => {
    const { sheet, col, rows } = await dealsSheet();
    const before = await search(owner, sheet.id, { q: 'quart' });
    await server.app.get(RowIndexesService).idle();
    const indexes = await withClient(testDatabaseUrl(), async (c) => {
      const { rows: found } = await c.query<{ def: string }>(
        `SELECT i.indexdef AS def FROM pg_indexes i JOIN spreadsheet_row_indexes r ON r.name = i.indexname WHERE r.sheet_id = $1`,
        [sheet.id],
      );
      return found.map((f) => f.def);
    });
    expect(indexes).toEqual([expect.stringMatching(/USING gin .*gin_trgm_ops/)]);
    const after = await search(owner, sheet.id, { q: 'quart' });
    expect(after).toEqual(before);
    expect(cells(after)).toEqual([
      [rows[1], col.stage.id],
      [rows[2], col.tags.id],
      [rows[3], col.owner.id],
    ]);
  });

  it('leaves the index alone when a column changes (it holds values, not columns)', async () => {
    const { sheet, col } = await dealsSheet();
    await search(owner, sheet.id, { q: 'globex' });
    await server.app.get(RowIndexesService).idle();
    await http().delete(`/api/spreadsheets/${sheet.id}/columns/${col.notes.id}`).set(owner.auth).expect(204);
    const count = await withClient(
      testDatabaseUrl(),
      async (c) => (await c.query(`SELECT count(*)::int AS n FROM spreadsheet_row_indexes WHERE sheet_id = $1`, [sheet.id])).rows[0].n,
    );
    expect(count).toBe(1);
    expect((await search(owner, sheet.id, { q: 'quote' })).total).toBe(0);
  });
});
