import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, freePort } from '../../../api/test/support/test-database.mjs';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const mainJs = `${repoRoot}apps/api/dist/main.js`;

async function waitUntilReady(url: string, exited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`the app exited while starting:\n${output()}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app was not ready in time:\n${output()}`);
}

/**
 * Starts the built app on a free port against a fresh database and hands its URL to the tests (workers load the
 * config after this runs, so `use.baseURL` picks up E2E_BASE_URL). Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: run \`npm run build\` first`);
  const database = await createTestDatabase('contrivance_browser');
  const port = await freePort();
  let output = '';
  let exited = false;
  const app = spawn(process.execPath, [mainJs], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      JWT_SECRET: 'browser-test-jwt-secret-0123456789abcdef',
      TOKEN_HASH_SECRET: 'browser-test-token-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout.on('data', (d: Buffer) => (output += d.toString()));
  app.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const stopped = new Promise<void>((done) => app.once('exit', () => ((exited = true), done())));

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${baseUrl}/health/ready`, () => exited, () => output);
  } catch (error) {
    app.kill('SIGKILL');
    await database.drop();
    throw error;
  }
  process.env.E2E_BASE_URL = baseUrl;

  return async () => {
    app.kill('SIGTERM');
    await stopped;
    await database.drop();
  };
}
