import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from './test-database.mjs';

const { LOG_DIR_ENV } = createRequire(import.meta.url)('./response-recorder.cjs');

/**
 * One fresh database for the whole e2e run; migrations are applied by the first app that boots on it. Also the run's
 * folder where every app under test records its responses, checked against the OpenAPI document by globalTeardown.
 */
export default async function globalSetup() {
  const database = await createTestDatabase('contrivance_e2e');
  globalThis.__contrivanceTestDatabase = database;
  process.env.TEST_DATABASE_URL = database.url;
  process.env[LOG_DIR_ENV] = mkdtempSync(join(tmpdir(), 'contrivance-responses-'));
  process.stdout.write(`\ne2e database: ${database.name} (${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL server'})\n`);
}
