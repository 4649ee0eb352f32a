import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { createApiToken, registerAdmin, registerUser, type TestAccount } from './support/factories';

describe('users', () => {
  let server: RunningServer;
  let admin: TestAccount;
  let member: TestAccount;
  const tag = Math.random().toString(36).slice(2, 7);

  beforeAll(async () => {
    server = await bootApp();
    admin = await registerAdmin(server);
    member = await registerUser(server, { displayName: `Zed ${tag} Member` });
  });
  afterAll(() => server.close());

  describe('GET /api/users', () => {
    it('shows members only id, email and name, and admins the full accounts', async () => {
      const asMember = await request(server.url)
        .get('/api/users')
        .set(member.auth)
        .query({ search: `zed ${tag}` })
        .expect(200);
      expect(asMember.body).toEqual({ items: [{ id: member.user.id, email: member.user.email, displayName: `Zed ${tag} Member` }], total: 1 });
      const asAdmin = await request(server.url)
        .get('/api/users')
        .set(admin.auth)
        .query({ search: `zed ${tag}` })
        .expect(200);
      expect(asAdmin.body.items[0]).toMatchObject({ id: member.user.id, role: 'member', isActive: true });
    });

    it('searches by email prefix as well as name prefix, case-insensitively', async () => {
      const prefix = member.user.email.slice(0, member.user.email.indexOf('@')).toUpperCase();
      const res = await request(server.url).get('/api/users').set(member.auth).query({ search: prefix }).expect(200);
      expect(res.body.items.map((u: { id: string }) => u.id)).toEqual([member.user.id]);
    });

    it('treats LIKE wildcards in the search as plain characters', async () => {
      const res = await request(server.url).get('/api/users').set(member.auth).query({ search: '%' }).expect(200);
      expect(res.body).toEqual({ items: [], total: 0 });
    });

    it('pages with limit and offset and reports the total', async () => {
      for (let i = 0; i < 3; i += 1) await registerUser(server, { displayName: `Pager ${tag} ${i}` });
      const first = await request(server.url)
        .get('/api/users')
        .set(member.auth)
        .query({ search: `pager ${tag}`, limit: 2 })
        .expect(200);
      const second = await request(server.url)
        .get('/api/users')
        .set(member.auth)
        .query({ search: `pager ${tag}`, limit: 2, offset: 2 })
        .expect(200);
      expect(first.body.total).toBe(3);
      expect(first.body.items.map((u: { displayName: string }) => u.displayName)).toEqual([`Pager ${tag} 0`, `Pager ${tag} 1`]);
      expect(second.body.items.map((u: { displayName: string }) => u.displayName)).toEqual([`Pager ${tag} 2`]);
    });

    it.each([{ limit: 1001 }, { limit: 0 }, { offset: -1 }, { limit: 'ten' }, { sort: 'name' }])('refuses %j with 400', async (query) => {
      await request(server.url).get('/api/users').set(member.auth).query(query).expect(400);
    });
  });

  describe('GET /api/users/:id', () => {
    it('lets people read themselves and admins read anyone', async () => {
      await request(server.url).get(`/api/users/${member.user.id}`).set(member.auth).expect(200);
      await request(server.url).get(`/api/users/${member.user.id}`).set(admin.auth).expect(200);
      const me = await request(server.url).get('/api/users/me').set(member.auth).expect(200);
      expect(me.body.id).toBe(member.user.id);
    });

    it("refuses a member reading someone else's account", async () => {
      const res = await request(server.url).get(`/api/users/${admin.user.id}`).set(member.auth).expect(403);
      expect(res.body.message).toBe('Only admins can view other accounts');
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      await request(server.url).get('/api/users/not-a-uuid').set(admin.auth).expect(400);
      await request(server.url).get('/api/users/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    });
  });

  describe('profile and preferences', () => {
    it('updates my name and merges preferences', async () => {
      const account = await registerUser(server);
      await request(server.url)
        .patch('/api/users/me')
        .set(account.auth)
        .send({ preferences: { gridDensity: 'compact' } })
        .expect(200);
      const res = await request(server.url).patch('/api/users/me').set(account.auth).send({ displayName: 'Renamed' }).expect(200);
      expect(res.body).toMatchObject({ displayName: 'Renamed', preferences: { gridDensity: 'compact' } });
    });

    it('refuses unknown preferences and values', async () => {
      await request(server.url)
        .patch('/api/users/me')
        .set(member.auth)
        .send({ preferences: { theme: 'dark' } })
        .expect(400);
      await request(server.url)
        .patch('/api/users/me')
        .set(member.auth)
        .send({ preferences: { gridDensity: 'huge' } })
        .expect(400);
      await request(server.url).patch('/api/users/me').set(member.auth).send({ email: 'new@example.com' }).expect(400);
    });

    it('is not open to API tokens', async () => {
      const { auth } = await createApiToken(server, member, 'write');
      await request(server.url).patch('/api/users/me').set(auth).send({ displayName: 'Bot' }).expect(403);
    });
  });

  describe('PUT /api/users/:id', () => {
    it('lets people change their own profile fields but not their role or status', async () => {
      const account = await registerUser(server);
      await request(server.url).put(`/api/users/${account.user.id}`).set(account.auth).send({ displayName: 'Self Made' }).expect(200);
      const role = await request(server.url).put(`/api/users/${account.user.id}`).set(account.auth).send({ role: 'admin' }).expect(403);
      expect(role.body.message).toBe('Only admins can change roles or deactivate accounts');
      await request(server.url).put(`/api/users/${account.user.id}`).set(account.auth).send({ isActive: false }).expect(403);
      await request(server.url).put(`/api/users/${admin.user.id}`).set(account.auth).send({ displayName: 'Hijack' }).expect(403);
    });

    it('lets admins change roles, and the new role applies to the existing token at once', async () => {
      const account = await registerUser(server);
      await request(server.url).get('/metrics').set(account.auth).expect(403);
      const res = await request(server.url).put(`/api/users/${account.user.id}`).set(admin.auth).send({ role: 'admin' }).expect(200);
      expect(res.body.role).toBe('admin');
      await request(server.url).get('/metrics').set(account.auth).expect(200);
    });

    it('refuses a bad role', async () => {
      await request(server.url).put(`/api/users/${member.user.id}`).set(admin.auth).send({ role: 'owner' }).expect(400);
    });
  });

  describe('the last active admin', () => {
    /** Leaves exactly one active admin in the database: `only`. */
    async function onlyAdmin(only: TestAccount): Promise<void> {
      await withClient(testDatabaseUrl(), (c) => c.query(`UPDATE users SET role = 'member' WHERE role = 'admin' AND id <> $1`, [only.user.id]));
    }

    it('cannot be demoted, deactivated or deleted (409), by themself or anyone', async () => {
      const solo = await registerAdmin(server);
      await onlyAdmin(solo);
      for (const [method, body] of [
        ['put', { role: 'member' }],
        ['put', { isActive: false }],
      ] as const) {
        const res = await request(server.url)[method](`/api/users/${solo.user.id}`).set(solo.auth).send(body).expect(409);
        expect(res.body.message).toMatch(/last active admin/);
      }
      await request(server.url).delete(`/api/users/${solo.user.id}`).set(solo.auth).expect(409);
      const still = await request(server.url).get('/api/users/me').set(solo.auth).expect(200);
      expect(still.body).toMatchObject({ role: 'admin', isActive: true });
    });

    it('can step down once another admin exists; of two admins demoting each other at once, one stays', async () => {
      const a = await registerAdmin(server);
      const b = await registerAdmin(server);
      await onlyAdmin(a);
      await withClient(testDatabaseUrl(), (c) => c.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [b.user.id]));
      const results = await Promise.all([
        request(server.url).put(`/api/users/${b.user.id}`).set(a.auth).send({ role: 'member' }),
        request(server.url).put(`/api/users/${a.user.id}`).set(b.auth).send({ role: 'member' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const admins = await withClient(testDatabaseUrl(), async (c) => (await c.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND is_active`)).rows[0].n);
      expect(admins).toBe(1);
      admin = await registerAdmin(server);
    });
  });

  describe('DELETE /api/users/:id', () => {
    it('is for admins only', async () => {
      const target = await registerUser(server);
      const res = await request(server.url).delete(`/api/users/${target.user.id}`).set(member.auth).expect(403);
      expect(res.body.message).toBe('This needs the admin role');
    });

    it('deactivates but keeps the account and its data', async () => {
      const target = await registerUser(server, { displayName: 'Leaving Soon' });
      await request(server.url).delete(`/api/users/${target.user.id}`).set(admin.auth).expect(204);
      const res = await request(server.url).get(`/api/users/${target.user.id}`).set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ displayName: 'Leaving Soon', isActive: false });
    });

    it('answers 404 for an unknown account', async () => {
      await request(server.url).delete('/api/users/00000000-0000-4000-8000-000000000001').set(admin.auth).expect(404);
    });
  });
  describe('the account behind a credential (cached between requests)', () => {
    const statusOf = async (account: TestAccount) => (await request(server.url).get('/api/spreadsheets').set(account.auth)).status;
    async function statusWithin(account: TestAccount, expected: number, ms: number): Promise<number> {
      const deadline = Date.now() + ms;
      let status = await statusOf(account);
      while (status !== expected && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        status = await statusOf(account);
      }
      return status;
    }

    it('refuses a token at its next use after an admin deactivates the account through the API', async () => {
      const target = await registerUser(server);
      expect(await statusOf(target)).toBe(200);
      await request(server.url).delete(`/api/users/${target.user.id}`).set(admin.auth).expect(204);
      expect(await statusOf(target)).toBe(401);
    });

    it('also notices a change made outside this app instance (another instance, or SQL), within a moment', async () => {
      const target = await registerUser(server);
      expect(await statusOf(target)).toBe(200);
      await withClient(testDatabaseUrl(), (c) => c.query(`UPDATE users SET is_active = false WHERE id = $1`, [target.user.id]));
      // The cache would otherwise keep the account for 30 s; the NOTIFY drops it in milliseconds.
      expect(await statusWithin(target, 401, 2000)).toBe(401);
    });

    it('stops trusting the cache while its notification connection is down', async () => {
      const target = await registerUser(server);
      expect(await statusOf(target)).toBe(200);
      await withClient(testDatabaseUrl(), async (c) => {
        await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'contrivance-listen'`);
        await new Promise((r) => setTimeout(r, 100));
        await c.query(`UPDATE users SET is_active = false WHERE id = $1`, [target.user.id]);
      });
      expect(await statusOf(target)).toBe(401);
      await withClient(testDatabaseUrl(), (c) => c.query(`UPDATE users SET is_active = true WHERE id = $1`, [target.user.id]));
      expect(await statusWithin(target, 200, 2000)).toBe(200);
    });
  });
});
