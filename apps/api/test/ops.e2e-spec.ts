import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerAdmin, registerUser, type TestAccount } from './support/factories';

describe('operations endpoints', () => {
  let server: RunningServer;
  let admin: TestAccount;

  beforeAll(async () => {
    server = await bootApp({ CORS_ORIGINS: 'https://crm.example.com' });
    admin = await registerAdmin(server);
  });
  afterAll(() => server.close());

  it('GET /health answers liveness without auth', async () => {
    const res = await request(server.url).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: {} });
  });

  it('GET /health/ready checks the database', async () => {
    const res = await request(server.url).get('/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: { status: 'up' } } });
  });

  it('GET /metrics serves Prometheus text with request durations labelled by route pattern', async () => {
    await request(server.url).get('/health/ready').expect(200);
    await request(server.url).get('/api/unknown/123').expect(404);
    const res = await request(server.url).get('/metrics').set(admin.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;/);
    expect(res.headers['content-type']).toContain('version=0.0.4');
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health\/ready",status_code="200"\} [1-9]/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} [1-9]/);
    expect(res.text).not.toContain('/api/unknown/123');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toContain('nodejs_heap_size_used_bytes');
    expect(res.text).toMatch(/db_pool_connections_total [1-9]/);
  });

  it('shows metrics to admins only', async () => {
    await request(server.url).get('/metrics').expect(401);
    const member = await registerUser(server);
    await request(server.url).get('/metrics').set(member.auth).expect(403);
  });

  it('gives every response a request id, reusing a well-formed one from the caller', async () => {
    const fresh = await request(server.url).get('/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const reused = await request(server.url).get('/health').set('X-Request-Id', 'edge-42.abc');
    expect(reused.headers['x-request-id']).toBe('edge-42.abc');
    const refused = await request(server.url).get('/health').set('X-Request-Id', 'bad id with spaces <script>');
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers and hides the framework', async () => {
    const res = await request(server.url).get('/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('marks API answers as not to be stored, without hashing them into ETags', async () => {
    const account = await registerUser(server);
    const res = await request(server.url).get('/api/spreadsheets').set(account.auth).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
  });

  it('allows CORS for configured origins only', async () => {
    const allowed = await request(server.url).options('/health').set('Origin', 'https://crm.example.com').set('Access-Control-Request-Method', 'GET').expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.example.com');
    const other = await request(server.url).get('/health').set('Origin', 'https://evil.example.net');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
