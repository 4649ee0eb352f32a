import type { AuthResponse, CreatedApiToken, TokenScope } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../../src/server';
import { testDatabaseUrl, withClient } from './app';

let counter = 0;
export const DEFAULT_PASSWORD = 'correct horse battery staple';

/** A unique email for this run. */
export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export interface TestAccount extends AuthResponse {
  password: string;
  auth: { Authorization: string };
}

/** Registers an account through the API, as a person would. */
export async function registerUser(server: RunningServer, fields: { email?: string; displayName?: string; password?: string } = {}): Promise<TestAccount> {
  const password = fields.password ?? DEFAULT_PASSWORD;
  const res = await request(server.url)
    .post('/auth/register')
    .send({ email: fields.email ?? uniqueEmail(), password, displayName: fields.displayName ?? 'Test User' })
    .expect(201);
  const body = res.body as AuthResponse;
  return { ...body, password, auth: { Authorization: `Bearer ${body.accessToken}` } };
}

/** Registers an account and makes it admin directly in the database (only the first account of a database is admin by sign-up). */
export async function registerAdmin(server: RunningServer): Promise<TestAccount> {
  const account = await registerUser(server, { displayName: 'Test Admin' });
  await withClient(testDatabaseUrl(), (c) => c.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [account.user.id]));
  return { ...account, user: { ...account.user, role: 'admin' } };
}

/**
 * Registers an account that is surely a member: the first account of the run's database becomes admin, which would
 * give a spec's "member" owner rights everywhere.
 */
export async function registerMember(server: RunningServer): Promise<TestAccount> {
  const account = await registerUser(server);
  await withClient(testDatabaseUrl(), (c) => c.query(`UPDATE users SET role = 'member' WHERE id = $1`, [account.user.id]));
  return { ...account, user: { ...account.user, role: 'member' } };
}

/** A personal API token of the account, as a Bearer header. */
export async function createApiToken(server: RunningServer, account: TestAccount, scope: TokenScope): Promise<{ token: CreatedApiToken; auth: { Authorization: string } }> {
  const res = await request(server.url)
    .post('/api/tokens')
    .set(account.auth)
    .send({ name: `${scope} token`, scope })
    .expect(201);
  return { token: res.body, auth: { Authorization: `Bearer ${res.body.token}` } };
}
