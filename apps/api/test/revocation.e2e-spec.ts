import type { AuthResponse, Spreadsheet } from '@contrivance/contracts';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp, TEST_SECRETS, testDatabaseUrl, withClient } from './support/app';
import { registerAdmin, registerMember, type TestAccount } from './support/factories';
import { connectSocket, eventually, type TestSocket } from './support/sockets';

const sidOf = (accessToken: string) => (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid;

/**
 * An access token lives only as long as the session it was issued for: whatever ends the session (logout, a reused
 * refresh token, a password change, deactivation; from this instance or any other) stops its access tokens at once,
 * on HTTP and on the sockets opened with them, although the tokens have not expired.
 */
describe('revoked sessions and tokens', () => {
  let server: RunningServer;
  let admin: TestAccount;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    server = await bootApp();
    admin = await registerAdmin(server);
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(() => server.close());

  const validate = (token: string) => request(server.url).get('/auth/validate').set('Authorization', `Bearer ${token}`);
  const login = async (account: TestAccount, password = account.password): Promise<AuthResponse> =>
    (await request(server.url).post('/auth/login').send({ email: account.user.email, password }).expect(200)).body;
  async function socketOf(token: string): Promise<TestSocket> {
    const socket = await connectSocket(server.url, token);
    open.push(socket);
    return socket;
  }
  /** The token is refused over HTTP and its socket is closed, without waiting for the token to expire. */
  async function expectDead(token: string, socket: TestSocket): Promise<void> {
    await eventually(() => !socket.socket.connected, 2000, 'the socket to be dropped');
    await validate(token).expect(401);
    await expect(connectSocket(server.url, token)).rejects.toThrow('unauthorized');
  }

  it('logout ends the access tokens of that session, not of the others', async () => {
    const account = await registerMember(server);
    const other = await login(account);
    const socket = await socketOf(account.accessToken);
    const otherSocket = await socketOf(other.accessToken);
    await request(server.url).post('/auth/logout').set(account.auth).send({ refreshToken: account.refreshToken }).expect(204);
    await expectDead(account.accessToken, socket);
    await validate(other.accessToken).expect(200);
    expect(otherSocket.socket.connected).toBe(true);
  });

  it('a reused refresh token ends its whole family, access tokens included', async () => {
    const account = await registerMember(server);
    const rotated = (await request(server.url).post('/auth/refresh').send({ refreshToken: account.refreshToken }).expect(200)).body as AuthResponse;
    const socket = await socketOf(rotated.accessToken);
    await request(server.url).post('/auth/refresh').send({ refreshToken: account.refreshToken }).expect(401);
    await expectDead(rotated.accessToken, socket);
    await validate(account.accessToken).expect(401);
  });

  it('a password change ends every other session; the one that changed it carries on', async () => {
    const account = await registerMember(server);
    const elsewhere = await login(account);
    const socket = await socketOf(elsewhere.accessToken);
    await request(server.url).patch('/api/users/me').set(account.auth).send({ currentPassword: account.password, newPassword: 'a brand new password' }).expect(200);
    await expectDead(elsewhere.accessToken, socket);
    await validate(account.accessToken).expect(200);
  });

  it('a token from before a deactivation stays dead after the account is reactivated', async () => {
    const account = await registerMember(server);
    const socket = await socketOf(account.accessToken);
    await request(server.url).delete(`/api/users/${account.user.id}`).set(admin.auth).expect(204);
    await eventually(() => !socket.socket.connected, 2000, 'the socket to be dropped');
    await request(server.url).put(`/api/users/${account.user.id}`).set(admin.auth).send({ isActive: true }).expect(200);
    await validate(account.accessToken).expect(401);
    await expect(connectSocket(server.url, account.accessToken)).rejects.toThrow('unauthorized');
    await validate((await login(account)).accessToken).expect(200);
  });

  it('a session revoked in the database by anyone (another instance, an operator) ends its tokens within moments', async () => {
    const account = await registerMember(server);
    const socket = await socketOf(account.accessToken);
    await validate(account.accessToken).expect(200); // cached as live
    await withClient(testDatabaseUrl(), (c) => c.query('UPDATE user_sessions SET revoked_at = now() WHERE family_id = $1', [sidOf(account.accessToken)]));
    await expectDead(account.accessToken, socket);
  });

  it('refuses signed tokens without an expiry or a session, on HTTP and sockets', async () => {
    const account = await registerMember(server);
    const sid = sidOf(account.accessToken);
    const options = { algorithm: 'HS256' as const, issuer: 'contrivance', audience: 'contrivance-api' };
    const forever = sign({ sub: account.user.id, role: 'member', sid }, TEST_SECRETS.JWT_SECRET, options);
    const sessionless = sign({ sub: account.user.id, role: 'member' }, TEST_SECRETS.JWT_SECRET, { ...options, expiresIn: 600 });
    for (const token of [forever, sessionless]) {
      await validate(token).expect(401);
      await expect(connectSocket(server.url, token)).rejects.toThrow('unauthorized');
    }
    // The same claims with an expiry and the live session are fine: the refusals are about exactly those.
    await validate(sign({ sub: account.user.id, role: 'member', sid }, TEST_SECRETS.JWT_SECRET, { ...options, expiresIn: 600 })).expect(200);
  });

  it('a socket opened with a revoked session cannot act even before it is dropped', async () => {
    const account = await registerMember(server);
    const sheet = (await request(server.url).post('/api/spreadsheets').set(account.auth).send({ name: 'Mine' }).expect(201)).body as Spreadsheet;
    const socket = await socketOf(account.accessToken);
    expect(await socket.join(sheet.id)).toMatchObject({ ok: true });
    await request(server.url).post('/auth/logout').set(account.auth).send({ refreshToken: account.refreshToken }).expect(204);
    const ack = await socket.call('join', { spreadsheetId: sheet.id }).catch(() => ({ ok: false, error: 'disconnected' }));
    expect(ack).toMatchObject({ ok: false });
    await eventually(() => !socket.socket.connected, 2000, 'the socket to be dropped');
  });
});
