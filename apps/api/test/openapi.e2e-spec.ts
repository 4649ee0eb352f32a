import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { OPENAPI_FILE, serialiseOpenApi } from '../src/write-openapi';
import { bootApp } from './support/app';

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

  it('serves the interactive docs', async () => {
    const res = await request(server.url).get('/api/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger-ui');
  });
});
