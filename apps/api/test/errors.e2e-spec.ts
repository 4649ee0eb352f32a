import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { ProbeModule } from './support/probe.module';

const CONTRACT_KEYS = ['details', 'error', 'message', 'statusCode'];

function expectContractError(body: Record<string, unknown>, statusCode: number): void {
  expect(body.statusCode).toBe(statusCode);
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  for (const key of Object.keys(body)) expect(CONTRACT_KEYS).toContain(key);
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|SELECT|no_such_table|password_hash|node_modules|\/srv\//);
}

describe('errors follow the contract', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await bootApp({ BODY_LIMIT: '10kb' }, [ProbeModule]);
  });
  afterAll(() => server.close());

  it('accepts a valid body and turns it into its DTO class', async () => {
    const res = await request(server.url).post('/api/test-probe/echo').send({ name: 'Acme', count: 3 }).expect(201);
    expect(res.body).toEqual({ received: { name: 'Acme', count: 3 }, isInstance: true });
  });

  it('refuses an unknown field with 400 naming it, instead of dropping it', async () => {
    const res = await request(server.url).post('/api/test-probe/echo').send({ name: 'Acme', admin: true }).expect(400);
    expectContractError(res.body, 400);
    expect(res.body.details).toEqual([{ field: 'admin', message: 'property admin should not exist' }]);
  });

  it('reports every failed constraint with a dotted path for nested fields', async () => {
    const res = await request(server.url)
      .post('/api/test-probe/echo')
      .send({ name: 'x'.repeat(21), count: -1, item: { label: 5 } })
      .expect(400);
    expectContractError(res.body, 400);
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['count', 'item.label', 'name']);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await request(server.url).post('/api/test-probe/echo').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expectContractError(res.body, 400);
    expect(res.body.message).toMatch(/JSON/);
  });

  it('answers a body over BODY_LIMIT with 413, with a request id', async () => {
    const res = await request(server.url)
      .post('/api/test-probe/echo')
      .send({ name: 'a', pad: 'x'.repeat(20 * 1024) })
      .expect(413);
    expectContractError(res.body, 413);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await request(server.url).get('/api/nothing-here').expect(404);
    expectContractError(res.body, 404);
  });

  it('hides an unexpected error behind a generic 500', async () => {
    const res = await request(server.url).get('/api/test-probe/crash').expect(500);
    expectContractError(res.body, 500);
    expect(res.body.message).toBe('An unexpected error occurred');
  });

  it('answers a lost database connection with 503 and Retry-After, without the address', async () => {
    const res = await request(server.url).get('/api/test-probe/db-down').expect(503);
    expectContractError(res.body, 503);
    expect(res.headers['retry-after']).toBe('5');
    expect(JSON.stringify(res.body)).not.toContain('10.0.0.5');
  });

  it('never leaks SQL from a failed query', async () => {
    const res = await request(server.url).get('/api/test-probe/bad-sql').expect(500);
    expectContractError(res.body, 500);
  });
});
