import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, eventually } from './support/sockets';

describe('formula columns', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let viewer: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    [owner, viewer] = await Promise.all([0, 1].map(() => registerMember(server)));
  });
  afterAll(() => server.close());

  const http = () => request(server.url);
  const columnsUrl = (sheet: Spreadsheet) => `/api/spreadsheets/${sheet.id}/columns`;

  /** A sheet with Deal (text), Value (number) and Qty (number), three rows, and the viewer shared in. */
  async function dealsSheet(): Promise<{ sheet: Spreadsheet; deal: Column; value: Column; qty: Column; rows: Row[] }> {
    const sheet = await api.create(owner, { name: 'Deals' });
    await api.share(owner, sheet.id, viewer.user.id, 'viewer');
    const deal = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    const value = await api.column(owner, sheet.id, { name: 'Value', type: 'number' });
    const qty = await api.column(owner, sheet.id, { name: 'Qty', type: 'number' });
    const rows = await api.rows(owner, sheet.id, [
      { [deal.id]: 'beta', [value.id]: 100, [qty.id]: 4 },
      { [deal.id]: 'Alpha', [value.id]: 30, [qty.id]: 0 },
      { [deal.id]: 'gamma', [value.id]: 50, [qty.id]: 5 },
    ]);
    return { sheet, deal, value, qty, rows };
  }

  it('creates a formula column answering its formula by names and its result type, and reads computed values', async () => {
    const { sheet, value, qty, rows } = await dealsSheet();
    const total = await api.column(owner, sheet.id, { name: 'Total', type: 'formula', formula: '{Value} * {Qty}' });
    expect(total).toMatchObject({ name: 'Total', type: 'formula', formula: '{Value} * {Qty}', resultType: 'number' });

    const page = await api.list(owner, sheet.id);
    expect(page.items.map((r) => r.values[total.id])).toEqual([400, 0, 250]);
    const one = (await http().get(`/api/spreadsheets/${sheet.id}/rows/${rows[0].id}`).set(owner.auth).expect(200)).body as Row;
    expect(one.values).toEqual({ ...rows[0].values, [total.id]: 400 });

    // A write answers the row with its formulas computed, and the next read sees the new value.
    const patched = (
      await http()
        .patch(`/api/spreadsheets/${sheet.id}/rows/${rows[0].id}`)
        .set(owner.auth)
        .send({ values: { [qty.id]: 2 } })
        .expect(200)
    ).body as Row;
    expect(patched.values[total.id]).toBe(200);
    expect((await api.list(owner, sheet.id)).items[0].values[total.id]).toBe(200);
    const created = await api.rows(owner, sheet.id, [{ [value.id]: 7, [qty.id]: 3 }]);
    expect(created[0].values[total.id]).toBe(21);

    // The sheet's columns carry it too, and the viewer reads the same values.
    const read = (await http().get(`/api/spreadsheets/${sheet.id}`).set(viewer.auth).expect(200)).body as Spreadsheet;
    expect(read.columns.find((c) => c.id === total.id)).toMatchObject({ formula: '{Value} * {Qty}', resultType: 'number' });
    expect((await api.list(viewer, sheet.id)).items.map((r) => r.values[total.id])).toEqual([200, 0, 250, 21]);
  });

  it('reads a failing row as { error } and a blank result as an absent value', async () => {
    const { sheet, rows } = await dealsSheet();
    const ratio = await api.column(owner, sheet.id, { name: 'Ratio', type: 'formula', formula: '{Value} / {Qty}' });
    const blank = await api.column(owner, sheet.id, { name: 'Nothing', type: 'formula', formula: 'BLANK()' });
    const items = (await api.list(owner, sheet.id)).items;
    expect(items.map((r) => r.values[ratio.id])).toEqual([25, { error: '#DIV/0!' }, 10]);
    expect(items.every((r) => !(blank.id in r.values))).toBe(true);
    expect(items[0].id).toBe(rows[0].id);
  });

  it('sorts and filters by a formula column, numeric and text, errors sorting with blanks', async () => {
    const { sheet, deal } = await dealsSheet();
    const ratio = await api.column(owner, sheet.id, { name: 'Ratio', type: 'formula', formula: '{Value} / {Qty}' });
    const label = await api.column(owner, sheet.id, { name: 'Label', type: 'formula', formula: 'UPPER({Deal}) & "!"' });
    expect(label.resultType).toBe('text');
    const names = (rows: Row[]) => rows.map((r) => r.values[deal.id]);

    expect(names((await api.list(owner, sheet.id, { sort: `${ratio.id}:asc` })).items)).toEqual(['gamma', 'beta', 'Alpha']);
    expect(names((await api.list(owner, sheet.id, { sort: `${ratio.id}:desc` })).items)).toEqual(['beta', 'gamma', 'Alpha']);
    expect(names((await api.list(owner, sheet.id, { sort: `${label.id}:desc` })).items)).toEqual(['gamma', 'beta', 'Alpha']);

    const gt = await api.list(owner, sheet.id, { filter: `${ratio.id}:gt:15` });
    expect([names(gt.items), gt.total]).toEqual([['beta'], 1]);
    expect(names((await api.list(owner, sheet.id, { filter: `${ratio.id}:isEmpty` })).items)).toEqual(['Alpha']);
    expect(names((await api.list(owner, sheet.id, { filter: `${label.id}:eq:alpha!` })).items)).toEqual(['Alpha']);
    expect(names((await api.list(owner, sheet.id, { filter: `${label.id}:contains:MM` })).items)).toEqual(['gamma']);
  });

  it('refuses a formula that does not parse or type-check with its position', async () => {
    const { sheet } = await dealsSheet();
    const parse = await http().post(columnsUrl(sheet)).set(owner.auth).send({ name: 'Bad', type: 'formula', formula: '{Value} * ' }).expect(400);
    expect(parse.body.details).toEqual([expect.objectContaining({ field: 'formula', position: 10 })]);
    const types = await http().post(columnsUrl(sheet)).set(owner.auth).send({ name: 'Bad', type: 'formula', formula: '{Deal} * 2' }).expect(400);
    expect(types.body.details).toEqual([expect.objectContaining({ field: 'formula', position: expect.any(Number), message: expect.any(String) })]);
    const unknown = await http().post(columnsUrl(sheet)).set(owner.auth).send({ name: 'Bad', type: 'formula', formula: '{Nope} + 1' }).expect(400);
    expect(unknown.body.details[0]).toMatchObject({ field: 'formula', position: 0 });
    await http().post(columnsUrl(sheet)).set(owner.auth).send({ name: 'Bad', type: 'formula' }).expect(400);
    await http().post(columnsUrl(sheet)).set(owner.auth).send({ name: 'Bad', type: 'number', formula: '1' }).expect(400);
  });

  it('computes formulas of formulas, carries their errors, follows their result types and refuses cycles', async () => {
    const { sheet, rows, qty } = await dealsSheet();
    const double = await api.column(owner, sheet.id, { name: 'Double', type: 'formula', formula: '{Value} * 2' });
    const quad = await api.column(owner, sheet.id, { name: 'Quad', type: 'formula', formula: '{Double} * 2' });
    const ratio = await api.column(owner, sheet.id, { name: 'Ratio', type: 'formula', formula: '{Value} / {Qty}' });
    const next = await api.column(owner, sheet.id, { name: 'Next', type: 'formula', formula: 'IF({Deal} = "Alpha", 0, {Ratio} + 1)' });
    const shown = await api.column(owner, sheet.id, { name: 'Shown', type: 'formula', formula: '{Ratio} + 1' });
    expect(quad).toMatchObject({ formula: '{Double} * 2', resultType: 'number' });

    const page = await api.list(owner, sheet.id, { sort: `${quad.id}:desc` });
    expect(page.items.map((r) => [r.values[double.id], r.values[quad.id]])).toEqual([
      [200, 400],
      [100, 200],
      [60, 120],
    ]);
    // Alpha has Qty 0: its Ratio is #DIV/0!, which Shown inherits and Next avoids (the error is only where it is read).
    const alpha = page.items.find((r) => r.id === rows[1].id)!;
    expect(alpha.values).toMatchObject({ [ratio.id]: { error: '#DIV/0!' }, [shown.id]: { error: '#DIV/0!' }, [next.id]: 0 });
    const gamma = page.items.find((r) => r.id === rows[2].id)!;
    expect(gamma.values).toMatchObject({ [ratio.id]: 10, [shown.id]: 11, [next.id]: 11 });

    // The socket event of an edit carries every formula of the row, those of formulas included.
    const socket = await connectSocket(server.url, owner.accessToken);
    try {
      await socket.join(sheet.id);
      expect(await socket.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[1].id, columnId: qty.id, value: 3 })).toMatchObject({ ok: true });
      await eventually(() => socket.changes.some((c) => c.columnId === qty.id), 5000, 'the change event');
      expect(socket.changes.find((c) => c.columnId === qty.id)?.computed).toMatchObject({ [ratio.id]: 10, [shown.id]: 11, [quad.id]: 120 });
    } finally {
      socket.close();
    }

    // A cycle, direct or through another formula, is a 400 at the reference that closes it.
    const self = await http()
      .patch(`${columnsUrl(sheet)}/${double.id}`)
      .set(owner.auth)
      .send({ formula: '{Double} + 1' })
      .expect(400);
    expect(self.body.details[0]).toMatchObject({ field: 'formula', position: 0, message: expect.stringContaining('its own value') });
    const loop = await http()
      .patch(`${columnsUrl(sheet)}/${double.id}`)
      .set(owner.auth)
      .send({ formula: '1 + {Quad}' })
      .expect(400);
    expect(loop.body.details[0]).toMatchObject({ field: 'formula', position: 4, message: expect.stringContaining('{Double} → {Quad} → {Double}') });

    // A change that would break a formula reading it is a 409 naming it; one that changes its result type carries it along.
    const breaks = await http()
      .patch(`${columnsUrl(sheet)}/${double.id}`)
      .set(owner.auth)
      .send({ formula: '{Deal}' })
      .expect(409);
    expect(breaks.body.details).toEqual([expect.objectContaining({ columnId: quad.id, name: 'Quad' })]);
    const pick = await api.column(owner, sheet.id, { name: 'Pick', type: 'formula', formula: '{Double}' });
    await http()
      .delete(`${columnsUrl(sheet)}/${quad.id}`)
      .set(owner.auth)
      .expect(204);
    await http()
      .patch(`${columnsUrl(sheet)}/${double.id}`)
      .set(owner.auth)
      .send({ formula: 'UPPER({Deal})' })
      .expect(200);
    const { columns } = (await http().get(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(200)).body as { columns: Column[] };
    expect(columns.find((c) => c.id === pick.id)).toMatchObject({ formula: '{Double}', resultType: 'text' });
    expect((await api.list(owner, sheet.id)).items.map((r) => r.values[pick.id])).toEqual(['BETA', 'ALPHA', 'GAMMA']);
    // Deleting a column a formula of a formula reads is refused too.
    await http()
      .delete(`${columnsUrl(sheet)}/${double.id}`)
      .set(owner.auth)
      .expect(409);
  });

  it('refuses writes to a formula cell, over REST and the socket', async () => {
    const { sheet, rows, value } = await dealsSheet();
    const total = await api.column(owner, sheet.id, { name: 'Total', type: 'formula', formula: '{Value} + 1' });
    const rest = await http()
      .patch(`/api/spreadsheets/${sheet.id}/rows/${rows[0].id}`)
      .set(owner.auth)
      .send({ values: { [total.id]: 5 } })
      .expect(400);
    expect(JSON.stringify(rest.body)).toContain('is computed from its formula');
    await http()
      .patch(`/api/spreadsheets/${sheet.id}/rows/${rows[0].id}`)
      .set(owner.auth)
      .send({ values: { [total.id]: null } })
      .expect(400);
    await http()
      .post(`/api/spreadsheets/${sheet.id}/rows`)
      .set(owner.auth)
      .send({ rows: [{ values: { [value.id]: 1, [total.id]: 2 } }] })
      .expect(400);

    const socket = await connectSocket(server.url, owner.accessToken);
    try {
      await socket.join(sheet.id);
      expect(await socket.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: total.id, value: 9 })).toMatchObject({ ok: false });
      // An edit of an input tells listeners the row's new formula values.
      expect(await socket.call('cell:update', { spreadsheetId: sheet.id, rowId: rows[0].id, columnId: value.id, value: 200 })).toMatchObject({ ok: true });
      await eventually(() => socket.changes.some((c) => c.columnId === value.id), 5000, 'the change event');
      expect(socket.changes.find((c) => c.columnId === value.id)).toMatchObject({ kind: 'cell', value: 200, computed: { [total.id]: 201 } });
    } finally {
      socket.close();
    }
    expect((await api.list(owner, sheet.id)).items[0].values[total.id]).toBe(201);
  });

  it('keeps a formula working through a rename, and refuses deleting or retyping what it reads', async () => {
    const { sheet, value, qty } = await dealsSheet();
    const total = await api.column(owner, sheet.id, { name: 'Total', type: 'formula', formula: '{Value} * {Qty}' });

    await http()
      .patch(`${columnsUrl(sheet)}/${value.id}`)
      .set(owner.auth)
      .send({ name: 'Deal value' })
      .expect(200);
    const read = (await http().get(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(200)).body as Spreadsheet;
    expect(read.columns.find((c) => c.id === total.id)!.formula).toBe('{Deal value} * {Qty}');
    expect((await api.list(owner, sheet.id)).items[0].values[total.id]).toBe(400);

    const deleting = await http()
      .delete(`${columnsUrl(sheet)}/${qty.id}`)
      .set(owner.auth)
      .expect(409);
    expect(deleting.body.message).toContain('"Total"');
    expect(deleting.body.details).toEqual([expect.objectContaining({ columnId: total.id, name: 'Total' })]);
    await http()
      .patch(`${columnsUrl(sheet)}/${qty.id}`)
      .set(owner.auth)
      .send({ type: 'text' })
      .expect(409);

    // Changing the formula (by the new names) frees the column.
    const changed = (
      await http()
        .patch(`${columnsUrl(sheet)}/${total.id}`)
        .set(owner.auth)
        .send({ formula: '{Deal value} & " units"' })
        .expect(200)
    ).body as Column;
    expect(changed).toMatchObject({ formula: '{Deal value} & " units"', resultType: 'text' });
    await http()
      .delete(`${columnsUrl(sheet)}/${qty.id}`)
      .set(owner.auth)
      .expect(204);
    expect((await api.list(owner, sheet.id)).items[0].values[total.id]).toBe('100 units');
  });

  it('refuses retyping to or from formula', async () => {
    const { sheet, deal } = await dealsSheet();
    const total = await api.column(owner, sheet.id, { name: 'Total', type: 'formula', formula: '{Value} * 2' });
    await http()
      .patch(`${columnsUrl(sheet)}/${deal.id}`)
      .set(owner.auth)
      .send({ type: 'formula', formula: '1' })
      .expect(400);
    await http()
      .patch(`${columnsUrl(sheet)}/${total.id}`)
      .set(owner.auth)
      .send({ type: 'number' })
      .expect(400);
    await http()
      .patch(`${columnsUrl(sheet)}/${deal.id}`)
      .set(owner.auth)
      .send({ formula: '1' })
      .expect(400);
  });

  it('keeps permissions: a viewer cannot create a formula column', async () => {
    const { sheet } = await dealsSheet();
    await http().post(columnsUrl(sheet)).set(viewer.auth).send({ name: 'Total', type: 'formula', formula: '{Value} * 2' }).expect(403);
  });

  it('exports computed values to CSV, errors as their code', async () => {
    const { sheet } = await dealsSheet();
    await api.column(owner, sheet.id, { name: 'Ratio', type: 'formula', formula: '{Value} / {Qty}' });
    await api.column(owner, sheet.id, { name: 'Big', type: 'formula', formula: '{Value} > 40' });
    const csv = (await http().get(`/api/spreadsheets/${sheet.id}/export.csv`).set(owner.auth).expect(200)).text;
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toEqual(['Deal,Value,Qty,Ratio,Big', 'beta,100,4,25,true', 'Alpha,30,0,#DIV/0!,false', 'gamma,50,5,10,true']);
  });

  it('exports formulas that read a hidden column with their values (the file leaves the hidden column out)', async () => {
    const { sheet, qty } = await dealsSheet();
    await api.column(owner, sheet.id, { name: 'Ratio', type: 'formula', formula: '{Value} / {Qty}' });
    await http().patch(`/api/spreadsheets/${sheet.id}/columns/${qty.id}`).set(owner.auth).send({ hidden: true }).expect(200);
    const csv = (await http().get(`/api/spreadsheets/${sheet.id}/export.csv`).set(owner.auth).expect(200)).text;
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toEqual(['Deal,Value,Ratio', 'beta,100,25', 'Alpha,30,#DIV/0!', 'gamma,50,10']);
  });

  it("imports a sheet's export back (formula values in the file are ignored) and refuses a mapping into a formula column", async () => {
    const { sheet } = await dealsSheet();
    const ratio = await api.column(owner, sheet.id, { name: 'Ratio', type: 'formula', formula: '{Value} / {Qty}' });
    const csv = (await http().get(`/api/spreadsheets/${sheet.id}/export.csv`).set(owner.auth).expect(200)).text;
    const upload = (query = '') =>
      http().post(`/api/spreadsheets/${sheet.id}/import${query}`).set(owner.auth).attach('file', Buffer.from(csv), { filename: 'deals.csv', contentType: 'text/csv' });
    expect((await upload().expect(201)).body).toMatchObject({ rowsImported: 3, rejectedCount: 0, columnsCreated: [] });
    expect((await api.list(owner, sheet.id)).items.map((r) => r.values[ratio.id])).toEqual([25, { error: '#DIV/0!' }, 10, 25, { error: '#DIV/0!' }, 10]);

    const mapped = await http()
      .post(`/api/spreadsheets/${sheet.id}/import`)
      .set(owner.auth)
      .field('mapping', JSON.stringify({ columns: [{ source: 3, columnId: ratio.id }] }))
      .attach('file', Buffer.from(csv), { filename: 'deals.csv', contentType: 'text/csv' })
      .expect(400);
    expect(mapped.body.message).toContain('"Ratio", a formula column');
  });
});
