import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp, TEST_SECRETS, testDatabaseUrl, withClient } from './support/app';
import { createApiToken, DEFAULT_PASSWORD, registerAdmin, registerUser, uniqueEmail } from './support/factories';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('auth', () => {
  let server: RunningServer;
  const jwt = new JwtService({ secret: TEST_SECRETS.JWT_SECRET });
  const sign = (claims: object, options: object = {}) => jwt.sign(claims, { algorithm: 'HS256', issuer: 'contrivance', audience: 'contrivance-api', expiresIn: 60, ...options });

  beforeAll(async () => {
    server = await bootApp();
  });
  afterAll(() => server.close());

  describe('register', () => {
    it('answers 201 with the user, an access JWT, an opaque refresh token and the lifetime', async () => {
      const email = uniqueEmail('New');
      const res = await request(server.url).post('/auth/register').send({ email, password: DEFAULT_PASSWORD, displayName: '  Ada Lovelace ' }).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
      expect(res.body.user).toMatchObject({ email: email.toLowerCase(), displayName: 'Ada Lovelace', isActive: true, preferences: {} });
      expect(Object.keys(res.body.user).sort()).toEqual(['createdAt', 'displayName', 'email', 'id', 'isActive', 'lastLoginAt', 'preferences', 'role']);
      expect(res.body.expiresIn).toBe(900);
      const claims = jwt.decode(res.body.accessToken, { json: true })!;
      expect(claims).toMatchObject({ sub: res.body.user.id, iss: 'contrivance', aud: 'contrivance-api' });
      expect((claims.exp as number) - (claims.iat as number)).toBe(900);
      expect(res.body.refreshToken).not.toContain('.');
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|password/i);
    });

    it('stores only a slow salted hash of the password', async () => {
      const account = await registerUser(server);
      const row = await withClient(testDatabaseUrl(), async (c) => (await c.query('SELECT password_hash FROM users WHERE id = $1', [account.user.id])).rows[0]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(DEFAULT_PASSWORD);
    });

    it('refuses an email already registered in another letter case with 409', async () => {
      const email = uniqueEmail('dup');
      await registerUser(server, { email });
      const res = await request(server.url).post('/auth/register').send({ email: email.toUpperCase(), password: DEFAULT_PASSWORD, displayName: 'Again' }).expect(409);
      expect(res.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'An account with this email already exists' });
    });

    it.each([
      [{ password: 'short9char'.slice(0, 9) }, 'password', 'password must be at least 10 characters'],
      [{ email: 'not-an-email' }, 'email', 'email must be a valid email address'],
      [{ displayName: '   ' }, 'displayName', 'displayName must be 1 to 100 characters'],
      [{ role: 'admin' }, 'role', 'property role should not exist'],
    ])('refuses %j with 400 naming the field', async (override, field, message) => {
      const body = { email: uniqueEmail(), password: DEFAULT_PASSWORD, displayName: 'X', ...override };
      const res = await request(server.url).post('/auth/register').send(body).expect(400);
      expect(res.body.details).toContainEqual({ field, message });
    });
  });

  describe('login', () => {
    it('signs in with the email in any case', async () => {
      const account = await registerUser(server);
      const res = await request(server.url).post('/auth/login').send({ email: account.user.email.toUpperCase(), password: account.password }).expect(200);
      expect(res.body.user.id).toBe(account.user.id);
      expect(res.body.user.lastLoginAt).not.toBeNull();
    });

    it('gives the same 401 for an unknown email and a wrong password', async () => {
      const account = await registerUser(server);
      const wrong = await request(server.url).post('/auth/login').send({ email: account.user.email, password: 'not the password' }).expect(401);
      const unknown = await request(server.url)
        .post('/auth/login')
        .send({ email: uniqueEmail('ghost'), password: 'not the password' })
        .expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Incorrect email or password' });
    });
  });

  describe('access tokens', () => {
    it('validates a good token', async () => {
      const account = await registerUser(server);
      const res = await request(server.url).get('/auth/validate').set(account.auth).expect(200);
      expect(res.body.user.id).toBe(account.user.id);
    });

    it('refuses a request without credentials', async () => {
      const res = await request(server.url).get('/auth/validate').expect(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing or invalid credentials' });
    });

    it('refuses an expired token, saying so', async () => {
      const account = await registerUser(server);
      const expired = sign({ sub: account.user.id, role: 'member', sid: 'x' }, { expiresIn: -10 });
      const res = await request(server.url).get('/auth/validate').set('Authorization', `Bearer ${expired}`).expect(401);
      expect(res.body.message).toBe('Access token expired');
    });

    it('refuses a tampered signature', async () => {
      const account = await registerUser(server);
      const [header, payload, signature] = account.accessToken.split('.');
      const forged = b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' });
      await request(server.url).get('/auth/validate').set('Authorization', `Bearer ${header}.${forged}.${signature}`).expect(401);
      const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
      await request(server.url).get('/auth/validate').set('Authorization', `Bearer ${header}.${payload}.${flipped}`).expect(401);
    });

    it('refuses alg none, another key, another issuer or audience', async () => {
      const account = await registerUser(server);
      const claims = { sub: account.user.id, role: 'admin', sid: 'x', iss: 'contrivance', aud: 'contrivance-api', exp: Math.floor(Date.now() / 1000) + 60 };
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
      const otherKey = new JwtService({ secret: 'another-secret-of-sufficient-length-123456' }).sign(
        { sub: account.user.id },
        { issuer: 'contrivance', audience: 'contrivance-api' },
      );
      for (const token of [none, otherKey, sign({ sub: account.user.id }, { issuer: 'evil' }), sign({ sub: account.user.id }, { audience: 'other' })]) {
        await request(server.url).get('/auth/validate').set('Authorization', `Bearer ${token}`).expect(401);
      }
    });

    it('refuses a token whose user no longer exists', async () => {
      const account = await registerUser(server);
      await withClient(testDatabaseUrl(), (c) => c.query('DELETE FROM users WHERE id = $1', [account.user.id]));
      await request(server.url).get('/auth/validate').set(account.auth).expect(401);
    });
  });

  describe('refresh and logout', () => {
    it('rotates the pair; the new refresh token works and the old one is spent', async () => {
      const account = await registerUser(server);
      const first = await request(server.url).post('/auth/refresh').send({ refreshToken: account.refreshToken }).expect(200);
      expect(first.body.refreshToken).not.toBe(account.refreshToken);
      await request(server.url).get('/auth/validate').set('Authorization', `Bearer ${first.body.accessToken}`).expect(200);
      const second = await request(server.url).post('/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
      expect(second.body.user.id).toBe(account.user.id);
    });

    it('revokes the whole family when a spent refresh token is presented again', async () => {
      const account = await registerUser(server);
      const rotated = await request(server.url).post('/auth/refresh').send({ refreshToken: account.refreshToken }).expect(200);
      const replay = await request(server.url).post('/auth/refresh').send({ refreshToken: account.refreshToken }).expect(401);
      expect(replay.body.message).toBe('Session expired, please sign in again');
      await request(server.url).post('/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
    });

    it('lets exactly one of two simultaneous refreshes with one token win', async () => {
      const account = await registerUser(server);
      const results = await Promise.all([0, 1].map(() => request(server.url).post('/auth/refresh').send({ refreshToken: account.refreshToken })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('refuses an unknown or malformed refresh token', async () => {
      await request(server.url)
        .post('/auth/refresh')
        .send({ refreshToken: 'x'.repeat(64) })
        .expect(401);
      await request(server.url).post('/auth/refresh').send({ refreshToken: 'short' }).expect(400);
      await request(server.url).post('/auth/refresh').send({}).expect(400);
    });

    it('logout ends that session only', async () => {
      const account = await registerUser(server);
      const other = await request(server.url).post('/auth/login').send({ email: account.user.email, password: account.password }).expect(200);
      await request(server.url).post('/auth/logout').set(account.auth).send({ refreshToken: account.refreshToken }).expect(204);
      await request(server.url).post('/auth/refresh').send({ refreshToken: account.refreshToken }).expect(401);
      await request(server.url).post('/auth/refresh').send({ refreshToken: other.body.refreshToken }).expect(200);
    });

    it("cannot log out someone else's session", async () => {
      const victim = await registerUser(server);
      const attacker = await registerUser(server);
      await request(server.url).post('/auth/logout').set(attacker.auth).send({ refreshToken: victim.refreshToken }).expect(204);
      await request(server.url).post('/auth/refresh').send({ refreshToken: victim.refreshToken }).expect(200);
    });

    it('needs credentials to log out', async () => {
      const account = await registerUser(server);
      await request(server.url).post('/auth/logout').send({ refreshToken: account.refreshToken }).expect(401);
    });
  });

  describe('deactivated accounts', () => {
    it('are refused everywhere at once: access token, refresh, login and API tokens', async () => {
      const admin = await registerAdmin(server);
      const member = await registerUser(server);
      const { auth: tokenAuth } = await createApiToken(server, member, 'read');
      await request(server.url).get('/auth/validate').set(member.auth).expect(200);

      await request(server.url).delete(`/api/users/${member.user.id}`).set(admin.auth).expect(204);

      await request(server.url).get('/auth/validate').set(member.auth).expect(401);
      await request(server.url).get('/api/users/me').set(tokenAuth).expect(401);
      await request(server.url).post('/auth/refresh').send({ refreshToken: member.refreshToken }).expect(401);
      // The right password learns why (a guesser still gets the usual answer, and no session).
      const refused = await request(server.url).post('/auth/login').send({ email: member.user.email, password: member.password }).expect(403);
      expect(refused.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'This account has been deactivated. Ask an admin of your workspace to reactivate it.',
      });
      expect(refused.body.accessToken).toBeUndefined();
      const guessed = await request(server.url).post('/auth/login').send({ email: member.user.email, password: 'not the password' }).expect(401);
      expect(guessed.body.message).toBe('Incorrect email or password');
    });

    it('keep their sessions and tokens revoked after reactivation', async () => {
      const admin = await registerAdmin(server);
      const member = await registerUser(server);
      const { auth: tokenAuth } = await createApiToken(server, member, 'write');
      await request(server.url).delete(`/api/users/${member.user.id}`).set(admin.auth).expect(204);
      await request(server.url).put(`/api/users/${member.user.id}`).set(admin.auth).send({ isActive: true }).expect(200);
      await request(server.url).post('/auth/refresh').send({ refreshToken: member.refreshToken }).expect(401);
      await request(server.url).get('/api/users/me').set(tokenAuth).expect(401);
      await request(server.url).post('/auth/login').send({ email: member.user.email, password: member.password }).expect(200);
    });
  });

  describe('password change', () => {
    it('needs the current password, then signs out the other sessions but not this one', async () => {
      const account = await registerUser(server);
      const other = await request(server.url).post('/auth/login').send({ email: account.user.email, password: account.password }).expect(200);
      const wrong = await request(server.url).patch('/api/users/me').set(account.auth).send({ currentPassword: 'nope', newPassword: 'a brand new password' }).expect(400);
      expect(wrong.body.details).toEqual([{ field: 'currentPassword', message: 'Current password is incorrect' }]);
      await request(server.url).patch('/api/users/me').set(account.auth).send({ newPassword: 'a brand new password' }).expect(400);

      await request(server.url).patch('/api/users/me').set(account.auth).send({ currentPassword: account.password, newPassword: 'a brand new password' }).expect(200);

      await request(server.url).post('/auth/login').send({ email: account.user.email, password: account.password }).expect(401);
      await request(server.url).post('/auth/login').send({ email: account.user.email, password: 'a brand new password' }).expect(200);
      await request(server.url).post('/auth/refresh').send({ refreshToken: other.body.refreshToken }).expect(401);
      await request(server.url).post('/auth/refresh').send({ refreshToken: account.refreshToken }).expect(200);
    });
  });
});
