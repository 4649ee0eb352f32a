import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { CONTENT_CODINGS, pickContentCoding, type ContentCoding } from './content-coding';

const SUFFIX: Record<ContentCoding, string> = { br: '.br', gzip: '.gz' };

/** Hashed build output: its name changes with its content, so a browser may keep it for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * index.html names the current hashed files: always revalidated (If-Modified-Since, a 304 while unchanged), so a deploy
 * is seen at once. (No ETag: express gives sendFile the app's `etag` setting, off for the API.)
 */
const REVALIDATE = 'no-cache';
/** Unhashed files copied from public/ (favicon, licence): cached briefly, as before. */
const SHORT = 'public, max-age=3600';

/** One file of the web build as the server answers it: where it is, its encoded copies, how long it may be cached. */
export interface WebFile {
  /** Relative to the build's folder (sent with it as root, so a dot folder above it, `~/.local/…`, is no dotfile). */
  path: string;
  encoded: Partial<Record<ContentCoding, string>>;
  codings: ContentCoding[];
  cacheControl: string;
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** The web build by URL path, read once at boot (a new build is deployed with a restart). */
export function scanWebFiles(distDir: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const copies = new Set(Object.values(SUFFIX));
  for (const path of filesUnder(distDir)) {
    if (copies.has(extname(path))) continue;
    const file = relative(distDir, path).split(sep).join('/');
    const url = `/${file}`;
    const encoded: WebFile['encoded'] = {};
    for (const coding of CONTENT_CODINGS) if (existsSync(path + SUFFIX[coding])) encoded[coding] = file + SUFFIX[coding];
    const cacheControl = url.startsWith('/assets/') ? IMMUTABLE : url === '/index.html' ? REVALIDATE : SHORT;
    files.set(url, { path: file, encoded, codings: CONTENT_CODINGS.filter((c) => encoded[c]), cacheControl });
  }
  return files;
}

/**
 * Answers GET and HEAD for the built SPA: its files, brotli or gzip copies by Accept-Encoding, and index.html for any
 * other path (client-side routes) except the server's own paths and /assets, which fall through to the JSON 404.
 */
export function webAppHandler(distDir: string, serverPaths: readonly string[]) {
  const files = scanWebFiles(distDir);
  const index = files.get('/index.html');
  const reserved = [...serverPaths, '/assets'];
  const isReserved = (path: string) => reserved.some((p) => path === p || path.startsWith(`${p}/`));

  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = files.get(req.path) ?? (isReserved(req.path) ? undefined : index);
    if (!file) return next();
    const coding = pickContentCoding(req.headers['accept-encoding'], file.codings);
    // The type of the file itself, never of its .br/.gz copy.
    res.type(extname(file.path));
    res.setHeader('Cache-Control', file.cacheControl);
    if (file.codings.length) res.vary('Accept-Encoding');
    if (coding) res.setHeader('Content-Encoding', coding);
    res.sendFile((coding && file.encoded[coding]) || file.path, { root: distDir, cacheControl: false, lastModified: true }, (error) => {
      if (!error) return;
      // Gone since boot (a build replaced under a running server): the JSON 404 rather than a half answer, without the
      // file's caching headers (an immutable 404 would be kept by browsers and caches for a year).
      if (!res.headersSent) {
        for (const header of ['Content-Encoding', 'Cache-Control', 'Last-Modified', 'Vary']) res.removeHeader(header);
        return next();
      }
      // A read failing mid-file: end the connection, so the client sees a broken answer instead of waiting for the rest.
      res.destroy();
    });
  };
}
