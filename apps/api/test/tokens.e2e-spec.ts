import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { createApiToken, registerUser, type TestAccount } from './support/factories';

describe('personal API tokens', () => {
  let server: RunningServer;
  let owner: TestAccount;

  beforeAll(async () => {
    server = await bootApp();
    owner = await registerUser(server);
  });
  afterAll(() => server.close());

  it('shows the secret once, with a recognisable prefix, and stores only its hash', async () => {
    const res = await request(server.url).post('/api/tokens').set(owner.auth).send({ name: 'CRM sync', scope: 'write' }).expect(201);
    expect(res.body).toMatchObject({ name: 'CRM sync', scope: 'write', expiresAt: null, lastUsedAt: null });
    expect(res.body.token).toMatch(/^ctv_[\w-]{40}$/);
    expect(res.body.prefix).toBe(res.body.token.slice(0, 12));

    const list = await request(server.url).get('/api/tokens').set(owner.auth).expect(200);
    const listed = list.body.items.find((t: { id: string }) => t.id === res.body.id);
    expect(listed).toBeDefined();
    expect(listed.token).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);

    const row = await withClient(testDatabaseUrl(), async (c) => (await c.query('SELECT * FROM api_tokens WHERE id = $1', [res.body.id])).rows[0]);
    expect(JSON.stringify(row)).not.toContain(res.body.token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('authenticates as its owner and records when it was last used', async () => {
    const { token, auth } = await createApiToken(server, owner, 'read');
    const me = await request(server.url).get('/api/users/me').set(auth).expect(200);
    expect(me.body.id).toBe(owner.user.id);
    const list = await request(server.url).get('/api/tokens').set(owner.auth).expect(200);
    expect(list.body.items.find((t: { id: string }) => t.id === token.id).lastUsedAt).not.toBeNull();
  });

  it('refuses every write made with a read token (403) and allows them with a write token', async () => {
    const read = await createApiToken(server, owner, 'read');
    const write = await createApiToken(server, owner, 'write');
    const res = await request(server.url).put(`/api/users/${owner.user.id}`).set(read.auth).send({ displayName: 'Nope' }).expect(403);
    expect(res.body.message).toBe('This API token is read-only');
    await request(server.url).post('/auth/logout').set(read.auth).send({ refreshToken: owner.refreshToken }).expect(403);
    await request(server.url).delete(`/api/users/${owner.user.id}`).set(read.auth).expect(403);
    await request(server.url).put(`/api/users/${owner.user.id}`).set(write.auth).send({ displayName: 'Via token' }).expect(200);
  });

  it('cannot create, list or revoke tokens: that takes a signed-in session', async () => {
    const { token, auth } = await createApiToken(server, owner, 'write');
    await request(server.url).post('/api/tokens').set(auth).send({ name: 'child', scope: 'write' }).expect(403);
    await request(server.url).get('/api/tokens').set(auth).expect(403);
    await request(server.url).delete(`/api/tokens/${token.id}`).set(auth).expect(403);
  });

  it('stops working once revoked; revoking another user’s token is a 404', async () => {
    const { token, auth } = await createApiToken(server, owner, 'read');
    const stranger = await registerUser(server);
    await request(server.url).delete(`/api/tokens/${token.id}`).set(stranger.auth).expect(404);
    await request(server.url).get('/api/users/me').set(auth).expect(200);
    await request(server.url).delete(`/api/tokens/${token.id}`).set(owner.auth).expect(204);
    await request(server.url).get('/api/users/me').set(auth).expect(401);
    await request(server.url).delete(`/api/tokens/${token.id}`).set(owner.auth).expect(404);
  });

  it('stops working at once when revoked after use (its lookup is remembered between requests)', async () => {
    const { token, auth } = await createApiToken(server, owner, 'read');
    for (let i = 0; i < 3; i += 1) await request(server.url).get('/api/users/me').set(auth).expect(200);
    await request(server.url).delete(`/api/tokens/${token.id}`).set(owner.auth).expect(204);
    await request(server.url).get('/api/users/me').set(auth).expect(401);
  });

  it.each([
    ['revoked', `UPDATE api_tokens SET revoked_at = now() WHERE id = $1`],
    ['expired', `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`],
    ['deleted', `DELETE FROM api_tokens WHERE id = $1`],
  ])('stops working within moments when %s in the database by anyone (another instance, an operator), even after use', async (_what, sql) => {
    const { token, auth } = await createApiToken(server, owner, 'read');
    for (let i = 0; i < 3; i += 1) await request(server.url).get('/api/users/me').set(auth).expect(200);
    await withClient(testDatabaseUrl(), (c) => c.query(sql, [token.id]));
    // The change reaches the app as a notification: ask until it has (bounded, so a token that stays live fails).
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i += 1) {
      status = (await request(server.url).get('/api/users/me').set(auth)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(401);
  });

  it('expires at expiresAt', async () => {
    const { token, auth } = await createApiToken(server, owner, 'read');
    await withClient(testDatabaseUrl(), (c) => c.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [token.id]));
    await request(server.url).get('/api/users/me').set(auth).expect(401);
  });

  it.each([
    [{ name: 'x', scope: 'admin' }, 'scope'],
    [{ name: '', scope: 'read' }, 'name'],
    [{ name: 'x', scope: 'read', expiresAt: 'tomorrow' }, 'expiresAt'],
    [{ name: 'x', scope: 'read', expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
    [{ name: 'x', scope: 'read', owner: 'someone' }, 'owner'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await request(server.url).post('/api/tokens').set(owner.auth).send(body).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('accepts a future expiry', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await request(server.url).post('/api/tokens').set(owner.auth).send({ name: 'temp', scope: 'read', expiresAt }).expect(201);
    expect(res.body.expiresAt).toBe(expiresAt);
  });

  it('refuses unknown bearer secrets that look like tokens', async () => {
    await request(server.url)
      .get('/api/users/me')
      .set('Authorization', `Bearer ctv_${'a'.repeat(40)}`)
      .expect(401);
  });
});
