import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket } from './support/sockets';
import { SheetAccessService, type SheetContext } from '../src/modules/spreadsheets/access/sheet-access.service';

/**
 * Column changes racing cell writes. A write's values are checked against the columns it read before it waited for
 * the sheet's lock; a retype or delete that took the lock first must still bind it. Whatever order things commit in,
 * the stored values always fit the column as it ends up (else sorting, filtering and exporting the sheet fail for
 * everyone), and no value outlives its column.
 */
describe('column changes racing cell writes', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  const ROWS = 2000;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    owner = await registerMember(server);
  });
  afterAll(() => server.close());

  async function bigSheet(seed: string): Promise<{ sheet: Spreadsheet; column: Column; rows: Row[] }> {
    const sheet = await api.create(owner, { name: 'Race' });
    const column = await api.column(owner, sheet.id, { name: 'Field', type: 'text' });
    const rows: Row[] = [];
    for (let i = 0; i < ROWS; i += 1000)
      rows.push(
        ...(await api.rows(
          owner,
          sheet.id,
          Array.from({ length: 1000 }, () => ({ [column.id]: seed })),
        )),
      );
    return { sheet, column, rows };
  }

  /** Every way a cell value gets written, each aimed at `column` with `value`. */
  function writers(sheet: Spreadsheet, column: Column, rows: Row[], value: string, socket: Awaited<ReturnType<typeof connectSocket>>): Promise<unknown>[] {
    const http = () => request(server.url);
    const pick = (i: number) => rows[(i * 37) % rows.length];
    return [
      ...Array.from({ length: 20 }, (_, i) =>
        http()
          .patch(`/api/spreadsheets/${sheet.id}/rows/${pick(i).id}`)
          .set(owner.auth)
          .send({ values: { [column.id]: value } }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        http()
          .patch(`/api/spreadsheets/${sheet.id}/rows`)
          .set(owner.auth)
          .send({ updates: [0, 1, 2].map((k) => ({ rowId: pick(100 + i * 3 + k).id, values: { [column.id]: value } })) }),
      ),
      ...Array.from({ length: 5 }, () =>
        http()
          .post(`/api/spreadsheets/${sheet.id}/rows`)
          .set(owner.auth)
          .send({ rows: [{ values: { [column.id]: value } }] }),
      ),
      ...Array.from({ length: 10 }, (_, i) => socket.call('cell:update', { spreadsheetId: sheet.id, rowId: pick(200 + i).id, columnId: column.id, value, clientId: `race-${i}` })),
    ];
  }

  async function storedValues(sheetId: string, columnId: string): Promise<unknown[]> {
    return withClient(testDatabaseUrl(), async (c) =>
      (
        await c.query(
          `SELECT r.data->k.key AS v FROM spreadsheet_rows r, (SELECT key::text AS key FROM spreadsheet_columns WHERE id = $2) k WHERE r.sheet_id = $1 AND r.data ? k.key`,
          [sheetId, columnId],
        )
      ).rows.map((r) => r.v),
    );
  }

  it.each([
    ['number', '12', 'not a number', (v: unknown) => typeof v === 'number'],
    ['url', 'https://example.com', 'javascript:alert(1)', (v: unknown) => typeof v === 'string' && v.startsWith('https://')],
  ])('a retype to %s never lets an unfit value through, by any door', async (type, seed, unfit, fits) => {
    const { sheet, column, rows } = await bigSheet(seed);
    const socket = await connectSocket(server.url, owner.accessToken);
    try {
      expect((await socket.join(sheet.id)).ok).toBe(true);
      // The retype starts first; the writes, checked against the text column they read, queue behind its lock.
      const retype = request(server.url).patch(`/api/spreadsheets/${sheet.id}/columns/${column.id}`).set(owner.auth).send({ type });
      const retyped = retype.then((r) => r);
      await new Promise((r) => setTimeout(r, 5));
      const results = await Promise.all([retyped, ...writers(sheet, column, rows, unfit, socket)]);
      const retypeStatus = results[0].status;

      const final = (await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth).expect(200)).body as Spreadsheet;
      const finalType = final.columns.find((c) => c.id === column.id)!.type;
      const values = await storedValues(sheet.id, column.id);
      if (finalType === type) {
        // The retype won: every value converted or was refused, none of the unfit ones slipped in.
        expect(values.every(fits)).toBe(true);
        expect(values).not.toContain(unfit);
      } else {
        // A write won the race and the retype was refused (409) because of it: the column stayed text.
        expect(retypeStatus).toBe(409);
      }
      // Sorting and exporting the sheet work for everyone afterwards.
      await request(server.url)
        .get(`/api/spreadsheets/${sheet.id}/rows`)
        .query({ sort: `${column.id}:asc`, limit: 5 })
        .set(owner.auth)
        .expect(200);
      await request(server.url).get(`/api/spreadsheets/${sheet.id}/export.csv`).set(owner.auth).expect(200);
    } finally {
      socket.close();
    }
  });

  it('a deleted column gets no values back from writes that were checked before the delete', async () => {
    const { sheet, column, rows } = await bigSheet('keep');
    const socket = await connectSocket(server.url, owner.accessToken);
    try {
      expect((await socket.join(sheet.id)).ok).toBe(true);
      const removal = request(server.url)
        .delete(`/api/spreadsheets/${sheet.id}/columns/${column.id}`)
        .set(owner.auth)
        .then((r) => r);
      await new Promise((r) => setTimeout(r, 5));
      const [removed] = await Promise.all([removal, ...writers(sheet, column, rows, 'ghost', socket)]);
      expect(removed.status).toBe(204);
      expect(await storedValues(sheet.id, column.id)).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('a write that read the columns before a column was deleted and brought back by undo lands under the key it has now', async () => {
    const sheet = await api.create(owner, { name: 'Undone' });
    const column = await api.column(owner, sheet.id, { name: 'Field', type: 'text' });
    const [row] = await api.rows(owner, sheet.id, [{ [column.id]: 'first' }]);
    // The columns as a write read them from the cache before the delete and the undo (another instance's cache, or a
    // write that waited for the sheet's lock meanwhile).
    const access = server.app.get(SheetAccessService);
    const original = access.requireSheet.bind(access);
    let stale: SheetContext | undefined;
    const read = jest.spyOn(access, 'requireSheet').mockImplementation(async (...args) => {
      const context = await original(...args);
      stale ??= context;
      return context;
    });
    try {
      await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(owner.auth).expect(200);
      const before = stale!;
      await request(server.url).delete(`/api/spreadsheets/${sheet.id}/columns/${column.id}`).set(owner.auth).expect(204);
      await request(server.url).post(`/api/spreadsheets/${sheet.id}/undo`).set(owner.auth).expect(200);
      read.mockImplementation(async () => before);
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(owner.auth)
        .send({ values: { [column.id]: 'second' } })
        .expect(200);
    } finally {
      read.mockRestore();
    }
    const again = (await request(server.url).get(`/api/spreadsheets/${sheet.id}/rows/${row.id}`).set(owner.auth).expect(200)).body as Row;
    expect(again.values[column.id]).toBe('second');
    // Nothing left under a key no column has.
    expect(await storedValues(sheet.id, column.id)).toEqual(['second']);
    const [{ keys }] = await withClient(testDatabaseUrl(), (c) =>
      c.query<{ keys: string[] }>(`SELECT array(SELECT jsonb_object_keys(data)) AS keys FROM spreadsheet_rows WHERE id = $1`, [row.id]).then((r) => r.rows),
    );
    expect(keys).toHaveLength(1);
  });

  it('restoring an old value that no longer fits the column is refused', async () => {
    const sheet = await api.create(owner, { name: 'Restore' });
    const column = await api.column(owner, sheet.id, { name: 'Field', type: 'text' });
    const [row] = await api.rows(owner, sheet.id, [{ [column.id]: 'words' }]);
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
      .set(owner.auth)
      .send({ values: { [column.id]: '7' } })
      .expect(200);
    await request(server.url).patch(`/api/spreadsheets/${sheet.id}/columns/${column.id}`).set(owner.auth).send({ type: 'number' }).expect(200);
    const history = (await request(server.url).get(`/api/spreadsheets/${sheet.id}/history`).query({ rowId: row.id }).set(owner.auth).expect(200)).body as {
      items: { seq: number; kind: string }[];
    };
    const edit = history.items.find((c) => c.kind === 'cell')!;
    const res = await request(server.url).post(`/api/spreadsheets/${sheet.id}/history/${edit.seq}/restore`).set(owner.auth).expect(400);
    expect(res.body.message).toContain('must be a number');
    expect(await storedValues(sheet.id, column.id)).toEqual([7]);
  });
});
