import request from 'supertest';
import { redisForTest, testRedisUrl } from './support/redis';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { spawnApp, freePort, waitForOk } from './support/process.cjs';
import { DEFAULT_PASSWORD, registerUser, uniqueEmail } from './support/factories';
import { testDatabaseUrl } from './support/app';
import { SLOWED_SIGN_IN_MS } from '../src/modules/auth/login-attempts';

const login = (server: RunningServer, email: string, ip: string, password = 'wrong password!') =>
  request(server.url).post('/auth/login').set('X-Forwarded-For', ip).send({ email, password });

function expectRateLimited(res: request.Response): void {
  expect(res.status).toBe(429);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/^Too many requests; try again in \d+ s$/) });
}

describe('rate limits', () => {
  let server: RunningServer;

  beforeAll(async () => {
    // TRUST_PROXY lets the spec play several client addresses through X-Forwarded-For.
    server = await bootApp({ TRUST_PROXY: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '5', AUTH_ACCOUNT_RATE_LIMIT: '3', RATE_LIMIT_PER_MINUTE: '8' });
  });
  afterAll(() => server.close());

  it('stops a guesser at one address without locking the owner out; successes never count', async () => {
    const victim = await registerUser(server, { email: uniqueEmail('victim') });
    // Successful sign-ins are not failures: any number of them.
    for (let i = 0; i < 4; i += 1) expect((await login(server, victim.user.email, '10.1.0.1', DEFAULT_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await login(server, victim.user.email, '10.1.0.9')).status).toBe(401);
    const blocked = await login(server, victim.user.email, '10.1.0.9', DEFAULT_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    expect(blocked.body.message).toMatch(/^Too many failed sign-ins to this account from your address; try again in \d+ s$/);
    // The owner, elsewhere, signs in at once; another account from the guesser's address is unaffected.
    expect((await login(server, victim.user.email, '10.1.0.1', DEFAULT_PASSWORD)).status).toBe(200);
    expect((await login(server, uniqueEmail('bystander'), '10.1.0.9')).status).toBe(401);
  });

  it('a guesser spread over many addresses slows every sign-in to the account down, but the right password still gets in', async () => {
    const victim = await registerUser(server, { email: uniqueEmail('spread') });
    // Limit 3 per address, so 5 × 3 = 15 failures from all addresses slow the account.
    for (let a = 0; a < 5; a += 1) for (let i = 0; i < 3; i += 1) expect((await login(server, victim.user.email, `10.3.${a}.1`)).status).toBe(401);
    const started = Date.now();
    const owner = await login(server, victim.user.email, '10.3.9.9', DEFAULT_PASSWORD);
    expect(owner.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOWED_SIGN_IN_MS - 50);
  });

  it('limits login attempts per address across accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await login(server, uniqueEmail('spray'), '10.2.0.1')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expectRateLimited(await login(server, uniqueEmail('spray'), '10.2.0.1'));
    expect((await login(server, uniqueEmail('spray'), '10.2.0.2')).status).toBe(401);
  });

  it('limits every route per signed-in account', async () => {
    const account = await registerUser(server);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i += 1) statuses.push((await request(server.url).get('/api/users/me').set(account.auth)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expectRateLimited(await request(server.url).get('/api/users/me').set(account.auth));
  });
});

describe('rate limits across instances (Redis)', () => {
  it('share one budget between two app processes', async () => {
    if (!(await redisForTest('cross-instance rate limits'))) return;
    const env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: testRedisUrl,
      JWT_SECRET: 'redis-test-jwt-secret-0123456789abcdef0',
      TOKEN_HASH_SECRET: 'redis-test-token-secret-0123456789abcdef',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      AUTH_ACCOUNT_RATE_LIMIT: '4',
      LOG_LEVEL: 'warn',
      MIGRATIONS_RUN: 'false',
    };
    const ports = [await freePort(), await freePort()];
    const apps = ports.map((port) => spawnApp({ ...env, PORT: String(port) }));
    try {
      await Promise.all(apps.map((app, i) => waitForOk(`http://127.0.0.1:${ports[i]}/health/ready`, app)));
      const email = uniqueEmail('shared');
      const attempt = (i: number) =>
        fetch(`http://127.0.0.1:${ports[i % 2]}/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password: 'wrong password!' }),
        }).then((r) => r.status);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push(await attempt(i));
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      for (const app of apps) app.child.kill('SIGTERM');
      await Promise.all(apps.map((app) => app.exited));
    }
  });
});
