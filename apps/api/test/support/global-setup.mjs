import { createTestDatabase } from './test-database.mjs';

/** One fresh database for the whole e2e run; migrations are applied by the first app that boots on it. */
export default async function globalSetup() {
  const database = await createTestDatabase('contrivance_e2e');
  globalThis.__contrivanceTestDatabase = database;
  process.env.TEST_DATABASE_URL = database.url;
  process.stdout.write(`\ne2e database: ${database.name} (${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL server'})\n`);
}
