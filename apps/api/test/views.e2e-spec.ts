import type { Row, View } from '@contrivance/contracts';
import request from 'supertest';
import { RowIndexesService } from '../src/modules/spreadsheets/rows/row-indexes.service';
import { sheetIndexPrefix } from '../src/modules/spreadsheets/rows/row-indexes.repository';
import type { RunningServer } from '../src/server';
import { bootApp, withClient, testDatabaseUrl } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, eventually } from './support/sockets';

describe('saved views', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let editor: TestAccount;
  let viewer: TestAccount;
  let outsider: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    // Per-view indexes on any sheet, so a saved view's are seen being built.
    server = await bootApp({ ROW_INDEX_MIN_ROWS: '1', ROW_INDEX_MIN_USES: '1000' });
    api = sheetsApi(server);
    [owner, editor, viewer, outsider] = await Promise.all([0, 1, 2, 3].map(() => registerMember(server)));
  });
  afterAll(() => server.close());

  const http = () => request(server.url);
  const views = (sheetId: string) => `/api/spreadsheets/${sheetId}/views`;

  /** Deals (Deal, Value, Stage), 30 rows, shared with an editor and a viewer. */
  async function deals() {
    const sheet = await api.create(owner, { name: 'Deals' });
    await api.share(owner, sheet.id, editor.user.id, 'editor');
    await api.share(owner, sheet.id, viewer.user.id, 'viewer');
    const deal = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    const value = await api.column(owner, sheet.id, { name: 'Value', type: 'number' });
    const stage = await api.column(owner, sheet.id, { name: 'Stage', type: 'select', options: [{ label: 'Open' }, { label: 'Won' }, { label: 'Lost' }] });
    const [open, won, lost] = stage.options!.map((o) => o.id);
    const rows = await api.rows(
      owner,
      sheet.id,
      Array.from({ length: 30 }, (_, i) => ({ [deal.id]: `Deal ${i}`, [value.id]: (i * 37) % 1000, [stage.id]: [open, won, lost][i % 3] })),
    );
    return { sheet, deal, value, stage, open, won, lost, rows };
  }

  it('keeps shared views for everyone (changed by editors) and personal views private to their creator', async () => {
    const d = await deals();
    const shared = (await http().post(views(d.sheet.id)).set(editor.auth).send({ name: 'Won deals', type: 'grid', shared: true }).expect(201)).body as View;
    expect(shared).toMatchObject({ name: 'Won deals', type: 'grid', shared: true, createdBy: editor.user.id, spreadsheetId: d.sheet.id });

    // Viewers see shared views but cannot create, change or delete them; they may keep personal ones.
    await http().post(views(d.sheet.id)).set(viewer.auth).send({ name: 'Mine', type: 'grid', shared: true }).expect(403);
    await http()
      .patch(`${views(d.sheet.id)}/${shared.id}`)
      .set(viewer.auth)
      .send({ name: 'Renamed' })
      .expect(403);
    await http()
      .delete(`${views(d.sheet.id)}/${shared.id}`)
      .set(viewer.auth)
      .expect(403);
    const personal = (await http().post(views(d.sheet.id)).set(viewer.auth).send({ name: 'My big deals', type: 'grid', shared: false }).expect(201)).body as View;
    await http()
      .patch(`${views(d.sheet.id)}/${personal.id}`)
      .set(viewer.auth)
      .send({ shared: true })
      .expect(403);
    await http()
      .patch(`${views(d.sheet.id)}/${personal.id}`)
      .set(viewer.auth)
      .send({ rowHeight: 'tall' })
      .expect(200);

    // A personal view is nobody else's business: not listed, 404 to read, change or delete, even for the owner.
    const names = async (as: TestAccount) => ((await http().get(views(d.sheet.id)).set(as.auth).expect(200)).body.items as View[]).map((v) => v.name);
    expect(await names(viewer)).toEqual(['Won deals', 'My big deals']);
    expect(await names(owner)).toEqual(['Won deals']);
    expect((await http().get(views(d.sheet.id)).set(owner.auth).expect(200)).body.total).toBe(1);
    await http()
      .get(`${views(d.sheet.id)}/${personal.id}`)
      .set(owner.auth)
      .expect(404);
    await http()
      .patch(`${views(d.sheet.id)}/${personal.id}`)
      .set(owner.auth)
      .send({ name: 'x' })
      .expect(404);
    await http()
      .delete(`${views(d.sheet.id)}/${personal.id}`)
      .set(owner.auth)
      .expect(404);
    await http().get(`/api/spreadsheets/${d.sheet.id}/rows?viewId=${personal.id}`).set(owner.auth).expect(404);
    // Outsiders see nothing of the sheet.
    await http().get(views(d.sheet.id)).set(outsider.auth).expect(404);
    await http()
      .get(`${views(d.sheet.id)}/${shared.id}`)
      .set(outsider.auth)
      .expect(404);

    // Editors and owners change and delete shared views.
    await http()
      .patch(`${views(d.sheet.id)}/${shared.id}`)
      .set(owner.auth)
      .send({ name: 'Won' })
      .expect(200);
    await http()
      .delete(`${views(d.sheet.id)}/${shared.id}`)
      .set(owner.auth)
      .expect(204);
    expect(await names(viewer)).toEqual(['My big deals']);
    await http()
      .delete(`${views(d.sheet.id)}/${personal.id}`)
      .set(viewer.auth)
      .expect(204);
  });

  it('refuses settings that do not fit the sheet with a 400 naming them, saving nothing', async () => {
    const d = await deals();
    const create = (body: Record<string, unknown>) =>
      http()
        .post(views(d.sheet.id))
        .set(owner.auth)
        .send({ name: 'V', type: 'grid', shared: true, ...body });
    const refused = async (body: Record<string, unknown>, field: RegExp | string) => {
      const res = await create(body).expect(400);
      expect(JSON.stringify(res.body.details)).toMatch(field);
    };
    const missing = '00000000-0000-4000-8000-000000000000';
    await refused({ filter: { op: 'and', conditions: [{ columnId: missing, operator: 'eq', value: 'x' }] } }, 'filter.conditions[0]');
    await refused({ filter: { op: 'and', conditions: [{ columnId: d.value.id, operator: 'contains', value: 'x' }] } }, /contains works on text columns/);
    await refused({ filter: { op: 'and', conditions: [{ columnId: d.value.id, operator: 'gt', value: 'lots' }] } }, /must be a number/);
    await refused({ filter: { op: 'xor', conditions: [] } }, /op must be/);
    await refused({ filter: { op: 'and', conditions: [{ op: 'or', conditions: [{ op: 'and', conditions: [{ op: 'or', conditions: [] }] }] }] } }, /nest at most 3 deep/);
    await refused({ filter: { op: 'and', conditions: [{ columnId: d.value.id, operator: 'eq', value: 1, extra: true }] } }, /unknown field/);
    await refused({ sorts: [{ columnId: missing, direction: 'asc' }] }, 'sort[0]');
    await refused({ hiddenColumns: [missing] }, 'hiddenColumns[0]');
    await refused({ widths: { [d.value.id]: 5 } }, /40 to 2000/);
    await refused({ groupBy: [d.stage.id], type: 'board' }, 'groupBy');
    await refused({ board: { stageColumnId: d.value.id, cardColumnIds: [] }, type: 'board' }, 'board.stageColumnId');
    await refused({ summaries: { [d.deal.id]: 'sum' } }, /summaries\.Deal must be none or one of: count, empty, filled, percentFilled/);
    await refused({ summaries: { [missing]: 'count' } }, `summaries.${missing}`);
    await refused({ summaries: 'sum' }, /summaries must be an object/);
    await refused({ surprise: 1 }, /surprise/);
    expect((await http().get(views(d.sheet.id)).set(owner.auth).expect(200)).body.total).toBe(0);
  });

  it('keeps the summary chosen under each column, and drops those of a column deleted since', async () => {
    const d = await deals();
    const notes = await api.column(owner, d.sheet.id, { name: 'Notes', type: 'text' });
    const created = (
      await http()
        .post(views(d.sheet.id))
        .set(owner.auth)
        .send({ name: 'Totals', type: 'grid', shared: true, groupBy: [d.stage.id], summaries: { [d.value.id.toUpperCase()]: 'avg', [d.deal.id]: 'filled', [notes.id]: 'none' } })
        .expect(201)
    ).body as View;
    expect(created.summaries).toEqual({ [d.value.id]: 'avg', [d.deal.id]: 'filled', [notes.id]: 'none' });
    await http().delete(`/api/spreadsheets/${d.sheet.id}/columns/${notes.id}`).set(owner.auth).expect(204);
    // Saved again for anything else, the view leaves the deleted column's summary behind.
    const renamed = (
      await http()
        .patch(`${views(d.sheet.id)}/${created.id}`)
        .set(editor.auth)
        .send({ name: 'Totals by stage' })
        .expect(200)
    ).body as View;
    expect(renamed.summaries).toEqual({ [d.value.id]: 'avg', [d.deal.id]: 'filled' });
    const changed = (
      await http()
        .patch(`${views(d.sheet.id)}/${created.id}`)
        .set(editor.auth)
        .send({ summaries: { ...renamed.summaries, [d.value.id]: 'max' } })
        .expect(200)
    ).body as View;
    expect(changed.summaries).toEqual({ [d.value.id]: 'max', [d.deal.id]: 'filled' });
    await http()
      .patch(`${views(d.sheet.id)}/${created.id}`)
      .set(viewer.auth)
      .send({ summaries: {} })
      .expect(403);
  });

  it('reads, pages and exports the rows of a view (its filter AND-ed with the query’s, its sorts unless the query sorts)', async () => {
    const d = await deals();
    // (Won OR Value > 800) AND Deal is not empty, by Value descending.
    const filter = {
      op: 'and',
      conditions: [
        {
          op: 'or',
          conditions: [
            { columnId: d.stage.id, operator: 'eq', value: d.won },
            { columnId: d.value.id, operator: 'gt', value: 800 },
          ],
        },
        { columnId: d.deal.id, operator: 'isNotEmpty' },
      ],
    };
    const view = (
      await http()
        .post(views(d.sheet.id))
        .set(editor.auth)
        .send({ name: 'Big or won', type: 'grid', shared: true, filter, sorts: [{ columnId: d.value.id, direction: 'desc' }] })
        .expect(201)
    ).body as View;
    const value = (r: Row) => r.values[d.value.id] as number;
    const expected = d.rows
      .filter((r) => r.values[d.stage.id] === d.won || value(r) > 800)
      .sort((a, b) => value(b) - value(a) || d.rows.indexOf(a) - d.rows.indexOf(b))
      .map((r) => r.id);
    expect(expected.length).toBeGreaterThan(10);

    const page = async (query: Record<string, unknown>) =>
      (
        await http()
          .get(`/api/spreadsheets/${d.sheet.id}/rows`)
          .set(viewer.auth)
          .query({ viewId: view.id, ...query })
          .expect(200)
      ).body as { items: Row[]; total: number };
    const first = await page({ limit: 5 });
    expect(first.total).toBe(expected.length);
    const paged = [...first.items, ...(await page({ limit: 5, offset: 5 })).items, ...(await page({ limit: 100, offset: 10 })).items].map((r) => r.id);
    expect(paged).toEqual(expected);
    // An explicit filter narrows the view; an explicit sort replaces its sorts.
    const lost = await page({ filter: `${d.stage.id}:eq:${d.lost}`, limit: 100 });
    expect(lost.items.map((r) => r.id)).toEqual(expected.filter((id) => d.rows.find((r) => r.id === id)!.values[d.stage.id] === d.lost));
    const byName = await page({ sort: `${d.deal.id}:asc`, limit: 100 });
    expect(byName.items.map((r) => r.values[d.deal.id])).toEqual([...byName.items.map((r) => r.values[d.deal.id] as string)].sort());

    // The export is exactly what the view shows.
    const csv = (await http().get(`/api/spreadsheets/${d.sheet.id}/export.csv`).set(viewer.auth).query({ viewId: view.id }).expect(200)).text.trim().split('\n');
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(expected.map((id) => d.rows.find((r) => r.id === id)!.values[d.deal.id]));
    await http().get(`/api/spreadsheets/${d.sheet.id}/export.csv`).set(viewer.auth).query({ viewId: '00000000-0000-4000-8000-000000000000' }).expect(404);

    // A column the view filters by is deleted: a condition that no longer fits counts as met (never hiding rows),
    // so the OR group it was in lets every row through and the rest of the filter still holds.
    await http().delete(`/api/spreadsheets/${d.sheet.id}/columns/${d.stage.id}`).set(owner.auth).expect(204);
    const after = await page({ limit: 100 });
    expect(after.items.map((r) => r.id)).toEqual([...d.rows].sort((a, b) => value(b) - value(a)).map((r) => r.id));
  });

  it('sends shared view changes to joined sockets as view:update and view:delete, recorded in history; personal ones stay private', async () => {
    const d = await deals();
    const socket = await connectSocket(server.url, viewer.accessToken);
    try {
      await socket.join(d.sheet.id);
      const kinds = () => socket.changes.filter((c) => c.kind.startsWith('view:')).map((c) => c.kind);
      const view = (
        await http()
          .post(views(d.sheet.id))
          .set(owner.auth)
          .send({ name: 'Pipeline', type: 'board', shared: true, board: { stageColumnId: d.stage.id, cardColumnIds: [d.value.id] } })
          .expect(201)
      ).body as View;
      await eventually(() => kinds().length === 1, 5000, 'the new view');
      expect(socket.changes.find((c) => c.kind === 'view:update')!.value).toMatchObject({ id: view.id, name: 'Pipeline', board: { stageColumnId: d.stage.id } });
      await http()
        .patch(`${views(d.sheet.id)}/${view.id}`)
        .set(owner.auth)
        .send({ name: 'Board' })
        .expect(200);
      await http().post(views(d.sheet.id)).set(owner.auth).send({ name: 'Private', type: 'grid', shared: false }).expect(201);
      await http()
        .delete(`${views(d.sheet.id)}/${view.id}`)
        .set(owner.auth)
        .expect(204);
      await eventually(() => kinds().length === 3, 5000, 'the change and the deletion');
      expect(kinds()).toEqual(['view:update', 'view:update', 'view:delete']);
      expect(JSON.stringify(socket.changes)).not.toContain('Private');
      const history = (await http().get(`/api/spreadsheets/${d.sheet.id}/history`).set(owner.auth).expect(200)).body.items as { kind: string }[];
      expect(history.filter((c) => c.kind.startsWith('view:')).map((c) => c.kind)).toEqual(['view:delete', 'view:update', 'view:update']);
    } finally {
      socket.close();
    }
  });

  it('keeps working when the sheet changes under it: conditions that no longer fit are left out, and it can still be saved', async () => {
    const d = await deals();
    // Upper-case ids are the sheet's ids (stored and applied as such).
    const view = (
      await http()
        .post(views(d.sheet.id))
        .set(owner.auth)
        .send({
          name: 'Lost or big',
          type: 'grid',
          shared: true,
          filter: {
            op: 'and',
            conditions: [
              { columnId: d.value.id.toUpperCase(), operator: 'gte', value: 100 },
              {
                op: 'or',
                conditions: [
                  { columnId: d.stage.id, operator: 'in', value: [d.lost] },
                  { columnId: d.deal.id, operator: 'eq', value: 'Deal 1' },
                ],
              },
            ],
          },
          sorts: [{ columnId: d.value.id.toUpperCase(), direction: 'asc' }],
        })
        .expect(201)
    ).body as View;
    expect(view.filter!.conditions[0]).toMatchObject({ columnId: d.value.id });
    expect(view.sorts).toEqual([{ columnId: d.value.id, direction: 'asc' }]);
    const ids = async () =>
      ((await http().get(`/api/spreadsheets/${d.sheet.id}/rows`).set(owner.auth).query({ viewId: view.id, limit: 100 }).expect(200)).body.items as Row[]).map((r) => r.id);
    const value = (r: Row) => r.values[d.value.id] as number;
    const big = d.rows.filter((r) => value(r) >= 100);
    expect(await ids()).toEqual(
      big
        .filter((r) => r.values[d.stage.id] === d.lost || r.values[d.deal.id] === 'Deal 1')
        .sort((a, b) => value(a) - value(b))
        .map((r) => r.id),
    );

    // Stage becomes a text column, which `in` does not fit: that OR group counts as met (dropping one alternative
    // would hide rows it let through), the rest still holds, and the view can still be renamed.
    await http().patch(`/api/spreadsheets/${d.sheet.id}/columns/${d.stage.id}`).set(owner.auth).send({ type: 'text' }).expect(200);
    expect(await ids()).toEqual([...big].sort((a, b) => value(a) - value(b)).map((r) => r.id));
    await http().delete(`/api/spreadsheets/${d.sheet.id}/columns/${d.deal.id}`).set(owner.auth).expect(204);
    const renamed = (
      await http()
        .patch(`${views(d.sheet.id)}/${view.id}`)
        .set(owner.auth)
        .send({ name: 'Big' })
        .expect(200)
    ).body as View;
    expect(renamed.filter).toEqual({ op: 'and', conditions: [{ columnId: d.value.id, operator: 'gte', value: 100 }] });

    // An editor who makes the shared view personal keeps it (it becomes theirs).
    const mine = (
      await http()
        .patch(`${views(d.sheet.id)}/${view.id}`)
        .set(editor.auth)
        .send({ shared: false })
        .expect(200)
    ).body as View;
    expect(mine).toMatchObject({ shared: false, createdBy: editor.user.id });
    await http()
      .get(`${views(d.sheet.id)}/${view.id}`)
      .set(editor.auth)
      .expect(200);
    await http()
      .get(`${views(d.sheet.id)}/${view.id}`)
      .set(owner.auth)
      .expect(404);
  });

  it('builds the per-view indexes of a view when it is saved, not after repeated use', async () => {
    const d = await deals();
    const indexes = () =>
      withClient(testDatabaseUrl(), async (c) =>
        (await c.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'spreadsheet_rows' AND indexname LIKE $1`, [`${sheetIndexPrefix(d.sheet.id)}%`])).rows.map(
          (r: { indexdef: string }) => r.indexdef,
        ),
      );
    expect(await indexes()).toEqual([]);
    await http()
      .post(views(d.sheet.id))
      .set(owner.auth)
      .send({
        name: 'Won by value',
        type: 'grid',
        shared: true,
        filter: { op: 'and', conditions: [{ columnId: d.stage.id, operator: 'eq', value: d.won }] },
        sorts: [{ columnId: d.value.id, direction: 'desc' }],
      })
      .expect(201);
    await server.app.get(RowIndexesService).idle();
    const built = (await indexes()).join('\n');
    expect(built).toContain('DESC NULLS LAST');
    expect(built).toContain(d.won);

    // Personal views get theirs on demand only: anyone may save many.
    const before = (await indexes()).length;
    await http()
      .post(views(d.sheet.id))
      .set(viewer.auth)
      .send({
        name: 'Lost by value',
        type: 'grid',
        shared: false,
        filter: { op: 'and', conditions: [{ columnId: d.stage.id, operator: 'eq', value: d.lost }] },
        sorts: [{ columnId: d.value.id, direction: 'asc' }],
      })
      .expect(201);
    await server.app.get(RowIndexesService).idle();
    expect((await indexes()).length).toBe(before);
  });
});
