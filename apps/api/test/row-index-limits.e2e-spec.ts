import type { Column, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import { RowIndexesService } from '../src/modules/spreadsheets/rows/row-indexes.service';
import { indexName, sheetIndexPrefix } from '../src/modules/spreadsheets/rows/row-indexes.repository';
import { indexesForView } from '../src/modules/spreadsheets/rows/rows-query';
import type { RunningServer } from '../src/server';
import { bootApp, freshDatabase, withClient } from './support/app';
import { createApiToken, registerUser, type TestAccount } from './support/factories';
import { withStoredKeys } from './support/stored-keys';

/**
 * Per-view indexes are built only for views people keep using, and their number stays within the limits however
 * many views anyone asks for: a read-only token probing every sort used to make the server build an index for each.
 * A database of its own, so the overall limit counts only this spec's indexes.
 */
describe('limits on per-view indexes', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let server: RunningServer;
  let owner: TestAccount;
  let probe: { Authorization: string };
  let sheets: { sheet: Spreadsheet; columns: Column[] }[];

  const PER_SHEET = 3;
  const TOTAL = 4;
  const indexes = (sheetId?: string) =>
    withClient(db.url, async (c) =>
      (
        await c.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'spreadsheet_rows' AND indexname LIKE $1 ORDER BY indexname`, [
          sheetId ? `${sheetIndexPrefix(sheetId)}%` : 'sr\\_%',
        ])
      ).rows.map((r: { indexname: string }) => r.indexname),
    );
  const view = (as: { Authorization: string }, sheetId: string, sort: string) =>
    request(server.url).get(`/api/spreadsheets/${sheetId}/rows`).query({ sort, limit: 5 }).set(as).expect(200);
  const settled = () => server.app.get(RowIndexesService).idle();

  beforeAll(async () => {
    db = await freshDatabase('contrivance_index_limits');
    server = await bootApp({
      DATABASE_URL: db.url,
      ROW_INDEX_MIN_ROWS: '1',
      ROW_INDEX_MIN_USES: '2',
      ROW_INDEX_MAX_PER_SHEET: String(PER_SHEET),
      ROW_INDEX_MAX_TOTAL: String(TOTAL),
    });
    owner = await registerUser(server);
    const viewer = await registerUser(server);
    probe = (await createApiToken(server, viewer, 'read')).auth;
    sheets = [];
    for (const name of ['Probed', 'Other']) {
      const sheet = (await request(server.url).post('/api/spreadsheets').set(owner.auth).send({ name }).expect(201)).body as Spreadsheet;
      const columns: Column[] = [];
      for (let i = 0; i < 8; i += 1)
        columns.push(
          (
            await request(server.url)
              .post(`/api/spreadsheets/${sheet.id}/columns`)
              .set(owner.auth)
              .send({ name: `N${i}`, type: 'number' })
              .expect(201)
          ).body,
        );
      await request(server.url)
        .post(`/api/spreadsheets/${sheet.id}/rows`)
        .set(owner.auth)
        .send({ rows: [{ values: { [columns[0].id]: 1 } }, { values: {} }] })
        .expect(201);
      await request(server.url).put(`/api/spreadsheets/${sheet.id}/members/${viewer.user.id}`).set(owner.auth).send({ role: 'viewer' }).expect(200);
      sheets.push({ sheet, columns });
    }
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('builds nothing for a view asked for once, and the index of a view in use once it is asked for again', async () => {
    const { sheet, columns } = sheets[0];
    await view(owner.auth, sheet.id, `${columns[0].id}:asc`);
    await settled();
    expect(await indexes(sheet.id)).toEqual([]);
    await view(owner.auth, sheet.id, `${columns[0].id}:asc`);
    await settled();
    expect(await indexes(sheet.id)).toHaveLength(1);
  });

  it('a read-only token probing every sort twice cannot push the sheet past its limit, nor evict an index in use', async () => {
    const { sheet, columns } = sheets[0];
    const [hot] = await indexes(sheet.id);
    for (const column of columns) {
      for (const direction of ['asc', 'desc']) {
        await view(probe, sheet.id, `${column.id}:${direction}`);
        await view(probe, sheet.id, `${column.id}:${direction}`);
        await view(owner.auth, sheet.id, `${columns[0].id}:asc`);
      }
    }
    await settled();
    const built = await indexes(sheet.id);
    expect(built.length).toBe(PER_SHEET);
    expect(built).toContain(hot);
  });

  it('past the overall limit, the least recently used index of any sheet makes room, never one in use', async () => {
    const { sheet: probed, columns: probedColumns } = sheets[0];
    const { sheet: other, columns } = sheets[1];
    const hot = indexName(probed.id, indexesForView(await withStoredKeys(probedColumns, db.url), [`${probedColumns[0].id}:asc`])[0]);
    // Time passes: every index but the owner's favourite view goes unused for five minutes.
    await view(owner.auth, probed.id, `${probedColumns[0].id}:asc`);
    await server.app.get(RowIndexesService).flushUses();
    await withClient(db.url, (c) => c.query(`UPDATE spreadsheet_row_indexes SET last_used_at = now() - interval '5 minutes' WHERE name <> $1`, [hot]));

    for (const column of columns.slice(0, 3)) {
      await view(owner.auth, other.id, `${column.id}:asc`);
      await view(owner.auth, other.id, `${column.id}:asc`);
    }
    await settled();
    const all = await indexes();
    expect(all).toHaveLength(TOTAL);
    expect(all).toContain(hot);
    expect((await indexes(other.id)).length).toBe(3);
    expect(await withClient(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM spreadsheet_row_indexes')).rows[0].n)).toBe(TOTAL);

    // With every index in use, a new view gets no index rather than taking one away.
    await withClient(db.url, (c) => c.query(`UPDATE spreadsheet_row_indexes SET last_used_at = now()`));
    await view(owner.auth, other.id, `${columns[4].id}:desc`);
    await view(owner.auth, other.id, `${columns[4].id}:desc`);
    await settled();
    expect(await indexes()).toEqual(all);
  });
});
