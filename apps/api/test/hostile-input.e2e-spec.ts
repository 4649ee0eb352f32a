import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import fc from 'fast-check';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, type TestSocket } from './support/sockets';

/**
 * Generated hostile input at every route of the OpenAPI document and every socket event: whatever arrives, the
 * answer is never a 5xx, never carries a stack trace or SQL, follows the error shape, and a refused request changes
 * nothing (the sheet's version, which every change bumps, stays put).
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

const LEAKS = /\bat [\w$.<>]+ \(|node_modules|SELECT |INSERT INTO|UPDATE \w+ SET|syntax error|QueryFailedError|\/work\/|stack/i;
const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);

/** JSON values of every shape, with strings that like to break things. */
const nasty = fc.oneof(
  fc.constantFrom('', ' ', "'; DROP TABLE users; --", '<script>alert(1)</script>', '=cmd|" /C calc"!A0', '\u0000', '../../etc/passwd', '𝕏'.repeat(50), 'a'.repeat(5000), '1e309', '-0', 'NaN', 'true', 'null', '00000000-0000-4000-8000-000000000000'),
  fc.string(),
);
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.oneof(nasty, fc.string()), tie('value'), { maxKeys: 5 })),
})).value;

describe('hostile input', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  let sheet: Spreadsheet;
  let column: Column;
  let row: Row;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    owner = await registerMember(server);
    sheet = await api.create(owner, { name: 'Target', template: 'sales-pipeline' });
    column = sheet.columns.find((c) => c.name === 'Value')!;
    const deal = sheet.columns.find((c) => c.name === 'Deal')!;
    [row] = await api.rows(owner, sheet.id, [{ [deal.id]: 'Target deal', [column.id]: 1 }]);
  });
  afterAll(() => server.close());

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
      fc.asyncProperty(anyJson, fc.dictionary(fc.constantFrom(...op.query, 'limit', 'offset', 'sort', 'filter', 'x'), nasty, { maxKeys: 4 }), async (body, query) => {
        const before = op.path.startsWith('/api/spreadsheets/{id}') ? await version() : undefined;
        const req = (request(server.url) as unknown as Record<string, (p: string) => request.Test>)[op.method](concrete(op.path)).set(owner.auth).query(query);
        const res = op.method === 'get' || op.method === 'delete' ? await req : await req.set('Content-Type', 'application/json').send(JSON.stringify(body));
        expectSafe(res.status, res.body, res.text, name);
        if (before !== undefined && res.status >= 400) expect(await version()).toBe(before);
      }),
      { numRuns: RUNS, seed: 20261126 },
    );
  });

  it('survives generated payloads on every socket event, answering each with an ack and changing nothing refused', async () => {
    const socket: TestSocket = await connectSocket(server.url, owner.accessToken);
    try {
      for (const event of ['join', 'leave', 'cell:update', 'row:create', 'row:delete', 'presence:update']) {
        await fc.assert(
          fc.asyncProperty(anyJson, async (payload) => {
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
