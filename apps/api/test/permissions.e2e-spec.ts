import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SheetRole } from '@contrivance/contracts';
import request from 'supertest';
import { SHEET_ROLE_EXTENSION } from '../src/modules/spreadsheets/access/sheet-route.decorator';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { createApiToken, registerAdmin, registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

/**
 * The permission matrix of every spreadsheet route, generated from the committed OpenAPI document: each operation
 * under /api/spreadsheets/{id} declares its least role (x-sheet-role), and every kind of caller is tried against it
 * on a fresh sheet. A new route without a declared role, or without a request below, fails this spec.
 */
interface Operation {
  method: string;
  path: string;
  operationId: string;
  role: SheetRole | undefined;
}

const document = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; [SHEET_ROLE_EXTENSION]?: SheetRole }>>;
};
const operations: Operation[] = Object.entries(document.paths)
  .filter(([path]) => path.startsWith('/api/spreadsheets/{id}'))
  .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, operationId: op.operationId, role: op[SHEET_ROLE_EXTENSION] })));

/** What one cell of the matrix works on: a sheet with an editor, a viewer, a column, a row, a cell change, an import, a webhook, a view and a comment. */
interface Fixture {
  sheetId: string;
  columnId: string;
  rowId: string;
  seq: number;
  viewerId: string;
  outsiderId: string;
  importId: string;
  webhookId: string;
  stageColumnId: string;
  valueColumnId: string;
  /** A personal view of the caller's own account (a view of someone else's is a 404 whatever the role: views.e2e-spec). */
  viewId: string;
  /** A comment by the caller's own account on the row (only its author edits it: comments.e2e-spec). */
  commentId: string;
}

