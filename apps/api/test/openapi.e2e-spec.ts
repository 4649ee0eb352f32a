import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { OPENAPI_FILE, serialiseOpenApi } from '../src/write-openapi';
import { bootApp } from './support/app';
import { registerUser } from './support/factories';

describe('OpenAPI document', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await bootApp();
  });
  afterAll(() => server.close());

  it('is valid OpenAPI 3 and describes the operations routes', async () => {
    const res = await request(server.url).get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(res.body))).resolves.toBeDefined();
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready', '/metrics']));
    expect(res.body.paths['/health/ready'].get.responses['503'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorBody',
    });
  });

  it('names every operation as a person would (generated SDKs take the names as functions), each name once', async () => {
    const res = await request(server.url).get('/api/docs-json').expect(200);
    const ids = Object.values(res.body.paths as Record<string, Record<string, { operationId: string }>>).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.filter((id) => !/^[a-z][A-Za-z]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['listRows', 'updateRow', 'createSpreadsheet', 'searchCells', 'undo']));
  });

  it('matches the committed apps/api/openapi.json (run `npm run openapi` after changing routes or DTOs)', async () => {
    const res = await request(server.url).get('/api/docs-json').expect(200);
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(serialiseOpenApi(res.body));
  });

  it('passes `redocly lint` with the recommended rules: no error, no warning', async () => {
    const res = await request(server.url).get('/api/docs-json').expect(200);
    const file = join(mkdtempSync(join(tmpdir(), 'contrivance-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(res.body));
    const lint = spawnSync(process.execPath, [require.resolve('@redocly/cli/bin/cli.js'), 'lint', file, '--format=json', '--extends=recommended'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    const report = JSON.parse(lint.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: unknown }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message} at ${JSON.stringify(p.location)}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('declares the headers the server really sends: request id and rate limit on a success, Retry-After on a 429', async () => {
    const doc = (await request(server.url).get('/api/docs-json').expect(200)).body;
    const getMe = doc.paths['/api/users/me'].get.responses['200'].headers;
    expect(Object.keys(getMe).sort()).toEqual(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-Request-Id']);
    const account = await registerUser(server);
    const res = await request(server.url).get('/api/users/me').set('Authorization', `Bearer ${account.accessToken}`).expect(200);
    for (const name of Object.keys(getMe)) expect(res.headers[name.toLowerCase()]).toMatch(/^\S+$/);
    expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(Number(res.headers['x-ratelimit-limit']));
    const missing = await request(server.url).get('/api/spreadsheets/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${account.accessToken}`).expect(404);
    expect(missing.headers['x-request-id']).toBeTruthy();
    expect(doc.paths['/api/spreadsheets/{id}'].get.responses['404'].content['application/json'].example).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(Object.keys(doc.paths['/api/users/me'].get.responses['429'].headers).sort()).toEqual(['Retry-After', 'X-Request-Id']);
  });

  it('documents webhook deliveries as a callback of createWebhook, with their payloads and headers', async () => {
    const doc = (await request(server.url).get('/api/docs-json').expect(200)).body;
    const delivery = doc.paths['/api/spreadsheets/{id}/webhooks'].post.callbacks.delivery['{$request.body#/url}'].post;
    expect(delivery.requestBody.content['application/json'].schema.oneOf).toEqual([
      { $ref: '#/components/schemas/WebhookPayload' },
      { $ref: '#/components/schemas/CommentWebhookPayload' },
    ]);
    expect(delivery.parameters.map((p: { name: string }) => p.name)).toEqual(['x-contrivance-event', 'x-contrivance-delivery', 'x-contrivance-signature']);
    expect(doc.info.description).toContain('## Webhooks');
    expect(doc.tags.every((t: { description?: string }) => t.description)).toBe(true);
  });

  it('serves the interactive docs', async () => {
    const res = await request(server.url).get('/api/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger-ui');
  });
});
