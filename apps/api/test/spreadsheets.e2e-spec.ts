import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { createApiToken, registerAdmin, registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

describe('spreadsheets', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let editor: TestAccount;
  let viewer: TestAccount;
  let stranger: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    [owner, editor, viewer, stranger] = await Promise.all([0, 1, 2, 3].map(() => registerMember(server)));
  });
  afterAll(() => server.close());

  async function sharedSheet(): Promise<Spreadsheet> {
    const sheet = await api.create(owner, { name: 'Shared' });
    await api.share(owner, sheet.id, editor.user.id, 'editor');
    await api.share(owner, sheet.id, viewer.user.id, 'viewer');
    return sheet;
  }

  describe('templates', () => {
    it('creates the sales pipeline with its columns, stage probabilities and sample deals', async () => {
      const sheet = await api.create(owner, { name: 'Pipeline', template: 'sales-pipeline' });
      expect(sheet.columns.map((c) => [c.name, c.type])).toEqual([
        ['Deal', 'text'],
        ['Company', 'text'],
        ['Contact email', 'email'],
        ['Stage', 'select'],
        ['Value', 'currency'],
        ['Weighted value', 'formula'],
        ['Close date', 'date'],
        ['Owner', 'user'],
        ['Notes', 'longText'],
        ['Account', 'link'],
        ['Open value', 'formula'],
        ['Won deal', 'formula'],
      ]);
      expect(sheet.columns.filter((c) => c.hidden).map((c) => c.name)).toEqual(['Open value', 'Won deal']);
      const stage = sheet.columns.find((c) => c.name === 'Stage')!;
      expect(stage.options!.map((o) => [o.label, o.probability])).toEqual([
        ['Lead', 10],
        ['Qualified', 25],
        ['Proposal', 50],
        ['Negotiation', 75],
        ['Won', 100],
        ['Lost', 0],
      ]);
      expect(sheet.rowCount).toBe(24);
      expect(sheet.myRole).toBe('owner');
      const rows = await api.list(owner, sheet.id, { limit: 100 });
      expect(rows.total).toBe(24);
      const ownerColumn = sheet.columns.find((c) => c.name === 'Owner')!;
      expect(rows.items.every((r) => r.values[ownerColumn.id] === owner.user.id)).toBe(true);
      // Weighted value is the deal's value at its stage's probability, computed by the database.
      const [value, weighted] = ['Value', 'Weighted value'].map((name) => sheet.columns.find((c) => c.name === name)!);
      expect(weighted).toMatchObject({ formula: '{Value} * {Stage}.probability / 100', resultType: 'currency' });
      for (const row of rows.items) {
        const probability = stage.options!.find((o) => o.id === row.values[stage.id])!.probability!;
        expect(row.values[weighted.id]).toBeCloseTo(((row.values[value.id] as number) * probability) / 100, 6);
      }

      // A Companies sheet comes with it: each deal links its company, each company rolls up its open pipeline
      // (value of deals neither won nor lost) and its won deals, as computed here from the deals themselves.
      const account = sheet.columns.find((c) => c.name === 'Account')!;
      const companiesSheet = (await request(server.url).get(`/api/spreadsheets/${account.link!.sheetId}`).set(owner.auth).expect(200)).body as Spreadsheet;
      expect(companiesSheet).toMatchObject({ name: 'Pipeline – Companies', myRole: 'owner', rowCount: new Set(rows.items.map((r) => r.values[sheet.columns[1].id])).size });
      expect(companiesSheet.columns.map((c) => [c.name, c.type])).toEqual([
        ['Name', 'text'],
        ['Website', 'url'],
        ['Pipeline', 'link'],
        ['Open pipeline', 'rollup'],
        ['Won deals', 'rollup'],
      ]);
      const companyRows = (await api.list(owner, companiesSheet.id, { limit: 100 })).items;
      const [name, , deals, open, won] = companiesSheet.columns;
      for (const company of companyRows) {
        const own = rows.items.filter((r) => (r.values[account.id] as { rowId: string }[])[0].rowId === company.id);
        expect(own.map((r) => r.values[sheet.columns[1].id])).toEqual(own.map(() => company.values[name.id]));
        expect((company.values[deals.id] as { rowId: string }[]).map((l) => l.rowId).sort()).toEqual(own.map((r) => r.id).sort());
        const stageOf = (r: Row) => stage.options!.find((o) => o.id === r.values[stage.id])!.label;
        const openValue = own.filter((r) => !['Won', 'Lost'].includes(stageOf(r))).reduce((sum, r) => sum + (r.values[value.id] as number), 0);
        expect([company.values[open.id], company.values[won.id]]).toEqual([openValue, own.filter((r) => stageOf(r) === 'Won').length]);
      }
      expect(companyRows.reduce((n, c) => n + (c.values[won.id] as number), 0)).toBe(3);
    });

    it('creates a blank sheet by default and refuses unknown templates', async () => {
      const sheet = await api.create(owner, { name: 'Empty' });
      expect(sheet).toMatchObject({ name: 'Empty', description: '', columns: [], rowCount: 0, version: 0, ownerId: owner.user.id });
      await request(server.url).post('/api/spreadsheets').set(owner.auth).send({ name: 'x', template: 'crm' }).expect(400);
      await request(server.url).post('/api/spreadsheets').set(owner.auth).send({ name: '' }).expect(400);
    });
  });

  describe('visibility and roles', () => {
    it('answers 404 to non-members for every route, exactly as for a missing sheet', async () => {
      const sheet = await sharedSheet();
      const missing = '00000000-0000-4000-8000-00000000abcd';
      for (const id of [sheet.id, missing]) {
        const res = await request(server.url).get(`/api/spreadsheets/${id}`).set(stranger.auth).expect(404);
        expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Spreadsheet not found' });
        await request(server.url).get(`/api/spreadsheets/${id}/rows`).set(stranger.auth).expect(404);
        await request(server.url).put(`/api/spreadsheets/${id}`).set(stranger.auth).send({ name: 'x' }).expect(404);
        await request(server.url).delete(`/api/spreadsheets/${id}`).set(stranger.auth).expect(404);
        await request(server.url).get(`/api/spreadsheets/${id}/members`).set(stranger.auth).expect(404);
      }
      const list = await request(server.url).get('/api/spreadsheets').set(stranger.auth).expect(200);
      expect(list.body.items.map((s: Spreadsheet) => s.id)).not.toContain(sheet.id);
    });

    it('lets viewers read but not write, editors write but not delete or share, owners do all', async () => {
      const sheet = await sharedSheet();
      const column = await api.column(editor, sheet.id, { name: 'Deal', type: 'text' });
      const [row] = await api.rows(editor, sheet.id, [{ [column.id]: 'First' }]);

      await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(viewer.auth).expect(200);
      await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(viewer.auth).expect(200);
      const refused = await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(viewer.auth)
        .send({ values: { [column.id]: 'x' } })
        .expect(403);
      expect(refused.body.message).toBe('Viewers cannot change this spreadsheet');
      await request(server.url).post(`/api/spreadsheets/${sheet.id}/columns`).set(viewer.auth).send({ name: 'X', type: 'text' }).expect(403);
      await request(server.url).put(`/api/spreadsheets/${sheet.id}`).set(viewer.auth).send({ name: 'X' }).expect(403);

      await request(server.url).put(`/api/spreadsheets/${sheet.id}`).set(editor.auth).send({ name: 'Renamed' }).expect(200);
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}`).set(editor.auth).expect(403);
      await request(server.url).put(`/api/spreadsheets/${sheet.id}/members/${stranger.user.id}`).set(editor.auth).send({ role: 'viewer' }).expect(403);

      await request(server.url).delete(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(204);
      await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(404);
    });

    it('lets admins read and manage every sheet', async () => {
      const admin = await registerAdmin(server);
      const sheet = await api.create(owner, { name: `Private ${Date.now()}` });
      const got = await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(admin.auth).expect(200);
      expect(got.body.myRole).toBe('owner');
      const list = await request(server.url).get('/api/spreadsheets').set(admin.auth).query({ search: sheet.name }).expect(200);
      expect(list.body.items.map((s: Spreadsheet) => s.id)).toEqual([sheet.id]);
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}`).set(admin.auth).expect(204);
    });

    it('refuses writes with a read token and allows reads', async () => {
      const sheet = await api.create(owner);
      const read = await createApiToken(server, owner, 'read');
      await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(read.auth).expect(200);
      await request(server.url).post(`/api/spreadsheets/${sheet.id}/columns`).set(read.auth).send({ name: 'X', type: 'text' }).expect(403);
    });

    it('applies role changes and removals at the next request (the access cache is dropped on commit)', async () => {
      const sheet = await sharedSheet();
      const column = await api.column(editor, sheet.id, { name: 'Deal', type: 'text' });
      await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows`).set(editor.auth).expect(200);
      await api.share(owner, sheet.id, editor.user.id, 'viewer');
      await request(server.url)
        .post(`/api/spreadsheets/${sheet.id}/rows`)
        .set(editor.auth)
        .send({ rows: [{ values: { [column.id]: 'x' } }] })
        .expect(403);
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}/members/${editor.user.id}`).set(owner.auth).expect(204);
      await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows`).set(editor.auth).expect(404);
      // A new column is usable at once in sort and filter.
      const added = await api.column(owner, sheet.id, { name: 'Value', type: 'number' });
      await request(server.url)
        .get(`/api/spreadsheets/${sheet.id}/rows`)
        .set(viewer.auth)
        .query({ sort: `${added.id}:desc` })
        .expect(200);
    });

    it('notices membership changes made elsewhere (another instance, or SQL) within a moment', async () => {
      const sheet = await sharedSheet();
      await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows`).set(viewer.auth).expect(200);
      await withClient(testDatabaseUrl(), (c) => c.query(`DELETE FROM spreadsheet_members WHERE sheet_id = $1 AND user_id = $2`, [sheet.id, viewer.user.id]));
      const deadline = Date.now() + 2000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        status = (await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows`).set(viewer.auth)).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(404);
    });

    it('keeps at least one owner', async () => {
      const sheet = await sharedSheet();
      const res = await request(server.url).put(`/api/spreadsheets/${sheet.id}/members/${owner.user.id}`).set(owner.auth).send({ role: 'editor' }).expect(409);
      expect(res.body.message).toMatch(/at least one owner/);
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}/members/${owner.user.id}`).set(owner.auth).expect(409);
      await api.share(owner, sheet.id, editor.user.id, 'owner');
      await request(server.url).put(`/api/spreadsheets/${sheet.id}/members/${owner.user.id}`).set(owner.auth).send({ role: 'editor' }).expect(200);
      const members = await request(server.url).get(`/api/spreadsheets/${sheet.id}/members`).set(viewer.auth).expect(200);
      expect(members.body.items.map((m: { role: string }) => m.role)).toEqual(['owner', 'editor', 'viewer']);
      expect(members.body.total).toBe(3);
      const second = await request(server.url).get(`/api/spreadsheets/${sheet.id}/members`).query({ limit: 1, offset: 1 }).set(viewer.auth).expect(200);
      expect(second.body).toEqual({ items: [members.body.items[1]], total: 3 });
    });
  });

  describe('cells', () => {
    let sheet: Spreadsheet;
    let cols: Record<string, Column>;

    beforeAll(async () => {
      sheet = await sharedSheet();
      cols = {};
      for (const [name, type, extra] of [
        ['Deal', 'text', { required: true }],
        ['Value', 'currency', {}],
        ['Close', 'date', {}],
        ['Email', 'email', {}],
        ['Stage', 'select', { options: [{ label: 'Lead' }, { label: 'Won', probability: 100 }] }],
        ['Owner', 'user', {}],
        ['Done', 'checkbox', {}],
      ] as const) {
        cols[name] = await api.column(owner, sheet.id, { name, type, ...extra });
      }
    });

    it('stores values in their normal form', async () => {
      const [row] = await api.rows(editor, sheet.id, [
        { [cols.Deal.id]: 'Acme', [cols.Value.id]: '$1,200.50', [cols.Close.id]: '2026/12/01', [cols.Stage.id]: 'won', [cols.Owner.id]: viewer.user.id, [cols.Done.id]: 'yes' },
      ]);
      expect(row.values).toEqual({
        [cols.Deal.id]: 'Acme',
        [cols.Value.id]: 1200.5,
        [cols.Close.id]: '2026-12-01',
        [cols.Stage.id]: cols.Stage.options!.find((o) => o.label === 'Won')!.id,
        [cols.Owner.id]: viewer.user.id,
        [cols.Done.id]: true,
      });
    });

    it('refuses bad values with 400 naming each cell, and changes nothing', async () => {
      const [row] = await api.rows(editor, sheet.id, [{ [cols.Deal.id]: 'Keep' }]);
      const res = await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(editor.auth)
        .send({ values: { [cols.Value.id]: 'abc', [cols.Email.id]: 'x@', [cols.Stage.id]: 'Closed', [cols.Owner.id]: stranger.user.id, [cols.Deal.id]: 'Changed' } })
        .expect(400);
      const messages = Object.fromEntries(res.body.details.map((d: { field: string; message: string }) => [d.field, d.message]));
      expect(messages).toEqual({
        [`values.${cols.Value.id}`]: 'Value must be a number',
        [`values.${cols.Email.id}`]: 'Email must be an email address',
        [`values.${cols.Stage.id}`]: 'Stage is not an option of this column: "Closed"',
        [`values.${cols.Owner.id}`]: `Owner "${stranger.user.id}" is not a member of this spreadsheet (use a member's email or name)`,
      });
      const after = await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(editor.auth).expect(200);
      expect(after.body.values).toEqual({ [cols.Deal.id]: 'Keep' });
      expect(after.body.version).toBe(1);
    });

    it('refuses a new row missing a required cell, and unknown columns', async () => {
      const res = await request(server.url)
        .post(`/api/spreadsheets/${sheet.id}/rows`)
        .set(editor.auth)
        .send({ rows: [{ values: { [cols.Value.id]: 5 } }] })
        .expect(400);
      expect(res.body.details).toContainEqual({ field: `rows.0.values.${cols.Deal.id}`, message: 'Deal is required' });
      await request(server.url)
        .post(`/api/spreadsheets/${sheet.id}/rows`)
        .set(editor.auth)
        .send({ rows: [{ values: { [cols.Deal.id]: 'x', '00000000-0000-4000-8000-000000000000': 1 } }] })
        .expect(400);
      await request(server.url).post(`/api/spreadsheets/${sheet.id}/rows`).set(editor.auth).send({ rows: [] }).expect(400);
    });

    it('changes only the named cells; concurrent edits of different cells of one row all survive', async () => {
      const textCols: Column[] = [];
      for (let i = 0; i < 12; i += 1) textCols.push(await api.column(owner, sheet.id, { name: `C${i}`, type: 'text' }));
      const [row] = await api.rows(editor, sheet.id, [{ [cols.Deal.id]: 'Race' }]);
      const before = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body.version;
      await Promise.all(
        textCols.map((c, i) =>
          request(server.url)
            .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
            .set(i % 2 ? editor.auth : owner.auth)
            .send({ values: { [c.id]: `v${i}` } })
            .expect(200),
        ),
      );
      const after = await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(viewer.auth).expect(200);
      expect(after.body.values[cols.Deal.id]).toBe('Race');
      textCols.forEach((c, i) => expect(after.body.values[c.id]).toBe(`v${i}`));
      expect(after.body.version).toBe(1 + textCols.length);

      const sheetAfter = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body.version;
      expect(sheetAfter - before).toBe(textCols.length);
      const history = await request(server.url).get(`/api/spreadsheets/${sheet.id}/history`).set(viewer.auth).query({ rowId: row.id, limit: 100 }).expect(200);
      const versions = history.body.items
        .filter((c: { kind: string }) => c.kind === 'cell')
        .map((c: { version: number }) => c.version)
        .sort((a: number, b: number) => a - b);
      expect(versions).toEqual(Array.from({ length: textCols.length }, (_, i) => before + 1 + i));
      for (const c of textCols) await request(server.url).delete(`/api/spreadsheets/${sheet.id}/columns/${c.id}`).set(owner.auth).expect(204);
    });

    it('answers a stale expectedVersion with 409 and the current row', async () => {
      const [row] = await api.rows(editor, sheet.id, [{ [cols.Deal.id]: 'v1' }]);
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(editor.auth)
        .send({ values: { [cols.Deal.id]: 'v2' }, expectedVersion: 1 })
        .expect(200);
      const res = await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(owner.auth)
        .send({ values: { [cols.Deal.id]: 'v3' }, expectedVersion: 1 })
        .expect(409);
      expect(res.body.details[0].row).toMatchObject({ id: row.id, version: 2, values: { [cols.Deal.id]: 'v2' } });
    });

    it('clears a cell with null and records old and new values in history, restorable', async () => {
      const [row] = await api.rows(editor, sheet.id, [{ [cols.Deal.id]: 'History', [cols.Value.id]: 100 }]);
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(editor.auth)
        .send({ values: { [cols.Value.id]: 250 } })
        .expect(200);
      const cleared = await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(editor.auth)
        .send({ values: { [cols.Value.id]: null } })
        .expect(200);
      expect(cleared.body.values[cols.Value.id]).toBeUndefined();

      const history = await request(server.url).get(`/api/spreadsheets/${sheet.id}/history`).set(viewer.auth).query({ rowId: row.id }).expect(200);
      expect(history.body.items.map((c: { kind: string; oldValue: unknown; newValue: unknown; userId: string }) => [c.kind, c.oldValue, c.newValue, c.userId])).toEqual([
        ['cell', 250, null, editor.user.id],
        ['cell', 100, 250, editor.user.id],
        ['row:create', null, { [cols.Deal.id]: 'History', [cols.Value.id]: 100 }, editor.user.id],
      ]);
      await request(server.url).post(`/api/spreadsheets/${sheet.id}/history/${history.body.items[1].seq}/restore`).set(viewer.auth).expect(403);
      const restored = await request(server.url).post(`/api/spreadsheets/${sheet.id}/history/${history.body.items[1].seq}/restore`).set(editor.auth).expect(201);
      expect(restored.body.values[cols.Value.id]).toBe(100);
      const again = await request(server.url).get(`/api/spreadsheets/${sheet.id}/history`).set(viewer.auth).query({ rowId: row.id }).expect(200);
      expect(again.body.items[0]).toMatchObject({ kind: 'restore', oldValue: null, newValue: 100 });
      await request(server.url).post(`/api/spreadsheets/${sheet.id}/history/${history.body.items[2].seq}/restore`).set(editor.auth).expect(409);
    });

    it('records awkward text in history exactly (quotes, backslashes, SQL-looking text)', async () => {
      const awkward = [`O'Brien`, 'back\\slash \\N', `'); DROP TABLE spreadsheet_changes; --`, "E'x' $$dollar$$ ✓"];
      const [row] = await api.rows(editor, sheet.id, [{ [cols.Deal.id]: 'start' }]);
      for (const text of awkward) {
        await request(server.url)
          .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
          .set(editor.auth)
          .send({ values: { [cols.Deal.id]: text } })
          .expect(200);
      }
      const history = await request(server.url).get(`/api/spreadsheets/${sheet.id}/history`).set(viewer.auth).query({ rowId: row.id }).expect(200);
      expect(
        history.body.items
          .slice(0, awkward.length)
          .map((c: { newValue: unknown }) => c.newValue)
          .reverse(),
      ).toEqual(awkward);
    });

    it('changes cells of several rows in one version, or nothing when one value or row is wrong', async () => {
      const [a, b] = await api.rows(editor, sheet.id, [{ [cols.Deal.id]: 'A' }, { [cols.Deal.id]: 'B' }]);
      const before = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body.version;
      const res = await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows`)
        .set(editor.auth)
        .send({
          updates: [
            { rowId: a.id, values: { [cols.Value.id]: '1,000', [cols.Stage.id]: 'Won' } },
            { rowId: b.id, values: { [cols.Value.id]: 2 } },
          ],
        })
        .expect(200);
      expect(res.body.map((r: { values: Record<string, unknown> }) => r.values[cols.Value.id])).toEqual([1000, 2]);
      const history = await request(server.url).get(`/api/spreadsheets/${sheet.id}/history`).set(viewer.auth).query({ limit: 3 }).expect(200);
      expect(history.body.items.map((c: { version: number }) => c.version)).toEqual([before + 1, before + 1, before + 1]);

      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows`)
        .set(editor.auth)
        .send({
          updates: [
            { rowId: a.id, values: { [cols.Value.id]: 5 } },
            { rowId: b.id, values: { [cols.Value.id]: 'lots' } },
          ],
        })
        .expect(400);
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows`)
        .set(editor.auth)
        .send({
          updates: [
            { rowId: a.id, values: { [cols.Value.id]: 5 } },
            { rowId: '00000000-0000-4000-8000-000000000009', values: {} },
          ],
        })
        .expect(404);
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows`)
        .set(viewer.auth)
        .send({ updates: [{ rowId: a.id, values: {} }] })
        .expect(403);
      const after = await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows/${a.id}`).set(owner.auth).expect(200);
      expect(after.body.values[cols.Value.id]).toBe(1000);
      expect((await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body.version).toBe(before + 1);
    });

    it('deletes rows, keeping their values in history', async () => {
      const [row] = await api.rows(editor, sheet.id, [{ [cols.Deal.id]: 'Gone' }]);
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(editor.auth).expect(204);
      await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(editor.auth).expect(404);
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(editor.auth).expect(404);
      const history = await request(server.url).get(`/api/spreadsheets/${sheet.id}/history`).set(viewer.auth).query({ rowId: row.id }).expect(200);
      expect(history.body.items[0]).toMatchObject({ kind: 'row:delete', oldValue: { [cols.Deal.id]: 'Gone' } });
    });

    it('inserts rows before another row without renumbering', async () => {
      const fresh = await api.create(owner);
      const name = await api.column(owner, fresh.id, { name: 'N', type: 'text' });
      const [a, b] = await api.rows(owner, fresh.id, [{ [name.id]: 'a' }, { [name.id]: 'b' }]);
      await request(server.url)
        .post(`/api/spreadsheets/${fresh.id}/rows`)
        .set(owner.auth)
        .send({ rows: [{ values: { [name.id]: 'x' } }, { values: { [name.id]: 'y' } }], beforeRowId: b.id })
        .expect(201);
      await request(server.url)
        .post(`/api/spreadsheets/${fresh.id}/rows`)
        .set(owner.auth)
        .send({ rows: [{ values: { [name.id]: 'first' } }], beforeRowId: a.id })
        .expect(201);
      const rows = await api.list(owner, fresh.id);
      expect(rows.items.map((r) => r.values[name.id])).toEqual(['first', 'a', 'x', 'y', 'b']);
      expect(rows.total).toBe(5);
      expect((await request(server.url).get(`/api/spreadsheets/${fresh.id}`).set(owner.auth)).body.rowCount).toBe(5);
    });
  });
});
