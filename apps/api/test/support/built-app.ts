import { connect } from 'node:net';
import type { AuthResponse } from '@contrivance/contracts';
import { TEST_SECRETS, testDatabaseUrl, WEB_DIST } from './app';
import { uniqueEmail } from './factories';
import { freePort, spawnApp, waitForOk, type AppProcess } from './process.cjs';

/** The built app (dist/main.js) as its own process, configured as `npm start` runs it (the SPA served), on the test database. */
export interface BuiltApp {
  port: number;
  base: string;
  process: AppProcess;
  /** Resolves to true once the process has exited (it must not, for anything a client sends). */
  exited(): boolean;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startBuiltApp(overrides: Record<string, string> = {}): Promise<BuiltApp> {
  const port = await freePort();
  const env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: testDatabaseUrl(),
    WEB_DIST_DIR: WEB_DIST,
    ...TEST_SECRETS,
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_ACCOUNT_RATE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
  const app = spawnApp(env);
  let exited = false;
  void app.exited.then(() => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  await waitForOk(`${base}/health/ready`, app);
  return {
    port,
    base,
    process: app,
    exited: () => exited,
    stop: async (signal = 'SIGTERM') => {
      if (!exited) app.child.kill(signal);
      return app.exited;
    },
  };
}

/** JSON over fetch against a built app; answers status and parsed body (or text). */
export async function http(base: string, path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(base + path, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: body as never, text };
}

/** Signs up a fresh account on a built app. */
export async function signUp(base: string, label = 'user'): Promise<AuthResponse & { email: string; password: string }> {
  const email = uniqueEmail(label);
  const password = 'a long enough password';
  const res = await http(base, '/auth/register', { method: 'POST', body: { email, password, displayName: label } });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return { ...(res.body as AuthResponse), email, password };
}

/** What a raw HTTP exchange gave: the status and body of the answer, or that none came. */
export interface RawAnswer {
  status: number | null;
  text: string;
}

/**
 * Writes bytes to the server as they are, for requests no well-behaved client would send (a multipart body cut short,
 * a body that stops arriving). `then: 'read'` waits for the answer; `'hang'` keeps the connection open and returns a
 * function that closes it; `'drop'` closes the connection at once after writing.
 */
export function rawRequest(port: number, head: string, body: Buffer | string, then: 'read'): Promise<RawAnswer>;
export function rawRequest(port: number, head: string, body: Buffer | string, then: 'hang' | 'drop'): Promise<() => void>;
export function rawRequest(port: number, head: string, body: Buffer | string, then: 'read' | 'hang' | 'drop'): Promise<RawAnswer | (() => void)> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (error) => (then === 'read' ? resolve({ status: null, text: error.message }) : undefined));
    socket.on('connect', () => {
      socket.write(`${head.trim()}\r\n\r\n`);
      socket.write(body, (error) => {
        if (error) return reject(error);
        if (then === 'drop') {
          socket.destroy();
          resolve(() => undefined);
        } else if (then === 'hang') resolve(() => socket.destroy());
      });
    });
    if (then === 'read') {
      socket.setTimeout(30_000, () => socket.destroy());
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
        const split = text.indexOf('\r\n\r\n');
        resolve({ status: status ? Number(status[1]) : null, text: split >= 0 ? text.slice(split + 4) : text });
      });
    }
  });
}
