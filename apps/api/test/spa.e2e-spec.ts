import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';

describe('serving the web app', () => {
  let server: RunningServer;
  const INDEX = '<!doctype html><title>Contrivance test shell</title>';

  beforeAll(async () => {
    // Below a dot folder (as in ~/.local/share/…): only the names inside the build count as dotfiles.
    const dist = join(mkdtempSync(join(tmpdir(), 'contrivance-web-')), '.deploy', 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'app-123.js'), 'console.log("app")');
    server = await bootApp({ WEB_DIST_DIR: dist });
  });
  afterAll(() => server.close());

  it('serves index.html at /', async () => {
    const res = await request(server.url).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toBe(INDEX);
  });

  it('falls back to index.html for deep links', async () => {
    const res = await request(server.url).get('/spreadsheets/123/board').expect(200);
    expect(res.text).toBe(INDEX);
  });

  it('serves built assets', async () => {
    const res = await request(server.url).get('/assets/app-123.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('answers a missing asset with 404 rather than index.html', async () => {
    await request(server.url).get('/assets/gone-456.js').expect(404);
  });

  it('leaves /ws to Socket.IO (a plain GET is refused by it as JSON, never the SPA)', async () => {
    const res = await request(server.url).get('/ws/').expect(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });

  it.each(['/api', '/api/anything/deep', '/auth/nope', '/health/nope', '/metrics/x'])('never swallows server path %s', async (path) => {
    const res = await request(server.url).get(path).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.statusCode).toBe(404);
  });

  it('still answers the real server routes', async () => {
    await request(server.url).get('/health').expect(200, { status: 'ok', checks: {} });
    await request(server.url).get('/metrics').expect(401);
  });
});
