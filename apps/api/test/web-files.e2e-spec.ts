import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { WEB_DIST } from './support/app';
import { startBuiltApp, type BuiltApp } from './support/built-app';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET whose body is kept as the bytes on the wire (fetch would decompress it). */
function rawGet(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = get(base + path, { headers, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

/** The built SPA as `npm start` serves it: the real build, with its brotli and gzip copies. */
describe('serving the built web app', () => {
  let app: BuiltApp;
  const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  // The entry script named by index.html: hashed, under /assets, with both copies beside it.
  const entry = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1] ?? '';
  const entryBytes = readFileSync(join(WEB_DIST, entry));
  const stylesheet = /<link rel="stylesheet"[^>]+href="(\/assets\/[^"]+\.css)"/.exec(index)?.[1] ?? '';

  beforeAll(async () => {
    expect(entry).toMatch(/^\/assets\/index-[\w-]+\.js$/);
    app = await startBuiltApp();
  });
  afterAll(() => app.stop());

  it.each([
    ['br', 'gzip, deflate, br, zstd', brotliDecompressSync],
    ['gzip', 'gzip, deflate', gunzipSync],
  ])('sends the %s copy of a script to a client that accepts it, decompressing to the file', async (coding, acceptEncoding, decompress) => {
    const res = await rawGet(app.base, entry, { 'Accept-Encoding': acceptEncoding });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(coding);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(entryBytes.length / 2);
    expect(decompress(res.body).equals(entryBytes)).toBe(true);
  });

  it('sends the file as it is when the client names no encoding', async () => {
    const res = await rawGet(app.base, entry);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(res.headers['content-length'])).toBe(entryBytes.length);
    expect(res.body.equals(entryBytes)).toBe(true);
  });

  it('honours a refused coding (br;q=0) and a client that wants no compression', async () => {
    expect((await rawGet(app.base, entry, { 'Accept-Encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    const identity = await rawGet(app.base, entry, { 'Accept-Encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(entryBytes)).toBe(true);
  });

  it('compresses stylesheets too, with their own type', async () => {
    const res = await rawGet(app.base, stylesheet, { 'Accept-Encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(brotliDecompressSync(res.body).equals(readFileSync(join(WEB_DIST, stylesheet)))).toBe(true);
  });

  it('lets browsers keep hashed assets for a year without asking again', async () => {
    for (const coding of ['br', 'gzip', '']) {
      const res = await rawGet(app.base, entry, coding ? { 'Accept-Encoding': coding } : {});
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('has index.html, at / and at client-side routes, revalidated on every load so a deploy is picked up', async () => {
    for (const path of ['/', '/index.html', '/sheets/5f1c0d0e-0000-4000-8000-000000000000', '/sign-in']) {
      const res = await rawGet(app.base, path, { 'Accept-Encoding': 'gzip, br' });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(res.body).toString('utf8')).toBe(index);
      // The security headers still apply to the page.
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers a revalidation of an unchanged index.html with 304', async () => {
    const first = await rawGet(app.base, '/', { 'Accept-Encoding': 'gzip' });
    expect(first.headers['last-modified']).toBeDefined();
    const again = await rawGet(app.base, '/', { 'Accept-Encoding': 'gzip', 'If-Modified-Since': String(first.headers['last-modified']) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const res = await rawGet(app.base, entry, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBe(readFileSync(join(WEB_DIST, `${entry}.br`)).length);
    expect(res.body.length).toBe(0);
  });

  it.each(['/assets/index-gone1234.js', '/assets/', '/assets', `${entry}.br`])('answers %s, not a built file, with the JSON 404', async (path) => {
    const res = await rawGet(app.base, path, { 'Accept-Encoding': 'br' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('leaves the API untouched: JSON, uncached, never index.html', async () => {
    const health = await rawGet(app.base, '/health', { 'Accept-Encoding': 'br' });
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toMatch(/application\/json/);
    const missing = await rawGet(app.base, '/api/nothing-here', { 'Accept-Encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString('utf8')).statusCode).toBe(404);
  });
});
