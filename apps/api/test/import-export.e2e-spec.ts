import { randomUUID } from 'node:crypto';
import type { Column, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerAdmin, registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

describe('CSV import and export', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let viewer: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    // A small upload limit, so the oversized-upload test needs only 100 KB.
    server = await bootApp({ IMPORT_MAX_BYTES: String(64 * 1024) });
    api = sheetsApi(server);
    [owner, viewer] = await Promise.all([registerMember(server), registerMember(server)]);
  });
  afterAll(() => server.close());

  async function dealsSheet(): Promise<{ sheet: Spreadsheet; cols: Record<string, Column> }> {
    const sheet = await api.create(owner, { name: 'Deals =1' });
    await api.share(owner, sheet.id, viewer.user.id, 'viewer');
    const cols: Record<string, Column> = {};
    cols.Deal = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    cols.Value = await api.column(owner, sheet.id, { name: 'Value', type: 'currency' });
    cols.Stage = await api.column(owner, sheet.id, {
      name: 'Stage',
      type: 'select',
      options: [
        { id: 'lead', label: 'Lead' },
        { id: 'won', label: 'Won' },
      ],
    });
    cols.Owner = await api.column(owner, sheet.id, { name: 'Owner', type: 'user' });
    return { sheet, cols };
  }

  const upload = (sheetId: string, csv: string, as = owner, query = '') =>
    request(server.url).post(`/api/spreadsheets/${sheetId}/import${query}`).set(as.auth).attach('file', Buffer.from(csv), { filename: 'deals.csv', contentType: 'text/csv' });

  it('names people in cells by email, by a name no other member has, or by id; refuses shared names and strangers', async () => {
    const { sheet, cols } = await dealsSheet();
    const sam = await registerMember(server);
    await request(server.url).patch('/api/users/me').set(sam.auth).send({ displayName: 'Sam Rep' }).expect(200);
    await api.share(owner, sheet.id, sam.user.id, 'editor');
    const [row] = await api.rows(owner, sheet.id, [{ [cols.Deal.id]: 'People' }]);
    const set = (value: unknown) =>
      request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(owner.auth)
        .send({ values: { [cols.Owner.id]: value } });
    for (const ref of ['Sam Rep', 'sam rep', sam.user.email.toUpperCase(), sam.user.id]) {
      expect((await set(ref).expect(200)).body.values[cols.Owner.id]).toBe(sam.user.id);
    }
    // Owner and viewer are both "Test User".
    expect((await set('Test User').expect(400)).body.details[0].message).toBe('Owner "Test User" is the name of 2 members; use their email instead');
    expect((await set('someone@else.example').expect(400)).body.details[0].message).toContain('is not a member of this spreadsheet');
    expect((await set(viewer.user.email).expect(200)).body.values[cols.Owner.id]).toBe(viewer.user.id);
    // The same in a pasted block and a CSV import.
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows`)
      .set(owner.auth)
      .send({ updates: [{ rowId: row.id, values: { [cols.Owner.id]: 'SAM REP' } }] })
      .expect(200);
    const imported = await upload(sheet.id, `Deal,Owner\nBy name,Sam Rep\nBy email,${owner.user.email}\n`).expect(201);
    expect(imported.body.rowsImported).toBe(2);
    const rows = (await api.list(owner, sheet.id)).items.map((r) => [r.values[cols.Deal.id], r.values[cols.Owner.id]]);
    expect(rows).toEqual([
      ['People', sam.user.id],
      ['By name', sam.user.id],
      ['By email', owner.user.id],
    ]);
  });

  it('exporting the sales-pipeline template and importing the file into a fresh copy reproduces it cell for cell', async () => {
    const source = await api.create(owner, { name: 'Pipeline', template: 'sales-pipeline' });
    const byName = (sheet: Spreadsheet) => Object.fromEntries(sheet.columns.map((c) => [c.id, c.name]));
    // Imports do not fill link columns yet (the file's Account names are skipped, see docs/links.md), so the copy's
    // rows have no Account; every other cell, computed ones included, must match.
    const links = (sheet: Spreadsheet) => new Set(sheet.columns.filter((c) => c.type === 'link').map((c) => c.id));
    const snapshot = async (sheet: Spreadsheet) => {
      const names = byName(sheet);
      const skip = links(sheet);
      return (await api.list(owner, sheet.id, { limit: 100 })).items.map((r) =>
        Object.fromEntries(Object.entries(r.values).flatMap(([id, v]) => (skip.has(id) ? [] : [[names[id], v]]))),
      );
    };
    const csv = (await request(server.url).get(`/api/spreadsheets/${source.id}/export.csv`).set(owner.auth).expect(200)).text;
    const copy = await api.create(owner, { name: 'Copy', template: 'sales-pipeline' });
    for (const row of (await api.list(owner, copy.id, { limit: 100 })).items)
      await request(server.url).delete(`/api/spreadsheets/${copy.id}/rows/${row.id}`).set(owner.auth).expect(204);
    const res = await upload(copy.id, csv).expect(201);
    expect(res.body).toMatchObject({ rowsImported: 24, columnsCreated: [], rejectedCount: 0 });
    expect(await snapshot(copy)).toEqual(await snapshot(source));
    // The Account link is written as the linked company's name.
    expect(csv.split(/\r?\n/)[1]).toMatch(/,Northwind Logistics$/);
  });

  it('imports with a mapping: new typed columns (select with options), an existing column, a skipped one; a dry run changes nothing', async () => {
    const sheet = await api.create(owner, { name: 'Mapped' });
    const notes = await api.column(owner, sheet.id, { name: 'Remarks', type: 'text' });
    const csv = ['Deal,Amount,Stage,Close,Hot,Comment,Junk', 'Acme,"$1,200",Won,2026-03-01,yes,first,x', 'Globex,350,Lead,2026-04-15,no,,y', 'Bad,ten,Lost,2026-05-01,no,,z'].join(
      '\n',
    );
    const mapping = {
      columns: [
        { source: 0, create: { name: 'Deal', type: 'text' } },
        { source: 1, create: { name: 'Amount', type: 'currency' } },
        { source: 2, create: { name: 'Stage', type: 'select', options: [{ label: 'Lead' }, { label: 'Won' }, { label: 'Lost' }] } },
        { source: 3, create: { name: 'Close', type: 'date' } },
        { source: 4, create: { name: 'Hot', type: 'checkbox' } },
        { source: 5, columnId: notes.id },
        { source: 6, skip: true },
      ],
    };
    const send = (body: string, query = '') =>
      request(server.url)
        .post(`/api/spreadsheets/${sheet.id}/import${query}`)
        .set(owner.auth)
        .field('mapping', JSON.stringify(mapping))
        .attach('file', Buffer.from(body), { filename: 'deals.csv', contentType: 'text/csv' });

    // A dry run says what would happen, including the rejected line, and leaves the sheet as it was.
    const dry = await send(csv, '?dryRun=true').expect(201);
    expect(dry.body).toMatchObject({ dryRun: true, status: 'done', rowsRead: 3, rejectedCount: 1, columnsCreated: ['Deal', 'Amount', 'Stage', 'Close', 'Hot'] });
    expect(dry.body.rejected).toEqual([{ line: 4, column: 'Amount', message: 'Amount must be a number' }]);
    const untouched = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(200)).body as Spreadsheet;
    expect(untouched.columns.map((c) => c.name)).toEqual(['Remarks']);
    expect(untouched.version).toBe(sheet.version + 1);

    // The real import, without the bad line.
    const res = await send(csv.split('\n').slice(0, 3).join('\n')).expect(201);
    expect(res.body).toMatchObject({ rowsImported: 2, columnsCreated: ['Deal', 'Amount', 'Stage', 'Close', 'Hot'] });
    const after = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(200)).body as Spreadsheet;
    const col = Object.fromEntries(after.columns.map((c) => [c.name, c]));
    expect(after.columns.map((c) => [c.name, c.type])).toEqual([
      ['Remarks', 'text'],
      ['Deal', 'text'],
      ['Amount', 'currency'],
      ['Stage', 'select'],
      ['Close', 'date'],
      ['Hot', 'checkbox'],
    ]);
    const rows = (await api.list(owner, sheet.id)).items;
    expect(
      rows.map((r) => [r.values[col.Deal.id], r.values[col.Amount.id], r.values[col.Stage.id], r.values[col.Close.id], r.values[col.Hot.id], r.values[notes.id] ?? null]),
    ).toEqual([
      ['Acme', 1200, col.Stage.options!.find((o) => o.label === 'Won')!.id, '2026-03-01', true, 'first'],
      ['Globex', 350, col.Stage.options!.find((o) => o.label === 'Lead')!.id, '2026-04-15', false, null],
    ]);

    // Mappings that cannot be followed are 400s.
    const bad = (m: unknown) =>
      request(server.url)
        .post(`/api/spreadsheets/${sheet.id}/import`)
        .set(owner.auth)
        .field('mapping', typeof m === 'string' ? m : JSON.stringify(m))
        .attach('file', Buffer.from(csv), { filename: 'd.csv', contentType: 'text/csv' })
        .expect(400);
    expect((await bad('{not json')).body.message).toBe('The mapping is not valid JSON');
    expect(
      (
        await bad({
          columns: [
            { source: 0, columnId: notes.id },
            { source: 1, columnId: notes.id },
          ],
        })
      ).body.message,
    ).toBe('Two CSV columns go into the same column');
    expect((await bad({ columns: [{ source: 9, skip: true }] })).body.message).toContain('the file has 7');
    expect((await bad({ columns: [{ source: 0, skip: true, columnId: notes.id }] })).body.message).toContain('one of them');
    expect((await bad({ columns: [{ source: 0, create: { name: 'X', type: 'nonsense' } }] })).body.message).toMatch(/^Invalid mapping: /);
    expect((await bad({ columns: [{ source: 0, columnId: randomUUID() }] })).body.message).toContain('not in this spreadsheet');
  });

  it('gives back the same values when its export is imported into the same sheet: formula-like text, quotes, unicode, newlines, negatives', async () => {
    const { sheet, cols } = await dealsSheet();
    const texts = ['=SUM(A1:A2)', "'=quoted by its author", "''@twice", '-5', '+1 555 0100', '@home', 'Zoë “curly” "straight", commas', 'line one\nline two', "it's fine"];
    await api.rows(
      owner,
      sheet.id,
      texts.map((text, i) => ({ [cols.Deal.id]: text, [cols.Value.id]: i % 2 ? -1234.5 * i : i, [cols.Stage.id]: i % 2 ? 'won' : 'lead' })),
    );
    const before = (await api.list(owner, sheet.id, { limit: 100 })).items.map((r) => r.values);
    const csv = (await request(server.url).get(`/api/spreadsheets/${sheet.id}/export.csv`).set(owner.auth).expect(200)).text;
    expect(csv).toContain(`\n'=SUM(A1:A2),`);
    await upload(sheet.id, csv).expect(201);
    const after = (await api.list(owner, sheet.id, { limit: 100 })).items.map((r) => r.values);
    // The imported copies follow the originals, value for value.
    expect(after.slice(texts.length)).toEqual(before);
  });

  it('exports the view as CSV with labels and names, formula-like text neutralised', async () => {
    const { sheet, cols } = await dealsSheet();
    await api.rows(owner, sheet.id, [
      { [cols.Deal.id]: '=HYPERLINK("http://evil.example")', [cols.Value.id]: -5, [cols.Stage.id]: 'won', [cols.Owner.id]: owner.user.id },
      { [cols.Deal.id]: 'Plain, with comma', [cols.Value.id]: 1200.5, [cols.Stage.id]: 'lead' },
    ]);
    const res = await request(server.url)
      .get(`/api/spreadsheets/${sheet.id}/export.csv`)
      .set(viewer.auth)
      .query({ sort: `${cols.Value.id}:desc` })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="Deals _1.csv"');
    expect(
      res.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toEqual([
      'Deal,Value,Stage,Owner',
      '"Plain, with comma",1200.5,Lead,',
      // Both members are called "Test User": a name two members share is written as the email, so it imports back.
      `"'=HYPERLINK(""http://evil.example"")",-5,Won,${owner.user.email}`,
    ]);
  });

  it('imports every row in one change, mapping the header by name and adding unknown columns as text', async () => {
    const { sheet, cols } = await dealsSheet();
    const before = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body.version;
    const csv = `deal,VALUE,Stage,Region\nAcme,"$1,000",Won,EMEA\nGlobex,250,lead,\n`;
    const res = await upload(sheet.id, csv).expect(201);
    expect(res.body).toMatchObject({ status: 'done', rowsRead: 2, rowsImported: 2, columnsCreated: ['Region'], rejectedCount: 0 });

    const after = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body as Spreadsheet;
    expect(after.version).toBe(before + 1);
    expect(after.rowCount).toBe(2);
    const region = after.columns.find((c) => c.name === 'Region')!;
    expect(region.type).toBe('text');
    const rows = await api.list(owner, sheet.id);
    expect(rows.items.map((r) => r.values)).toEqual([
      { [cols.Deal.id]: 'Acme', [cols.Value.id]: 1000, [cols.Stage.id]: 'won', [region.id]: 'EMEA' },
      { [cols.Deal.id]: 'Globex', [cols.Value.id]: 250, [cols.Stage.id]: 'lead' },
    ]);
    const history = await request(server.url).get(`/api/spreadsheets/${sheet.id}/history`).set(owner.auth).expect(200);
    expect(history.body.items[0]).toMatchObject({ kind: 'import', version: before + 1, newValue: { rows: 2, columnsCreated: ['Region'] } });
  });

  it('appends after the rows already there and keeps awkward text byte for byte', async () => {
    const { sheet, cols } = await dealsSheet();
    await api.rows(owner, sheet.id, [{ [cols.Deal.id]: 'Existing' }]);
    const awkward = ['back\\slash \\N \\t', 'tab\there', 'line\nbreak', 'quote "q" and \'single\'', 'unicode ✓ €'];
    const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
    const csv = `Deal,Notes\n${awkward.map((text, i) => `Row ${i},${quoted(text)}`).join('\n')}\n`;
    await upload(sheet.id, csv).expect(201);
    const notes = ((await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body as Spreadsheet).columns.find((c) => c.name === 'Notes')!;
    const rows = await api.list(owner, sheet.id);
    expect(rows.items.map((r) => r.values[cols.Deal.id])).toEqual(['Existing', 'Row 0', 'Row 1', 'Row 2', 'Row 3', 'Row 4']);
    expect(rows.items.slice(1).map((r) => r.values[notes.id])).toEqual(awkward);
  });

  it('imports nothing when a line is bad, and lists the rejected lines', async () => {
    const { sheet } = await dealsSheet();
    const csv = ['Deal,Value,Stage,Owner,Notes', 'Fine,10,Lead,,', 'Bad value,ten,Lead,,', 'Bad stage,5,Closed,,', `Stranger,5,Won,${randomUUID()},`].join('\n');
    const res = await upload(sheet.id, csv).expect(400);
    expect(res.body.message).toBe('3 line(s) were rejected; nothing was imported');
    expect(res.body.details.map((d: { line: number; message: string }) => [d.line, d.message])).toEqual([
      [3, 'Value must be a number'],
      [4, 'Stage is not an option of this column: "Closed"'],
      [5, expect.stringMatching(/^Owner "[0-9a-f-]{36}" is not a member of this spreadsheet/)],
    ]);
    const after = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body as Spreadsheet;
    expect(after.rowCount).toBe(0);
    expect(after.columns.map((c) => c.name)).not.toContain('Notes');
    expect((await api.list(owner, sheet.id)).total).toBe(0);
  });

  it('reports progress under the client-chosen import id', async () => {
    const { sheet } = await dealsSheet();
    const importId = randomUUID();
    const lines = ['Deal,Value', ...Array.from({ length: 2500 }, (_, i) => `Deal ${i},${i}`)].join('\n');
    await upload(sheet.id, lines, owner, `?importId=${importId}`).expect(201);
    const progress = await request(server.url).get(`/api/spreadsheets/${sheet.id}/imports/${importId}`).set(viewer.auth).expect(200);
    expect(progress.body).toMatchObject({ importId, status: 'done', rowsRead: 2500, rowsImported: 2500 });
    expect(progress.body.bytesRead).toBe(Buffer.byteLength(lines));
    await request(server.url).get(`/api/spreadsheets/${sheet.id}/imports/${randomUUID()}`).set(owner.auth).expect(404);
  });

  it('counts imports and rows on /metrics', async () => {
    const admin = await registerAdmin(server);
    const metrics = await request(server.url).get('/metrics').set(admin.auth).expect(200);
    expect(metrics.text).toMatch(/contrivance_imports_total\{outcome="done"\} [1-9]/);
    expect(metrics.text).toMatch(/contrivance_imports_total\{outcome="failed"\} [1-9]/);
    expect(metrics.text).toMatch(/contrivance_imported_rows_total [1-9]/);
    expect(metrics.text).toMatch(/contrivance_spreadsheets [1-9]/);
    expect(metrics.text).toMatch(/contrivance_spreadsheet_rows [1-9]/);
  });

  it('refuses an upload over IMPORT_MAX_BYTES with 413 and imports none of it', async () => {
    const { sheet } = await dealsSheet();
    const csv = `Deal\n${Array.from({ length: 10_000 }, (_, i) => `Deal number ${i}`).join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(64 * 1024);
    const res = await upload(sheet.id, csv).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'The file is larger than the 64 KB limit' });
    expect(((await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body as Spreadsheet).rowCount).toBe(0);
  });

  it('refuses viewers, non-multipart bodies, empty files and bad headers', async () => {
    const { sheet } = await dealsSheet();
    await upload(sheet.id, 'Deal\nx', viewer).expect(403);
    const json = await request(server.url).post(`/api/spreadsheets/${sheet.id}/import`).set(owner.auth).send({ file: 'Deal\nx' }).expect(415);
    expect(json.body.message).toMatch(/multipart\/form-data/);
    await upload(sheet.id, '').expect(400);
    await upload(sheet.id, 'Deal,deal\nx,y').expect(400);
    await upload(sheet.id, 'Deal,,Value\nx,,1').expect(400);
    await request(server.url).post(`/api/spreadsheets/${sheet.id}/import`).set(owner.auth).field('other', 'x').expect(400);
  });
});
