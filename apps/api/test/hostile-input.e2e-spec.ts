import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import fc from 'fast-check';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { startBuiltApp, type BuiltApp } from './support/built-app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, type TestSocket } from './support/sockets';

/**
 * Generated hostile input at every route of the OpenAPI document and every socket event, sent to the built app
 * running as its own process the way `npm start` runs it (the SPA served): bodies of every JSON shape, nested up to
 * hundreds of levels, strings with NUL and unpaired surrogates, bodies cut short, any media type. Whatever arrives,
 * the answer is never a 5xx, never carries a stack trace or SQL, follows the error shape, a refused request changes
 * nothing (the sheet's version, which every change bumps, stays put), and the process never exits.
 */
const document = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
};
/** Routes that end the caller's own session or account would stop the run; they get their own tests elsewhere. */
const SKIPPED = new Set(['POST /auth/logout', 'DELETE /api/users/{id}', 'PUT /api/users/{id}', 'PATCH /api/users/me', 'DELETE /api/tokens/{id}']);
const operations = Object.entries(document.paths)
  .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) })))
  .filter((op) => !SKIPPED.has(`${op.method.toUpperCase()} ${op.path}`))
  // Deletions last: a well-formed one really deletes, and later routes still want the row and column to exist.
  .sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));

// SQL as the server writes it (upper case): a sheet's own API document says "select" of its select columns.
const LEAKS = {
  test: (text: string) => /\bat [\w$.<>]+ \(|node_modules|syntax error|QueryFailedError|\/work\/|stack/i.test(text) || /SELECT |INSERT INTO|UPDATE \w+ SET/.test(text),
};
const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);

/** JSON values of every shape, with strings that like to break things. */
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    "'; DROP TABLE users; --",
    '<script>alert(1)</script>',
    '=cmd|" /C calc"!A0',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '../../etc/passwd',
    '𝕏'.repeat(50),
    'a'.repeat(5000),
    '1e309',
    '-0',
    'NaN',
    'true',
    'null',
    '00000000-0000-4000-8000-000000000000',
  ),
  fc.string(),
  fc.string({ unit: 'binary' }),
);
const shallowJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nasty, fc.string()), tie('value'), { maxKeys: 5 }),
  ),
})).value;
/** Some values buried under up to 300 levels of arrays and objects (the app allows 32). */
const anyJson = fc.oneof(
  { weight: 4, arbitrary: shallowJson },
  {
    weight: 1,
    arbitrary: fc.tuple(shallowJson, fc.integer({ min: 20, max: 300 }), fc.boolean()).map(([leaf, depth, inObjects]) => {
      let value: unknown = leaf;
      for (let i = 0; i < depth; i += 1) value = inObjects ? { name: value } : [value];
      return value;
    }),
  },
);
const MEDIA_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
];
/** How a generated body is sent: as JSON, cut short at some byte, or declared as another media type. */
const delivery = fc.record({ type: fc.constantFrom(...MEDIA_TYPES), cutAt: fc.option(fc.nat(), { freq: 3 }) });

describe('hostile input', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  let sheet: Spreadsheet;
  let column: Column;
  let row: Row;

  let app: BuiltApp;

  beforeAll(async () => {
    app = await startBuiltApp({ REALTIME_WRITES_PER_SECOND: '100000', REALTIME_EVENTS_PER_SECOND: '100000', AUTH_ACCOUNT_RATE_LIMIT: '100000' });
    server = { url: app.base } as RunningServer;
    api = sheetsApi(server);
    owner = await registerMember(server);
    sheet = await api.create(owner, { name: 'Target', template: 'sales-pipeline' });
    column = sheet.columns.find((c) => c.name === 'Value')!;
    const deal = sheet.columns.find((c) => c.name === 'Deal')!;
    [row] = await api.rows(owner, sheet.id, [{ [deal.id]: 'Target deal', [column.id]: 1 }]);
  });
  afterAll(async () => {
    expect(app.exited()).toBe(false);
    expect((await request(server.url).get('/health/ready')).status).toBe(200);
    expect((await app.stop()).code).toBe(0);
  });

  const version = async () => ((await request(server.url).get(`/api/spreadsheets/${sheet.id}`).set(owner.auth)).body as Spreadsheet).version;
  const concrete = (path: string) =>
    path
      .replace('{id}', sheet.id)
      .replace('{rowId}', row.id)
      .replace('{columnId}', column.id)
      .replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');

  function expectSafe(status: number, body: unknown, text: string, what: string): void {
    if (status >= 500) throw new Error(`${what}: ${status} ${text.slice(0, 300)}`);
    if (LEAKS.test(text)) throw new Error(`${what}: the answer leaks internals: ${text.slice(0, 300)}`);
    if (status >= 400 && text) expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  }

  it.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s never fails or leaks on generated bodies and queries', async (name, op) => {
    await fc.assert(
      fc.asyncProperty(
        anyJson,
        delivery,
        fc.dictionary(fc.constantFrom(...op.query, 'limit', 'offset', 'sort', 'filter', 'x'), nasty, { maxKeys: 4 }),
        async (body, how, query) => {
          const before = op.path.startsWith('/api/spreadsheets/{id}') ? await version() : undefined;
          const req = (request(server.url) as unknown as Record<string, (p: string) => request.Test>)[op.method](concrete(op.path)).set(owner.auth).query(query);
          let res: request.Response;
          if (op.method === 'get' || op.method === 'delete') res = await req;
          else {
            const text = JSON.stringify(body) ?? 'null';
            res = await req.set('Content-Type', how.type).send(how.cutAt === null ? text : text.slice(0, how.cutAt % (text.length + 1)));
          }
          expectSafe(res.status, res.body, res.text, name);
          if (before !== undefined && res.status >= 400) expect(await version()).toBe(before);
          expect(app.exited()).toBe(false);
        },
      ),
      { numRuns: RUNS, seed: 20261126 },
    );
  });

  it('survives generated payloads on every socket event, answering each with an ack and changing nothing refused', async () => {
    const socket: TestSocket = await connectSocket(server.url, owner.accessToken);
    try {
      for (const event of ['join', 'leave', 'cell:update', 'row:create', 'row:delete', 'presence:update']) {
        await fc.assert(
          // The Socket.IO client walks payloads recursively itself: deeper ones go as raw frames (realtime-limits spec).
          fc.asyncProperty(shallowJson, async (payload) => {
            const before = await version();
            const ack = await socket.call(event, payload);
            expect(typeof ack.ok).toBe('boolean');
            expect(LEAKS.test(JSON.stringify(ack))).toBe(false);
            if (!ack.ok) {
              expect(ack.error).toMatch(/^(validation_failed|not_found|forbidden|conflict|rate_limited)$/);
              expect(await version()).toBe(before);
            }
          }),
          { numRuns: RUNS * 2, seed: 20261126 },
        );
      }
      expect(socket.socket.connected).toBe(true);
    } finally {
      socket.close();
    }
  });
});
