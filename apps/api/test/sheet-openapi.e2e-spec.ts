import SwaggerParser from '@apidevtools/swagger-parser';
import { SHEET_API_SCHEMAS, type Column, type Row, type SheetApiValueSchema, type Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { createApiToken, registerMember, type TestAccount } from './support/factories';
import { redoclyProblems } from './support/redocly';
import { sheetsApi } from './support/sheets';

/** The parts of a per-sheet document these tests read. */
interface SheetDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: Record<string, SheetApiValueSchema>; required?: string[] }> };
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; example?: unknown; schema: { enum?: unknown[] } }[];
  requestBody?: { content: { 'application/json': { example: { rows?: { values: Record<string, unknown> }[]; values?: Record<string, unknown> } } } };
  responses: Record<string, { content?: { 'application/json': { example: unknown } } }>;
}

describe('per-sheet OpenAPI document and column names (keys=name)', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  let viewer: TestAccount;
  let outsider: TestAccount;
  let readToken: { Authorization: string };
  let sheet: Spreadsheet;
  let firstRow: Row;

  const http = () => request(server.url);
  const columnNamed = (name: string): Column => sheet.columns.find((c) => c.name === name)!;
  const fetchDocument = async (as: { Authorization: string } = owner.auth): Promise<SheetDocument> =>
    (
      await http()
        .get(`/api/spreadsheets/${sheet.id}/openapi.json`)
        .set(as)
        .expect(200)
        .expect('content-type', /application\/json/)
    ).body;
  const rowCount = async () => (await api.list(owner, sheet.id, { limit: 1 })).total;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    [owner, viewer, outsider] = await Promise.all([0, 1, 2].map(() => registerMember(server)));
    readToken = (await createApiToken(server, owner, 'read')).auth;
    // The sales-pipeline template (text, email, select, currency, formula, date, user, long text, link), and one
    // column of each other type.
    const created = await api.create(owner, { name: 'Pipeline', template: 'sales-pipeline' });
    await api.share(owner, created.id, viewer.user.id, 'viewer');
    await api.column(owner, created.id, { name: 'Seats', type: 'number' });
    await api.column(owner, created.id, { name: 'Discount', type: 'percent' });
    await api.column(owner, created.id, { name: 'Hot', type: 'checkbox' });
    await api.column(owner, created.id, { name: 'Tags', type: 'multiSelect', options: [{ label: 'Upsell' }, { label: 'Renewal' }] });
    await api.column(owner, created.id, { name: 'Website', type: 'url' });
    sheet = (await http().get(`/api/spreadsheets/${created.id}`).set(owner.auth).expect(200)).body;
    [firstRow] = (await api.list(owner, sheet.id, { limit: 1 })).items;
  });
  afterAll(() => server.close());

  it('is a valid OpenAPI 3.0 document of the sheet’s rows', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe('3.0.3');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    // The recommended rules include that every example is valid against its schema.
    expect(redoclyProblems(document)).toEqual([]);
    const base = `/api/spreadsheets/${sheet.id}`;
    expect(Object.keys(document.paths).sort()).toEqual([`${base}/rows`, `${base}/rows/{rowId}`]);
    const ids = Object.values(document.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.sort()).toEqual(['createRows', 'deleteRow', 'getRow', 'listRows', 'updateRow']);
    for (const op of [document.paths[`${base}/rows`].get, document.paths[`${base}/rows`].post, document.paths[`${base}/rows/{rowId}`].patch]) {
      expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'keys', in: 'query', required: true, schema: { type: 'string', enum: ['name'] } }));
    }
  });

  it('types each column by name: numbers, dates, booleans, option enums, emails, urls, people; computed columns read-only; required columns required', async () => {
    const { schemas } = (await fetchDocument()).components;
    const read = schemas[SHEET_API_SCHEMAS.values].properties;
    const stage = columnNamed('Stage');
    const tags = columnNamed('Tags');
    expect(read).toMatchObject({
      Deal: { type: 'string', 'x-column-type': 'text', 'x-column-id': columnNamed('Deal').id },
      Value: { type: 'number', 'x-column-type': 'currency' },
      Seats: { type: 'number' },
      Discount: { type: 'number' },
      'Close date': { type: 'string', format: 'date' },
      Hot: { type: 'boolean' },
      Stage: { type: 'string', enum: stage.options!.map((o) => o.id), 'x-enum-descriptions': ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'] },
      Tags: { type: 'array', items: { type: 'string', enum: tags.options!.map((o) => o.id) }, 'x-enum-descriptions': ['Upsell', 'Renewal'] },
      'Contact email': { type: 'string', format: 'email' },
      Website: { type: 'string', format: 'uri' },
      Owner: { type: 'string', format: 'uuid' },
      'Weighted value': { readOnly: true, 'x-column-type': 'formula' },
    });
    expect(Object.keys(read).sort()).toEqual(sheet.columns.map((c) => c.name).sort());

    const create = schemas[SHEET_API_SCHEMAS.newValues];
    expect(create.required).toEqual(['Deal']);
    // Writes take an option by id or by label.
    expect(create.properties.Stage.enum).toEqual([...stage.options!.map((o) => o.id), ...stage.options!.map((o) => o.label)]);
    expect(Object.keys(create.properties)).not.toEqual(expect.arrayContaining(['Weighted value']));
    expect(Object.keys(create.properties)).toContain('Account');
  });

  it('fills its examples with the sheet’s own ids: the sheet, a row, options, a member', async () => {
    const document = await fetchDocument();
    const one = document.paths[`/api/spreadsheets/${sheet.id}/rows/{rowId}`];
    expect(one.get.parameters!.find((p) => p.name === 'rowId')!.example).toBe(firstRow.id);
    const newRow = document.paths[`/api/spreadsheets/${sheet.id}/rows`].post.requestBody!.content['application/json'].example.rows![0].values;
    expect(columnNamed('Stage').options!.map((o) => o.id)).toContain(newRow.Stage);
    expect(newRow.Owner).toBe(owner.user.id);
    expect(one.get.responses['200'].content!['application/json'].example).toMatchObject({ id: firstRow.id });
    expect(one.get.responses['404'].content!['application/json'].example).toEqual({ statusCode: 404, error: 'Not Found', message: 'Spreadsheet not found' });
  });

  it('is for people who can see the sheet (a read token too); a 404 for others and unknown sheets', async () => {
    await fetchDocument(viewer.auth);
    await fetchDocument(readToken);
    const hidden = await http().get(`/api/spreadsheets/${sheet.id}/openapi.json`).set(outsider.auth).expect(404);
    expect(hidden.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Spreadsheet not found' });
    const unknown = await http().get('/api/spreadsheets/6b0f3b0e-1d2c-4c53-9d7e-2f6f0a1b2c3d/openapi.json').set(owner.auth).expect(404);
    expect(unknown.body).toEqual(hidden.body);
    await http().get(`/api/spreadsheets/${sheet.id}/openapi.json`).expect(401);
  });

  it('writes a row by name with what the document gives, and reads it back by name and by id', async () => {
    const document = await fetchDocument();
    const rowsPath = Object.keys(document.paths).find((p) => p.endsWith('/rows'))!;
    const create = document.paths[rowsPath].post;
    const values = { ...create.requestBody!.content['application/json'].example.rows![0].values };
    // A label is as good as an option id in a write: take one from the schema's enum.
    const stageChoices = document.components.schemas[SHEET_API_SCHEMAS.newValues].properties.Stage.enum as string[];
    values.Stage = stageChoices.find((c) => c === 'Won');
    values.Deal = 'Written by name';

    const created = await http()
      .post(rowsPath)
      .query({ keys: 'name' })
      .set(owner.auth)
      .send({ rows: [{ values }] })
      .expect(201);
    const [row] = created.body as Row[];
    expect(row.values).toMatchObject({ Deal: 'Written by name', Stage: 'won', Owner: owner.user.id, 'Close date': values['Close date'], Hot: true });
    // Computed cells answer under their names too.
    expect(row.values['Weighted value']).toBe(values.Value);

    const byName = await http().get(`${rowsPath}/${row.id}`).query({ keys: 'name' }).set(readToken).expect(200);
    expect(byName.body.values).toEqual(row.values);
    const byId = await http().get(`${rowsPath}/${row.id}`).set(owner.auth).expect(200);
    expect(byId.body.values[columnNamed('Deal').id]).toBe('Written by name');
    expect(byId.body.values[columnNamed('Stage').id]).toBe('won');
    expect(Object.keys(byId.body.values)).not.toContain('Deal');

    // The document's example of a change, with a name written in another case.
    const { Deal: _deal, ...change } = document.paths[`${rowsPath}/{rowId}`].patch.requestBody!.content['application/json'].example.values!;
    const changed = await http()
      .patch(`${rowsPath}/${row.id}`)
      .query({ keys: 'name' })
      .set(owner.auth)
      .send({ values: { ...change, deal: 'Renamed by name (any case)' } })
      .expect(200);
    expect(changed.body.values.Deal).toBe('Renamed by name (any case)');
    const page = await http()
      .get(rowsPath)
      .query({ keys: 'name', filter: `${columnNamed('Deal').id}:eq:Renamed by name (any case)` })
      .set(owner.auth)
      .expect(200);
    expect(page.body.items.map((r: Row) => r.values.Deal)).toEqual(['Renamed by name (any case)']);
  });

  it('changes several rows by name in one PATCH /rows', async () => {
    const [a, b] = await api.rows(owner, sheet.id, [{ [columnNamed('Deal').id]: 'Bulk A' }, { [columnNamed('Deal').id]: 'Bulk B' }]);
    const res = await http()
      .patch(`/api/spreadsheets/${sheet.id}/rows`)
      .query({ keys: 'name' })
      .set(owner.auth)
      .send({
        updates: [
          { rowId: a.id, values: { Stage: 'Lost' } },
          { rowId: b.id, values: { Seats: 12 } },
        ],
      })
      .expect(200);
    expect((res.body as Row[]).map((r) => r.values)).toEqual([expect.objectContaining({ Deal: 'Bulk A', Stage: 'lost' }), expect.objectContaining({ Deal: 'Bulk B', Seats: 12 })]);
    const refused = await http()
      .patch(`/api/spreadsheets/${sheet.id}/rows`)
      .query({ keys: 'name' })
      .set(owner.auth)
      .send({
        updates: [
          { rowId: a.id, values: { Stage: 'Won' } },
          { rowId: b.id, values: { Seatz: 1 } },
        ],
      })
      .expect(400);
    expect(refused.body.details).toEqual([{ field: 'updates.1.values.Seatz', name: 'Seatz', message: 'no column is named "Seatz"' }]);
    expect((await http().get(`/api/spreadsheets/${sheet.id}/rows/${a.id}`).query({ keys: 'name' }).set(owner.auth).expect(200)).body.values.Stage).toBe('lost');
  });

  it('refuses unknown names with a 400 naming them, and writes nothing', async () => {
    const before = await rowCount();
    const res = await http()
      .post(`/api/spreadsheets/${sheet.id}/rows`)
      .query({ keys: 'name' })
      .set(owner.auth)
      .send({ rows: [{ values: { Deal: 'Fine' } }, { values: { Deal: 'Not fine', Colour: 'red', Size: 'XL' } }] })
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Unknown or ambiguous column names: "Colour", "Size"' });
    expect(res.body.details).toEqual([
      { field: 'rows.1.values.Colour', name: 'Colour', message: 'no column is named "Colour"' },
      { field: 'rows.1.values.Size', name: 'Size', message: 'no column is named "Size"' },
    ]);
    expect(await rowCount()).toBe(before);

    const patched = await http()
      .patch(`/api/spreadsheets/${sheet.id}/rows/${firstRow.id}`)
      .query({ keys: 'name' })
      .set(owner.auth)
      .send({ values: { Deal: 'Changed', Nope: 1 } })
      .expect(400);
    expect(patched.body.message).toContain('"Nope"');
    expect((await http().get(`/api/spreadsheets/${sheet.id}/rows/${firstRow.id}`).set(owner.auth).expect(200)).body.values).toEqual(firstRow.values);
  });

  it('refuses an ambiguous name (two keys naming one column) with a 400, and writes nothing', async () => {
    const before = await rowCount();
    const res = await http()
      .post(`/api/spreadsheets/${sheet.id}/rows`)
      .query({ keys: 'name' })
      .set(owner.auth)
      .send({ rows: [{ values: { Deal: 'One', DEAL: 'Two' } }] })
      .expect(400);
    expect(res.body.message).toBe('Unknown or ambiguous column names: "DEAL"');
    expect(res.body.details).toEqual([{ field: 'rows.0.values.DEAL', name: 'DEAL', message: '"DEAL" and "Deal" name the same column' }]);
    expect(await rowCount()).toBe(before);
  });

  it('names columns in the errors of a write by name; ids stay the default; keys is checked', async () => {
    const invalid = await http()
      .patch(`/api/spreadsheets/${sheet.id}/rows/${firstRow.id}`)
      .query({ keys: 'name' })
      .set(owner.auth)
      .send({ values: { Value: 'lots' } })
      .expect(400);
    expect(invalid.body.details).toEqual([{ field: 'values.Value', message: 'Value must be a number' }]);
    expect(invalid.body.message).toBe('Invalid cell values: values.Value Value must be a number');

    // A 409's current row is keyed as asked.
    const edit = (body: Record<string, unknown>) => http().patch(`/api/spreadsheets/${sheet.id}/rows/${firstRow.id}`).query({ keys: 'name' }).set(owner.auth).send(body);
    await edit({ values: { Notes: 'First' } }).expect(200);
    const stale = await edit({ values: { Notes: 'Late' }, expectedVersion: firstRow.version }).expect(409);
    expect(stale.body.details[0].row.values).toMatchObject({ Deal: firstRow.values[columnNamed('Deal').id], Notes: 'First' });

    const byId = await http().get(`/api/spreadsheets/${sheet.id}/rows`).query({ limit: 1 }).set(owner.auth).expect(200);
    expect(Object.keys(byId.body.items[0].values)).toContain(columnNamed('Deal').id);
    await http().get(`/api/spreadsheets/${sheet.id}/rows`).query({ keys: 'label' }).set(owner.auth).expect(400);
    await http().get(`/api/spreadsheets/${sheet.id}/rows/${firstRow.id}`).query({ keys: 'name', extra: 1 }).set(owner.auth).expect(400);
    // A viewer's write by name is refused for the role, before any name is judged.
    await http()
      .post(`/api/spreadsheets/${sheet.id}/rows`)
      .query({ keys: 'name' })
      .set(viewer.auth)
      .send({ rows: [{ values: { Nope: 1 } }] })
      .expect(403);
  });
});