type Send = (req: request.Test, f: Fixture) => request.Test;
/** A valid request per operation, so that an allowed caller succeeds and a refusal can only be about permission. */
const REQUESTS: Record<string, { path: (f: Fixture) => string; send?: Send }> = {
  getSpreadsheet: { path: (f) => `/api/spreadsheets/${f.sheetId}` },
  updateSpreadsheet: { path: (f) => `/api/spreadsheets/${f.sheetId}`, send: (r) => r.send({ name: 'Renamed' }) },
  deleteSpreadsheet: { path: (f) => `/api/spreadsheets/${f.sheetId}` },
  createColumn: { path: (f) => `/api/spreadsheets/${f.sheetId}/columns`, send: (r) => r.send({ name: 'Extra', type: 'text' }) },
  updateColumn: { path: (f) => `/api/spreadsheets/${f.sheetId}/columns/${f.columnId}`, send: (r) => r.send({ name: 'Deal name' }) },
  deleteColumn: { path: (f) => `/api/spreadsheets/${f.sheetId}/columns/${f.columnId}` },
  exportCsv: { path: (f) => `/api/spreadsheets/${f.sheetId}/export.csv` },
  importCsv: { path: (f) => `/api/spreadsheets/${f.sheetId}/import`, send: (r) => r.attach('file', Buffer.from('Deal\nImported\n'), 'deals.csv') },
  getImportProgress: { path: (f) => `/api/spreadsheets/${f.sheetId}/imports/${f.importId}` },
  listChanges: { path: (f) => `/api/spreadsheets/${f.sheetId}/history` },
  restoreChange: { path: (f) => `/api/spreadsheets/${f.sheetId}/history/${f.seq}/restore` },
  listMembers: { path: (f) => `/api/spreadsheets/${f.sheetId}/members` },
  setMember: { path: (f) => `/api/spreadsheets/${f.sheetId}/members/${f.outsiderId}`, send: (r) => r.send({ role: 'viewer' }) },
  removeMember: { path: (f) => `/api/spreadsheets/${f.sheetId}/members/${f.viewerId}` },
  listRows: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows` },
  getRow: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows/${f.rowId}` },
  createRows: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows`, send: (r, f) => r.send({ rows: [{ values: { [f.columnId]: 'New' } }] }) },
  updateRow: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows/${f.rowId}`, send: (r, f) => r.send({ values: { [f.columnId]: 'Changed' } }) },
  updateRows: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows`, send: (r, f) => r.send({ updates: [{ rowId: f.rowId, values: { [f.columnId]: 'Pasted' } }] }) },
  deleteRow: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows/${f.rowId}` },
  getPipelineReport: { path: (f) => `/api/spreadsheets/${f.sheetId}/pipeline`, send: (r, f) => r.query({ stageColumn: f.stageColumnId, valueColumn: f.valueColumnId }) },
  createWebhook: { path: (f) => `/api/spreadsheets/${f.sheetId}/webhooks`, send: (r) => r.send({ url: 'https://hooks.example.com/matrix' }) },
  listWebhooks: { path: (f) => `/api/spreadsheets/${f.sheetId}/webhooks` },
  deleteWebhook: { path: (f) => `/api/spreadsheets/${f.sheetId}/webhooks/${f.webhookId}` },
  listWebhookDeliveries: { path: (f) => `/api/spreadsheets/${f.sheetId}/webhooks/${f.webhookId}/deliveries` },
  summarizeRows: { path: (f) => `/api/spreadsheets/${f.sheetId}/summary`, send: (r, f) => r.query({ fn: `${f.valueColumnId}:sum`, groupBy: f.stageColumnId }) },
  searchCells: { path: (f) => `/api/spreadsheets/${f.sheetId}/search`, send: (r) => r.query({ q: 'a' }) },
  listViews: { path: (f) => `/api/spreadsheets/${f.sheetId}/views` },
  createView: { path: (f) => `/api/spreadsheets/${f.sheetId}/views`, send: (r) => r.send({ name: 'Mine', type: 'grid', shared: false }) },
  getView: { path: (f) => `/api/spreadsheets/${f.sheetId}/views/${f.viewId}` },
  updateView: { path: (f) => `/api/spreadsheets/${f.sheetId}/views/${f.viewId}`, send: (r) => r.send({ name: 'Renamed' }) },
  deleteView: { path: (f) => `/api/spreadsheets/${f.sheetId}/views/${f.viewId}` },
  undo: { path: (f) => `/api/spreadsheets/${f.sheetId}/undo` },
  redo: { path: (f) => `/api/spreadsheets/${f.sheetId}/redo` },
  listComments: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows/${f.rowId}/comments` },
  createComment: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows/${f.rowId}/comments`, send: (r) => r.send({ body: 'A comment' }) },
  updateComment: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows/${f.rowId}/comments/${f.commentId}`, send: (r) => r.send({ body: 'Edited' }) },
  deleteComment: { path: (f) => `/api/spreadsheets/${f.sheetId}/rows/${f.rowId}/comments/${f.commentId}` },
  getSpreadsheetOpenApi: { path: (f) => `/api/spreadsheets/${f.sheetId}/openapi.json` },
  countComments: { path: (f) => `/api/spreadsheets/${f.sheetId}/comments/counts`, send: (r, f) => r.query({ rowIds: f.rowId }) },
};

type Actor = 'anonymous' | 'deactivated' | 'non-member' | 'viewer' | 'editor' | 'owner' | 'admin' | 'read token' | 'write token';
const ACTORS: Actor[] = ['anonymous', 'deactivated', 'non-member', 'viewer', 'editor', 'owner', 'admin', 'read token', 'write token'];
const RANK: Record<SheetRole, number> = { viewer: 0, editor: 1, owner: 2 };
const READS = new Set(['get', 'head']);

/** What the contract promises for this caller: 401 without a working credential, 404 without visibility, 403 for too little role. */
function expected(actor: Actor, op: Operation): 'allowed' | 401 | 403 | 404 {
  const needed = RANK[op.role!];
  switch (actor) {
    case 'anonymous':
    case 'deactivated':
      return 401;
    case 'non-member':
      return 404;
    case 'viewer':
    case 'editor':
      return RANK[actor] >= needed ? 'allowed' : 403;
    case 'read token':
      return READS.has(op.method) ? 'allowed' : 403;
    default:
      return 'allowed';
  }
}

describe('permission matrix of the spreadsheet routes (from the OpenAPI document)', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  let editor: TestAccount;
  let viewer: TestAccount;
  let outsider: TestAccount;
  let admin: TestAccount;
  let auth: Record<Actor, Record<string, string>>;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    [owner, editor, viewer, outsider] = await Promise.all([0, 1, 2, 3].map(() => registerMember(server)));
    admin = await registerAdmin(server);
    const gone = await registerMember(server);
    await request(server.url).delete(`/api/users/${gone.user.id}`).set(admin.auth).expect(204);
    auth = {
      anonymous: {},
      deactivated: gone.auth,
      'non-member': outsider.auth,
      viewer: viewer.auth,
      editor: editor.auth,
      owner: owner.auth,
      admin: admin.auth,
      'read token': (await createApiToken(server, owner, 'read')).auth,
      'write token': (await createApiToken(server, owner, 'write')).auth,
    };
  });
  afterAll(() => server.close());

  /** The account behind each caller (tokens are the owner's). */
  const accountOf = (actor: Actor): TestAccount => ({ viewer, editor, admin })[actor as 'viewer' | 'editor' | 'admin'] ?? owner;

  async function fixture(actor: Actor): Promise<Fixture> {
    const sheet = await api.create(owner, { name: 'Matrix' });
    await api.share(owner, sheet.id, editor.user.id, 'editor');
    await api.share(owner, sheet.id, viewer.user.id, 'viewer');
    const column = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    const [row] = await api.rows(owner, sheet.id, [{ [column.id]: 'First' }]);
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
      .set(owner.auth)
      .send({ values: { [column.id]: 'Second' } })
      .expect(200);
    const history = await request(server.url).get(`/api/spreadsheets/${sheet.id}/history`).set(owner.auth).query({ rowId: row.id }).expect(200);
    const importId = randomUUID();
    await request(server.url)
      .post(`/api/spreadsheets/${sheet.id}/import`)
      .set(owner.auth)
      .query({ importId })
      .attach('file', Buffer.from('Deal\nImported\n'), 'deals.csv')
      .expect(201);
    const stage = await api.column(owner, sheet.id, { name: 'Stage', type: 'select', options: [{ id: 'won', label: 'Won', probability: 100 }] });
    const value = await api.column(owner, sheet.id, { name: 'Value', type: 'number' });
    // A kind of change the fixture never makes: no deliveries pile up for an unreachable host (every spec shares the
    // run's database, and a backlog of retries would hold up the deliveries the webhooks spec waits for).
    const hook = await request(server.url)
      .post(`/api/spreadsheets/${sheet.id}/webhooks`)
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/matrix', events: ['view:delete'] })
      .expect(201);
    const view = await request(server.url)
      .post(`/api/spreadsheets/${sheet.id}/views`)
      .set(accountOf(actor).auth)
      .send({ name: 'Personal', type: 'grid', shared: false })
      .expect(201);
    // Something for the caller's account to undo and to redo (a viewer can have neither).
    if (actor !== 'viewer') {
      const edit = (text: string) =>
        request(server.url)
          .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
          .set(accountOf(actor).auth)
          .send({ values: { [column.id]: text } })
          .expect(200);
      await edit('Third');
      await edit('Fourth');
      await request(server.url).post(`/api/spreadsheets/${sheet.id}/undo`).set(accountOf(actor).auth).expect(200);
    }
    const comment = await request(server.url).post(`/api/spreadsheets/${sheet.id}/rows/${row.id}/comments`).set(accountOf(actor).auth).send({ body: 'Mine' }).expect(201);
    return {
      sheetId: sheet.id,
      columnId: column.id,
      rowId: row.id,
      seq: history.body.items[0].seq,
      viewerId: viewer.user.id,
      outsiderId: outsider.user.id,
      importId,
      webhookId: hook.body.id,
      stageColumnId: stage.id,
      valueColumnId: value.id,
      viewId: view.body.id,
      commentId: comment.body.id,
    };
  }

  it('finds the routes in the document, each with a declared role and a request to try', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    expect(operations.filter((op) => !op.role).map((op) => `${op.method.toUpperCase()} ${op.path}`)).toEqual([]);
    expect(operations.filter((op) => !REQUESTS[op.operationId]).map((op) => op.operationId)).toEqual([]);
  });

  it.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path} (${op.role})`, op] as const))('%s', async (_name, op) => {
    const outcomes: string[] = [];
    const wanted: string[] = [];
    for (const actor of ACTORS) {
      const f = await fixture(actor);
      const spec = REQUESTS[op.operationId];
      let req = (request(server.url) as unknown as Record<string, (path: string) => request.Test>)[op.method](spec.path(f)).set(auth[actor]);
      if (spec.send) req = spec.send(req, f);
      const res = await req;
      const want = expected(actor, op);
      const got = res.status < 300 ? 'allowed' : res.status;
      outcomes.push(`${actor}: ${got}${got === 'allowed' ? '' : ` ${res.body?.message ?? ''}`}`);
      wanted.push(`${actor}: ${want}${want === 'allowed' ? '' : ` ${res.status === want ? (res.body?.message ?? '') : '…'}`}`);
      // A 404 must look exactly like a missing sheet: never a hint that it exists.
      if (want === 404 && res.status === 404) expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Spreadsheet not found' });
      if (want === 403) expect(res.body.statusCode).toBe(403);
    }
    expect(outcomes).toEqual(wanted);
  });
});
