import { createTestDatabase } from '../../../api/test/support/test-database.mjs';
import { freePort, spawnApp, waitForOk } from '../../../api/test/support/process.cjs';

/**
 * Starts the built app on a free port against a fresh database and hands its URL to the tests (workers load the
 * config after this runs, so `use.baseURL` picks up E2E_BASE_URL). Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const database = await createTestDatabase('contrivance_browser');
  const port = await freePort();
  const app = spawnApp({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    JWT_SECRET: 'browser-test-jwt-secret-0123456789abcdef',
    TOKEN_HASH_SECRET: 'browser-test-token-secret-0123456789abcdef',
    LOG_LEVEL: 'warn',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${baseUrl}/health/ready`, app);
  } catch (error) {
    app.child.kill('SIGKILL');
    await database.drop();
    throw error;
  }
  process.env.E2E_BASE_URL = baseUrl;
  // For the few tests that must set up what no screen can (an admin account of their own).
  process.env.E2E_DATABASE_URL = database.url;

  return async () => {
    app.child.kill('SIGTERM');
    await app.exited;
    await database.drop();
  };
}
