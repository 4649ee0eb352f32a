import type { Change, Row, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { createApiToken, registerAdmin, registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, eventually } from './support/sockets';

describe('links between sheets, lookups and rollups', () => {
  let server: RunningServer;
  let owner: TestAccount;
  /** Sees Deals only. */
  let dealsViewer: TestAccount;
  /** Edits Deals, only views Companies. */
  let dealsEditor: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    [owner, dealsViewer, dealsEditor] = await Promise.all([0, 1, 2].map(() => registerMember(server)));
  });
  afterAll(() => server.close());

  const http = () => request(server.url);
  const columnsUrl = (sheetId: string) => `/api/spreadsheets/${sheetId}/columns`;
  const rowUrl = (sheetId: string, rowId: string) => `/api/spreadsheets/${sheetId}/rows/${rowId}`;
  const sheet = async (as: TestAccount, id: string) => (await http().get(`/api/spreadsheets/${id}`).set(as.auth).expect(200)).body as Spreadsheet;
  const history = async (id: string) => (await http().get(`/api/spreadsheets/${id}/history`).set(owner.auth).expect(200)).body.items as Change[];
  const byId = (rows: Row[]) => new Map(rows.map((r) => [r.id, r]));
  const links = (row: Row, columnId?: string) =>
    Object.entries(row.values)
      .filter(([id, v]) => Array.isArray(v) && (!columnId || id === columnId))
      .flatMap(([, v]) => (v as { rowId?: string }[]).map((l) => l.rowId));

  /** Companies (Name, Region) and Deals (Deal, Value, Won, Open value = value unless won), Deals linked to Companies. */
  async function pipeline() {
    const companies = await api.create(owner, { name: 'Companies' });
    const name = await api.column(owner, companies.id, { name: 'Name', type: 'text' });
    const region = await api.column(owner, companies.id, { name: 'Region', type: 'select', options: [{ label: 'EMEA' }, { label: 'APAC' }] });
    const [acme, globex, initech] = await api.rows(owner, companies.id, [
      { [name.id]: 'Acme', [region.id]: region.options![0].id },
      { [name.id]: 'Globex', [region.id]: region.options![1].id },
      { [name.id]: 'Initech' },
    ]);
    const deals = await api.create(owner, { name: 'Deals' });
    await api.share(owner, deals.id, dealsViewer.user.id, 'viewer');
    await api.share(owner, deals.id, dealsEditor.user.id, 'editor');
    await api.share(owner, companies.id, dealsEditor.user.id, 'viewer');
    const deal = await api.column(owner, deals.id, { name: 'Deal', type: 'text' });
    const value = await api.column(owner, deals.id, { name: 'Value', type: 'currency' });
    const won = await api.column(owner, deals.id, { name: 'Won', type: 'checkbox' });
    const open = await api.column(owner, deals.id, { name: 'Open value', type: 'formula', formula: 'IF({Won}, 0, {Value})' });
    const company = await api.column(owner, deals.id, { name: 'Company', type: 'link', link: { sheetId: companies.id } });
    const [d1, d2, d3] = await api.rows(owner, deals.id, [
      { [deal.id]: 'Fleet', [value.id]: 100, [company.id]: [acme.id] },
      { [deal.id]: 'Renewal', [value.id]: 250, [won.id]: true, [company.id]: [acme.id, globex.id] },
      { [deal.id]: 'Pilot', [value.id]: 40 },
    ]);
    const reverse = (await sheet(owner, companies.id)).columns.find((c) => c.id === company.link!.reverseColumnId)!;
    return { companies, name, region, acme, globex, initech, deals, deal, value, won, open, company, reverse, d1, d2, d3 };
  }

  it('creates the reverse link in the other sheet, and keeps both sides of every link in step, in both histories', async () => {
    const p = await pipeline();
    expect(p.company).toMatchObject({ type: 'link', link: { sheetId: p.companies.id, reverseColumnId: expect.any(String) } });
    expect(p.reverse).toMatchObject({ name: 'Deals', type: 'link', link: { sheetId: p.deals.id, reverseColumnId: p.company.id } });

    // Deals read their companies by name; companies list their deals.
    const deals = byId((await api.list(owner, p.deals.id)).items);
    expect(deals.get(p.d2.id)!.values[p.company.id]).toEqual([
      { rowId: p.acme.id, label: 'Acme' },
      { rowId: p.globex.id, label: 'Globex' },
    ]);
    expect(deals.get(p.d3.id)!.values[p.company.id]).toBeUndefined();
    const companies = byId((await api.list(owner, p.companies.id)).items);
    expect(companies.get(p.acme.id)!.values[p.reverse.id]).toEqual([
      { rowId: p.d1.id, label: 'Fleet' },
      { rowId: p.d2.id, label: 'Renewal' },
    ]);
    expect(companies.get(p.initech.id)!.values[p.reverse.id]).toBeUndefined();

    // Relinking a deal answers it as read, and moves it on the other side, recorded there as that sheet's change.
    const before = (await sheet(owner, p.companies.id)).version;
    const moved = (
      await http()
        .patch(rowUrl(p.deals.id, p.d1.id))
        .set(owner.auth)
        .send({ values: { [p.company.id]: [p.initech.id] } })
        .expect(200)
    ).body as Row;
    expect(moved.values[p.company.id]).toEqual([{ rowId: p.initech.id, label: 'Initech' }]);
    expect((await sheet(owner, p.companies.id)).version).toBe(before + 1);
    const after = byId((await api.list(owner, p.companies.id)).items);
    expect(after.get(p.acme.id)!.values[p.reverse.id]).toEqual([{ rowId: p.d2.id, label: 'Renewal' }]);
    expect(after.get(p.initech.id)!.values[p.reverse.id]).toEqual([{ rowId: p.d1.id, label: 'Fleet' }]);
    const companyHistory = (await history(p.companies.id)).filter((c) => c.columnId === p.reverse.id && c.kind === 'cell');
    expect(companyHistory).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rowId: p.acme.id, oldValue: [p.d1.id, p.d2.id], newValue: [p.d2.id] }),
        expect.objectContaining({ rowId: p.initech.id, oldValue: null, newValue: [p.d1.id] }),
      ]),
    );
    expect((await history(p.deals.id)).find((c) => c.rowId === p.d1.id && c.columnId === p.company.id && c.kind === 'cell')).toMatchObject({
      oldValue: [p.acme.id],
      newValue: [p.initech.id],
    });

    // The other direction works the same way: a company relinks its deals.
    await http()
      .patch(rowUrl(p.companies.id, p.globex.id))
      .set(owner.auth)
      .send({ values: { [p.reverse.id]: [p.d3.id] } })
      .expect(200);
    const relinked = byId((await api.list(owner, p.deals.id)).items);
    expect(relinked.get(p.d2.id)!.values[p.company.id]).toEqual([{ rowId: p.acme.id, label: 'Acme' }]);
    expect(relinked.get(p.d3.id)!.values[p.company.id]).toEqual([{ rowId: p.globex.id, label: 'Globex' }]);

    // Deleting a row removes its links from the other side.
    await http().delete(rowUrl(p.deals.id, p.d2.id)).set(owner.auth).expect(204);
    expect(byId((await api.list(owner, p.companies.id)).items).get(p.acme.id)!.values[p.reverse.id]).toBeUndefined();
  });

  it('refuses links to rows that are not in the linked sheet, changing nothing', async () => {
    const p = await pipeline();
    const other = await api.create(owner, { name: 'Elsewhere' });
    const [stranger] = await api.rows(owner, other.id, [{}]);
    const versions = await Promise.all([p.deals.id, p.companies.id].map(async (id) => (await sheet(owner, id)).version));
    for (const value of [[stranger.id], ['00000000-0000-4000-8000-000000000000'], ['not-a-row'], [p.acme.id, 5], { id: p.acme.id }]) {
      const refused = await http()
        .patch(rowUrl(p.deals.id, p.d3.id))
        .set(owner.auth)
        .send({ values: { [p.company.id]: value } })
        .expect(400);
      expect(refused.body.details[0]).toMatchObject({ field: `values.${p.company.id}` });
    }
    expect(await Promise.all([p.deals.id, p.companies.id].map(async (id) => (await sheet(owner, id)).version))).toEqual(versions);
    expect(byId((await api.list(owner, p.deals.id)).items).get(p.d3.id)!.values[p.company.id]).toBeUndefined();
    // Writing a lookup or rollup cell is refused like a formula cell.
    const total = await api.column(owner, p.companies.id, { name: 'Total', type: 'rollup', rollup: { linkColumnId: p.reverse.id, columnId: p.value.id, fn: 'sum' } });
    await http()
      .patch(rowUrl(p.companies.id, p.acme.id))
      .set(owner.auth)
      .send({ values: { [total.id]: 5 } })
      .expect(400);
  });

  it('computes lookups and rollups in SQL, sortable and filterable, through a formula too', async () => {
    const p = await pipeline();
    const rollup = (name: string, columnId: string, fn: string) =>
      api.column(owner, p.companies.id, { name, type: 'rollup', rollup: { linkColumnId: p.reverse.id, columnId, fn } });
    const sum = await rollup('Pipeline', p.value.id, 'sum');
    const open = await rollup('Open pipeline', p.open.id, 'sum');
    const count = await rollup('Deals count', p.deal.id, 'count');
    const names = await rollup('Deal names', p.deal.id, 'arrayjoin');
    const anyWon = await rollup('Any won', p.won.id, 'or');
    const biggest = await rollup('Biggest', p.value.id, 'max');
    const average = await rollup('Average', p.value.id, 'avg');
    const lookup = await api.column(owner, p.companies.id, { name: 'Deal values', type: 'lookup', lookup: { linkColumnId: p.reverse.id, columnId: p.value.id } });
    expect(sum).toMatchObject({ type: 'rollup', resultType: 'currency', rollup: { linkColumnId: p.reverse.id, columnId: p.value.id, fn: 'sum' } });
    expect([count.resultType, names.resultType, anyWon.resultType, open.resultType]).toEqual(['number', 'text', 'checkbox', 'currency']);

    const companies = byId((await api.list(owner, p.companies.id)).items);
    expect(companies.get(p.acme.id)!.values).toMatchObject({
      [sum.id]: 350,
      [open.id]: 100,
      [count.id]: 2,
      [names.id]: 'Fleet, Renewal',
      [anyWon.id]: true,
      [biggest.id]: 250,
      [average.id]: 175,
      [lookup.id]: [100, 250],
    });
    expect(companies.get(p.globex.id)!.values).toMatchObject({ [sum.id]: 250, [open.id]: 0, [count.id]: 1, [lookup.id]: [250] });
    // No links: sums and counts are 0, the rest blank.
    const initech = companies.get(p.initech.id)!.values;
    expect(initech).toMatchObject({ [sum.id]: 0, [count.id]: 0 });
    expect([initech[names.id], initech[biggest.id], initech[lookup.id], initech[anyWon.id]]).toEqual([undefined, undefined, undefined, undefined]);

    const sorted = await api.list(owner, p.companies.id, { sort: `${open.id}:desc` });
    expect(sorted.items.map((r) => r.id)).toEqual([p.acme.id, p.globex.id, p.initech.id]);
    const filtered = await api.list(owner, p.companies.id, { filter: `${sum.id}:gt:200` });
    expect(filtered.items.map((r) => r.id).sort()).toEqual([p.acme.id, p.globex.id].sort());
    const byLabel = await api.list(owner, p.companies.id, { filter: `${p.reverse.id}:contains:renew` });
    expect(byLabel.items.map((r) => r.id).sort()).toEqual([p.acme.id, p.globex.id].sort());
    const empty = await api.list(owner, p.companies.id, { filter: `${lookup.id}:isEmpty` });
    expect(empty.items.map((r) => r.id)).toEqual([p.initech.id]);

    // A value edited in Deals is what Companies read next.
    await http()
      .patch(rowUrl(p.deals.id, p.d1.id))
      .set(owner.auth)
      .send({ values: { [p.value.id]: 1000 } })
      .expect(200);
    expect(byId((await api.list(owner, p.companies.id)).items).get(p.acme.id)!.values).toMatchObject({ [sum.id]: 1250, [open.id]: 1000, [biggest.id]: 1000 });

    // Settings are checked: the wrong type for the function, a column of another sheet, a link of another sheet.
    const refuse = async (body: Record<string, unknown>, field: string) =>
      expect((await http().post(columnsUrl(p.companies.id)).set(owner.auth).send(body).expect(400)).body.details[0]).toMatchObject({ field });
    await refuse({ name: 'X', type: 'rollup', rollup: { linkColumnId: p.reverse.id, columnId: p.deal.id, fn: 'sum' } }, 'rollup.fn');
    await refuse({ name: 'X', type: 'rollup', rollup: { linkColumnId: p.reverse.id, columnId: p.name.id, fn: 'count' } }, 'rollup.columnId');
    await refuse({ name: 'X', type: 'lookup', lookup: { linkColumnId: p.name.id, columnId: p.value.id } }, 'lookup.linkColumnId');
    await refuse({ name: 'X', type: 'rollup', rollup: { linkColumnId: p.reverse.id, columnId: p.value.id, fn: 'median' } }, 'rollup.fn');
    await refuse({ name: 'X', type: 'rollup' }, 'rollup');
    await refuse({ name: 'X', type: 'text', lookup: { linkColumnId: p.reverse.id, columnId: p.value.id } }, 'lookup');
    await refuse({ name: 'X', type: 'formula', formula: '{Pipeline} * 2' }, 'formula');

    // What a lookup or rollup reads cannot be deleted or retyped, nor the link it goes through.
    const conflict = await http()
      .delete(`${columnsUrl(p.deals.id)}/${p.deal.id}`)
      .set(owner.auth)
      .expect(409);
    expect(conflict.body.details.map((d: { name: string }) => d.name).sort()).toEqual(['Deal names', 'Deals count']);
    expect(conflict.body.message).toContain('"Companies › Deals count"');
    await http()
      .patch(`${columnsUrl(p.deals.id)}/${p.deal.id}`)
      .set(owner.auth)
      .send({ type: 'longText' })
      .expect(409);
    await http()
      .delete(`${columnsUrl(p.deals.id)}/${p.won.id}`)
      .set(owner.auth)
      .expect(409);
    await http()
      .delete(`${columnsUrl(p.deals.id)}/${p.company.id}`)
      .set(owner.auth)
      .expect(409);
    await http()
      .patch(`${columnsUrl(p.deals.id)}/${p.company.id}`)
      .set(owner.auth)
      .send({ type: 'text' })
      .expect(400);
  });

  it('imports links by the linked rows’ names (an export imports back), refusing unknown names as rejected lines', async () => {
    const p = await pipeline();
    const total = await api.column(owner, p.companies.id, { name: 'Pipeline', type: 'rollup', rollup: { linkColumnId: p.reverse.id, columnId: p.value.id, fn: 'sum' } });
    const upload = (as: TestAccount, csv: string, fields: Record<string, string> = {}) => {
      const req = http().post(`/api/spreadsheets/${p.deals.id}/import`).set(as.auth);
      for (const [k, v] of Object.entries(fields)) void req.field(k, v);
      return req.attach('file', Buffer.from(csv), { filename: 'deals.csv', contentType: 'text/csv' });
    };
    const dealCount = async () => (await api.list(owner, p.deals.id)).items.length;
    const companiesVersion = (await sheet(owner, p.companies.id)).version;

    // The sheet's own export, imported back: the copies link the same companies, on both sides, and roll up.
    const csv = (await http().get(`/api/spreadsheets/${p.deals.id}/export.csv`).set(owner.auth).expect(200)).text;
    expect(csv.split('\n')[2]).toContain('"Acme, Globex"');
    expect((await upload(owner, csv).expect(201)).body).toMatchObject({ rowsImported: 3, rejectedCount: 0 });
    const deals = (await api.list(owner, p.deals.id)).items;
    const copy = deals.find((d) => d.id !== p.d2.id && d.values[p.deal.id] === 'Renewal')!;
    expect(copy.values[p.company.id]).toEqual([
      { rowId: p.acme.id, label: 'Acme' },
      { rowId: p.globex.id, label: 'Globex' },
    ]);
    const companies = byId((await api.list(owner, p.companies.id)).items);
    expect(links(companies.get(p.acme.id)!)).toContain(copy.id);
    expect(companies.get(p.acme.id)!.values[total.id]).toBe(700);
    expect(companies.get(p.globex.id)!.values[total.id]).toBe(500);
    // Recorded as one change of Companies: its reverse cells.
    expect((await sheet(owner, p.companies.id)).version).toBe(companiesVersion + 1);
    expect(
      (await history(p.companies.id)).filter((c) => c.kind === 'cell' && c.columnId === p.reverse.id && c.newValue && (c.newValue as string[]).includes(copy.id)),
    ).toHaveLength(2);

    // A mapping into the link column reads names the same way; a name with a comma is one company.
    await api.rows(owner, p.companies.id, [{ [p.name.id]: 'Initrode, Inc' }]);
    const mapped = await upload(owner, 'Title,Account\nMapped,"Initrode, Inc, Acme"\n', {
      mapping: JSON.stringify({
        columns: [
          { source: 0, columnId: p.deal.id },
          { source: 1, columnId: p.company.id },
        ],
      }),
    }).expect(201);
    expect(mapped.body).toMatchObject({ rowsImported: 1 });
    const mappedRow = (await api.list(owner, p.deals.id)).items.find((d) => d.values[p.deal.id] === 'Mapped')!;
    expect((mappedRow.values[p.company.id] as { label: string }[]).map((l) => l.label)).toEqual(['Initrode, Inc', 'Acme']);

    // Unknown names are rejected lines, listed with their line; nothing of the file is imported.
    const before = await dealCount();
    const refused = await upload(owner, 'Deal,Company\nGood,Acme\nBad,"Acme, Nowhere"\n').expect(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'line 3', column: 'Company', message: 'Company names no row of the linked sheet: "Nowhere"' })]);
    expect(await dealCount()).toBe(before);

    // Linking needs edit access to both sheets: someone who only views Companies cannot import links into it, but
    // can import the same file with the link column left empty.
    const forbidden = await upload(dealsEditor, 'Deal,Company\nTheirs,Acme\n').expect(403);
    expect(forbidden.body.message).toContain('linking needs edit access to both sheets');
    expect(await dealCount()).toBe(before);
    await upload(dealsEditor, 'Deal,Company\nTheirs,\n').expect(201);
  });

  it('deletes a link from both sheets, and a deleted sheet takes the links into it along', async () => {
    const p = await pipeline();
    await http()
      .delete(`${columnsUrl(p.companies.id)}/${p.reverse.id}`)
      .set(owner.auth)
      .expect(204);
    expect((await sheet(owner, p.deals.id)).columns.some((c) => c.id === p.company.id)).toBe(false);
    expect((await history(p.deals.id)).some((c) => c.kind === 'column:delete' && c.columnId === p.company.id)).toBe(true);

    const again = await pipeline();
    await api.column(owner, again.deals.id, { name: 'Region', type: 'lookup', lookup: { linkColumnId: again.company.id, columnId: again.region.id } });
    await http().delete(`/api/spreadsheets/${again.companies.id}`).set(owner.auth).expect(204);
    const left = (await sheet(owner, again.deals.id)).columns;
    expect(left.map((c) => c.name)).toEqual(['Deal', 'Value', 'Won', 'Open value']);
    expect((await api.list(owner, again.deals.id)).items.every((r) => !(again.company.id in r.values))).toBe(true);
  });

  it('shows someone who cannot see the other sheet how many rows are linked and nothing of them', async () => {
    const p = await pipeline();
    const region = await api.column(owner, p.deals.id, { name: 'Region', type: 'lookup', lookup: { linkColumnId: p.company.id, columnId: p.region.id } });
    const size = await api.column(owner, p.deals.id, { name: 'Company count', type: 'rollup', rollup: { linkColumnId: p.company.id, columnId: p.name.id, fn: 'counta' } });

    const asOwner = byId((await api.list(owner, p.deals.id)).items).get(p.d2.id)!.values;
    expect(asOwner).toMatchObject({ [region.id]: ['EMEA', 'APAC'], [size.id]: 2 });
    const asViewer = await api.list(dealsViewer, p.deals.id, { sort: `${region.id}:asc` });
    const d2 = byId(asViewer.items).get(p.d2.id)!.values;
    expect(d2[p.company.id]).toEqual({ hidden: true, count: 2 });
    expect([d2[region.id], d2[size.id]]).toEqual([undefined, undefined]);
    // Sorting or filtering by what the viewer cannot see tells them nothing either: no row matches a label.
    expect((await api.list(dealsViewer, p.deals.id, { filter: `${p.company.id}:contains:acme` })).items).toEqual([]);
    expect(JSON.stringify(asViewer)).not.toMatch(/Acme|Globex|EMEA|APAC/);
    const one = (await http().get(rowUrl(p.deals.id, p.d1.id)).set(dealsViewer.auth).expect(200)).body as Row;
    expect(one.values[p.company.id]).toEqual({ hidden: true, count: 1 });
    const csv = (await http().get(`/api/spreadsheets/${p.deals.id}/export.csv`).set(dealsViewer.auth).expect(200)).text;
    expect(csv).not.toMatch(/Acme|Globex|EMEA/);
    expect((await http().get(`/api/spreadsheets/${p.deals.id}/export.csv`).set(owner.auth).expect(200)).text).toContain('"Acme, Globex"');

    // The editor of Deals who only views Companies reads the links, but cannot change them; nor can they link anew.
    expect(byId((await api.list(dealsEditor, p.deals.id)).items).get(p.d1.id)!.values[p.company.id]).toEqual([{ rowId: p.acme.id, label: 'Acme' }]);
    await http()
      .patch(rowUrl(p.deals.id, p.d3.id))
      .set(dealsEditor.auth)
      .send({ values: { [p.company.id]: [p.acme.id] } })
      .expect(403);
    await http()
      .post(columnsUrl(p.deals.id))
      .set(dealsEditor.auth)
      .send({ name: 'Again', type: 'link', link: { sheetId: p.companies.id } })
      .expect(403);
    const hidden = await api.create(owner, { name: 'Private' });
    await http()
      .post(columnsUrl(p.deals.id))
      .set(dealsEditor.auth)
      .send({ name: 'Secret', type: 'link', link: { sheetId: hidden.id } })
      .expect(400);
    // Other cells of a linked row stay theirs to edit.
    await http()
      .patch(rowUrl(p.deals.id, p.d1.id))
      .set(dealsEditor.auth)
      .send({ values: { [p.value.id]: 7 } })
      .expect(200);
  });

  it('follows the access matrix of both sheets: what each caller reads of links, and who may change them', async () => {
    const p = await pipeline();
    const region = await api.column(owner, p.deals.id, { name: 'Region', type: 'lookup', lookup: { linkColumnId: p.company.id, columnId: p.region.id } });
    const total = await api.column(owner, p.companies.id, { name: 'Pipeline', type: 'rollup', rollup: { linkColumnId: p.reverse.id, columnId: p.value.id, fn: 'sum' } });
    type Role = 'none' | 'viewer' | 'editor';
    const callers: { name: string; deals: Role; companies: Role; auth: Record<string, string> }[] = [];
    for (const deals of ['viewer', 'editor'] as const) {
      for (const companies of ['none', 'viewer', 'editor'] as const) {
        const member = await registerMember(server);
        await api.share(owner, p.deals.id, member.user.id, deals);
        if (companies !== 'none') await api.share(owner, p.companies.id, member.user.id, companies);
        callers.push({ name: `${deals} of Deals, ${companies} of Companies`, deals, companies, auth: member.auth });
      }
    }
    const outsider = await registerMember(server);
    const admin = await registerAdmin(server);
    const reader = await createApiToken(server, owner, 'read');
    callers.push({ name: 'outsider', deals: 'none', companies: 'none', auth: outsider.auth });
    callers.push({ name: 'admin', deals: 'editor', companies: 'editor', auth: admin.auth });
    callers.push({ name: 'owner’s read token', deals: 'viewer', companies: 'viewer', auth: reader.auth });

    for (const caller of callers) {
      const seen = { caller: caller.name };
      const row = await http().get(rowUrl(p.deals.id, p.d2.id)).set(caller.auth);
      const csv = await http().get(`/api/spreadsheets/${p.deals.id}/export.csv`).set(caller.auth);
      const company = await http().get(rowUrl(p.companies.id, p.acme.id)).set(caller.auth);
      const relink = await http()
        .patch(rowUrl(p.deals.id, p.d3.id))
        .set(caller.auth)
        .send({ values: { [p.company.id]: [p.acme.id] } });
      const sees = caller.companies !== 'none';
      const expected =
        caller.deals === 'none'
          ? { ...seen, row: 404, csv: 404, company: 404, relink: 404 }
          : {
              ...seen,
              row: 200,
              link: sees ? ['Acme', 'Globex'] : { hidden: true, count: 2 },
              region: sees ? ['EMEA', 'APAC'] : null,
              csv: 200,
              csvNames: sees,
              company: sees ? 200 : 404,
              rollup: sees ? 350 : undefined,
              // Linking needs edit access to both sheets; a sheet the caller cannot see is refused like a missing row.
              relink: caller.deals !== 'editor' ? 403 : caller.companies === 'editor' ? 200 : caller.companies === 'viewer' ? 403 : 400,
            };
      const actual =
        caller.deals === 'none'
          ? { ...seen, row: row.status, csv: csv.status, company: company.status, relink: relink.status }
          : {
              ...seen,
              row: row.status,
              link: Array.isArray(row.body.values[p.company.id]) ? (row.body.values[p.company.id] as { label: string }[]).map((l) => l.label) : row.body.values[p.company.id],
              region: row.body.values[region.id] ?? null,
              csv: csv.status,
              csvNames: /Acme/.test(csv.text),
              company: company.status,
              rollup: company.status === 200 ? (company.body as Row).values[total.id] : undefined,
              relink: relink.status,
            };
      expect(actual).toEqual(expected);
      if (relink.status === 200) {
        await http()
          .patch(rowUrl(p.deals.id, p.d3.id))
          .set(owner.auth)
          .send({ values: { [p.company.id]: [] } })
          .expect(200);
      }
    }
  });

  it('sends new lookup and rollup values live to whoever has the sheet open, as each may see them', async () => {
    const p = await pipeline();
    const total = await api.column(owner, p.companies.id, { name: 'Pipeline', type: 'rollup', rollup: { linkColumnId: p.reverse.id, columnId: p.value.id, fn: 'sum' } });
    const region = await api.column(owner, p.deals.id, { name: 'Region', type: 'lookup', lookup: { linkColumnId: p.company.id, columnId: p.region.id } });
    const [ownerSocket, viewerSocket] = await Promise.all([connectSocket(server.url, owner.accessToken), connectSocket(server.url, dealsViewer.accessToken)]);
    try {
      await ownerSocket.join(p.companies.id);
      await ownerSocket.join(p.deals.id);
      await viewerSocket.join(p.deals.id);
      // A deal's value changes: the company's rollup is sent to whoever has Companies open.
      expect(await ownerSocket.call('cell:update', { spreadsheetId: p.deals.id, rowId: p.d1.id, columnId: p.value.id, value: 1100 })).toMatchObject({ ok: true });
      await eventually(() => ownerSocket.linked.some((e) => e.spreadsheetId === p.companies.id), 5000, 'the new rollup');
      const sent = ownerSocket.linked.find((e) => e.spreadsheetId === p.companies.id)!;
      expect(sent.rows).toEqual([{ rowId: p.acme.id, values: expect.objectContaining({ [total.id]: 1350 }) }]);

      // A company's region changes: the deals' lookups follow, for those who can see Companies; the viewer who
      // cannot gets nothing of it.
      await http()
        .patch(rowUrl(p.companies.id, p.globex.id))
        .set(owner.auth)
        .send({ values: { [p.region.id]: p.region.options![0].id } })
        .expect(200);
      await eventually(() => ownerSocket.linked.some((e) => e.spreadsheetId === p.deals.id), 5000, 'the new lookups');
      expect(ownerSocket.linked.find((e) => e.spreadsheetId === p.deals.id)!.rows).toEqual([
        { rowId: p.d2.id, values: expect.objectContaining({ [region.id]: ['EMEA', 'EMEA'] }) },
      ]);
      await eventually(() => viewerSocket.linked.some((e) => e.spreadsheetId === p.deals.id), 5000, 'the viewer’s event');
      expect(JSON.stringify(viewerSocket.linked)).not.toMatch(/EMEA|APAC|Acme|Globex/);
      // Only what moved is sent: the lookup, not the link cell (its rows and labels did not change).
      expect(viewerSocket.linked.find((e) => e.spreadsheetId === p.deals.id)!.rows[0].values).toEqual({ [region.id]: null });

      // A company renamed: the link cells that show it follow, live (and nothing else of those rows is sent).
      ownerSocket.linked.length = 0;
      await http()
        .patch(rowUrl(p.companies.id, p.globex.id))
        .set(owner.auth)
        .send({ values: { [p.name.id]: 'Globex Corp' } })
        .expect(200);
      await eventually(() => ownerSocket.linked.some((e) => e.spreadsheetId === p.deals.id), 5000, 'the new label');
      expect(ownerSocket.linked.find((e) => e.spreadsheetId === p.deals.id)!.rows).toEqual([
        {
          rowId: p.d2.id,
          values: {
            [p.company.id]: [
              { rowId: p.acme.id, label: 'Acme' },
              { rowId: p.globex.id, label: 'Globex Corp' },
            ],
          },
        },
      ]);

      // Relinking a deal: the deal's own lookups change, and both companies' rollups.
      ownerSocket.linked.length = 0;
      expect(await ownerSocket.call('cell:update', { spreadsheetId: p.deals.id, rowId: p.d1.id, columnId: p.company.id, value: [p.globex.id] })).toMatchObject({ ok: true });
      await eventually(() => ownerSocket.linked.some((e) => e.spreadsheetId === p.companies.id && e.rows.some((r) => r.rowId === p.globex.id)), 5000, 'the relinked rollups');
      const companies = ownerSocket.linked.filter((e) => e.spreadsheetId === p.companies.id).flatMap((e) => e.rows);
      expect(companies.find((r) => r.rowId === p.globex.id)!.values[total.id]).toBe(1350);
      await eventually(
        () => companies.concat(ownerSocket.linked.filter((e) => e.spreadsheetId === p.companies.id).flatMap((e) => e.rows)).some((r) => r.rowId === p.acme.id),
        5000,
        'the old company',
      );
      const deals = ownerSocket.linked.filter((e) => e.spreadsheetId === p.deals.id).flatMap((e) => e.rows);
      expect(deals.find((r) => r.rowId === p.d1.id)!.values[region.id]).toEqual(['EMEA']);
    } finally {
      ownerSocket.close();
      viewerSocket.close();
    }
  });

  it('tells the other sheet’s listeners over the socket when a link changes it', async () => {
    const p = await pipeline();
    const socket = await connectSocket(server.url, owner.accessToken);
    try {
      await socket.join(p.companies.id);
      expect(await socket.call('cell:update', { spreadsheetId: p.deals.id, rowId: p.d3.id, columnId: p.company.id, value: [p.initech.id] })).toMatchObject({ ok: true });
      await eventually(() => socket.changes.some((c) => c.spreadsheetId === p.companies.id && c.rowId === p.initech.id), 5000, 'the reverse change');
      expect(socket.changes.find((c) => c.spreadsheetId === p.companies.id && c.rowId === p.initech.id)).toMatchObject({ kind: 'cell', columnId: p.reverse.id, value: [p.d3.id] });
    } finally {
      socket.close();
    }
  });
});
