import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ACCESS_EXTENSIONS } from '../src/common/auth/auth.decorators';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { createApiToken, DEFAULT_PASSWORD, registerAdmin, registerMember, type TestAccount } from './support/factories';

/**
 * The authorisation matrix of every route outside a single spreadsheet (accounts, tokens, auth, operations, the sheet
 * list), generated from the committed OpenAPI document: each operation states whether it is public, admin-only or
 * session-only (x-public, x-roles, x-session-only), and every kind of caller is tried against it. The routes of one
 * spreadsheet have their own matrix (permissions.e2e-spec.ts). A new route without a request below fails this spec.
 */
interface Operation {
  method: string;
  path: string;
  operationId: string;
  isPublic: boolean;
  roles: string[] | undefined;
  sessionOnly: boolean;
}
type Spec = Record<string, unknown>;
const document = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, Spec & { operationId: string }>> };
const operations: Operation[] = Object.entries(document.paths)
  .filter(([path]) => !path.startsWith('/api/spreadsheets/{id}'))
  .flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method,
      path,
      operationId: op.operationId,
      isPublic: op[ACCESS_EXTENSIONS.public] === true,
      roles: op[ACCESS_EXTENSIONS.roles] as string[] | undefined,
      sessionOnly: op[ACCESS_EXTENSIONS.sessionOnly] === true,
    })),
  );

type Actor = 'anonymous' | 'deactivated' | 'member' | 'admin' | 'read token' | 'write token';
const ACTORS: Actor[] = ['anonymous', 'deactivated', 'member', 'admin', 'read token', 'write token'];

/** What each cell of the matrix acts on: the caller's own account, a fresh account to act upon, a token to revoke. */
interface Fixture {
  self: TestAccount;
  victim: TestAccount;
  ownTokenId: string;
}
const REQUESTS: Record<string, { path: (f: Fixture) => string; send?: (r: request.Test, f: Fixture) => request.Test }> = {
  listSpreadsheets: { path: () => '/api/spreadsheets' },
  createSpreadsheet: { path: () => '/api/spreadsheets', send: (r) => r.send({ name: 'Matrix' }) },
  listApiTokens: { path: () => '/api/tokens' },
  createApiToken: { path: () => '/api/tokens', send: (r) => r.send({ name: 'matrix', scope: 'read' }) },
  revokeApiToken: { path: (f) => `/api/tokens/${f.ownTokenId}` },
  listUsers: { path: () => '/api/users' },
  getMe: { path: () => '/api/users/me' },
  updateMe: { path: () => '/api/users/me', send: (r, f) => r.send({ displayName: f.self.user.displayName }) },
  getUser: { path: (f) => `/api/users/${f.self.user.id}` },
  updateUser: { path: (f) => `/api/users/${f.self.user.id}`, send: (r, f) => r.send({ displayName: f.self.user.displayName }) },
  deactivateUser: { path: (f) => `/api/users/${f.victim.user.id}` },
  register: {
    path: () => '/auth/register',
    send: (r) => r.send({ email: `matrix-${Math.random().toString(36).slice(2)}@example.com`, password: DEFAULT_PASSWORD, displayName: 'Matrix' }),
  },
  login: { path: () => '/auth/login', send: (r, f) => r.send({ email: f.victim.user.email, password: DEFAULT_PASSWORD }) },
  refreshToken: { path: () => '/auth/refresh', send: (r, f) => r.send({ refreshToken: f.victim.refreshToken }) },
  logout: { path: () => '/auth/logout', send: (r, f) => r.send({ refreshToken: f.self.refreshToken }) },
  validateToken: { path: () => '/auth/validate' },
  getLiveness: { path: () => '/health' },
  getReadiness: { path: () => '/health/ready' },
  getMetrics: { path: () => '/metrics' },
};

function expected(actor: Actor, op: Operation): 'allowed' | 401 | 403 {
  if (op.isPublic) return 'allowed';
  if (actor === 'anonymous' || actor === 'deactivated') return 401;
  const token = actor === 'read token' || actor === 'write token';
  if (token && op.sessionOnly) return 403;
  if (actor === 'read token' && op.method !== 'get') return 403;
  if (op.roles && !(op.roles.includes('admin') && actor === 'admin')) return 403;
  return 'allowed';
}

describe('access matrix of the account, token, auth and operations routes (from the OpenAPI document)', () => {
  let server: RunningServer;
  let gone: TestAccount;

  beforeAll(async () => {
    server = await bootApp();
    const admin = await registerAdmin(server);
    gone = await registerMember(server);
    await request(server.url).delete(`/api/users/${gone.user.id}`).set(admin.auth).expect(204);
  });
  afterAll(() => server.close());

  /** A fresh caller of the given kind (a new account each time: some routes end sessions or deactivate accounts). */
  async function caller(actor: Actor): Promise<{ auth: Record<string, string>; fixture: Fixture }> {
    const self = actor === 'admin' ? await registerAdmin(server) : await registerMember(server);
    const victim = await registerMember(server);
    const own = await createApiToken(server, self, 'read');
    const fixture = { self, victim, ownTokenId: own.token.id };
    const auth: Record<Actor, () => Promise<Record<string, string>>> = {
      anonymous: async () => ({}),
      deactivated: async () => gone.auth,
      member: async () => self.auth,
      admin: async () => self.auth,
      'read token': async () => (await createApiToken(server, self, 'read')).auth,
      'write token': async () => (await createApiToken(server, self, 'write')).auth,
    };
    return { auth: await auth[actor](), fixture };
  }

  it('finds the routes, each with a request to try', () => {
    expect(operations.length).toBeGreaterThanOrEqual(19);
    expect(operations.filter((op) => !REQUESTS[op.operationId]).map((op) => op.operationId)).toEqual([]);
  });

  it.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s', async (_name, op) => {
    const got: string[] = [];
    const want: string[] = [];
    for (const actor of ACTORS) {
      const { auth, fixture } = await caller(actor);
      const spec = REQUESTS[op.operationId];
      let req = (request(server.url) as unknown as Record<string, (p: string) => request.Test>)[op.method](spec.path(fixture)).set(auth);
      if (spec.send) req = spec.send(req, fixture);
      const res = await req;
      const outcome = res.status < 300 ? 'allowed' : res.status;
      got.push(`${actor}: ${outcome}`);
      want.push(`${actor}: ${expected(actor, op)}`);
      if (res.status >= 400) expect(res.body).toMatchObject({ statusCode: res.status, message: expect.any(String) });
    }
    expect(got).toEqual(want);
  });
});
