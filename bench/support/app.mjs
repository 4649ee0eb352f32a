// Starting the built app for a benchmark: a fresh database (DATABASE_URL's server, else embedded PostgreSQL), a free
// port, production mode, quiet logs, rate limits out of the way. `stop()` ends the app and drops the database.
import { createTestDatabase } from '../../apps/api/test/support/test-database.mjs';
import processHelpers from '../../apps/api/test/support/process.cjs';

const { spawnApp, waitForOk, freePort } = processHelpers;

export { freePort };

export async function startBenchApp(prefix, env = {}) {
  const db = await createTestDatabase(prefix);
  const port = await freePort();
  const app = spawnApp({
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789',
    TOKEN_HASH_SECRET: 'bench-token-secret-0123456789abcdef012345',
    RATE_LIMIT_PER_MINUTE: '100000000',
    // To profile the app under any bench: BENCH_APP_NODE_OPTIONS='--require ./my-profiler.cjs' node bench/….mjs
    ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}),
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    app.child.kill('SIGTERM');
    await app.exited;
    await db.drop();
  };
  try {
    await waitForOk(`${base}/health/ready`, app);
  } catch (error) {
    await stop();
    throw error;
  }
  return { db, app, base, stop };
}
