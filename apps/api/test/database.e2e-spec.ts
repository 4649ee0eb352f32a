import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrationsLocked } from '../src/database/migrations-runner';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl } from './support/app';

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function siblingDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

describe('database schema', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await bootApp();
  });
  afterAll(() => server.close());

  it('applies the migrations at start-up and records them', async () => {
    const names = await withClient(testDatabaseUrl(), async (c) => (await c.query('SELECT name FROM migrations ORDER BY id')).rows);
    expect(names.map((r) => r.name)).toContain('InitialSchema1764100000000');
  });

  it('keeps emails unique regardless of case', async () => {
    await withClient(testDatabaseUrl(), async (c) => {
      await c.query(`INSERT INTO users (email, password_hash, display_name) VALUES ('Case@Example.com', 'x', 'A')`);
      await expect(
        c.query(`INSERT INTO users (email, password_hash, display_name) VALUES ('case@example.COM', 'x', 'B')`),
      ).rejects.toMatchObject({ code: '23505' });
      await c.query(`DELETE FROM users WHERE lower(email) = 'case@example.com'`);
    });
  });

  it('applies each migration once when several instances start together', async () => {
    const name = `contrivance_migrate_${Date.now().toString(36)}`;
    await withClient(siblingDatabase(testDatabaseUrl(), 'postgres'), (c) => c.query(`CREATE DATABASE "${name}"`));
    const url = siblingDatabase(testDatabaseUrl(), name);
    const sources = [new DataSource(dataSourceOptions(url)), new DataSource(dataSourceOptions(url)), new DataSource(dataSourceOptions(url))];
    try {
      await Promise.all(sources.map((s) => s.initialize()));
      const applied = await Promise.all(sources.map((s) => runMigrationsLocked(s)));
      const total = sources[0].migrations.length;
      expect(total).toBeGreaterThan(0);
      expect(applied.flat()).toHaveLength(total);
      expect(applied.filter((a) => a.length === 0)).toHaveLength(sources.length - 1);
      const rows = await withClient(url, async (c) => (await c.query('SELECT count(*)::int AS n FROM migrations')).rows[0].n);
      expect(rows).toBe(total);
    } finally {
      await Promise.all(sources.map((s) => (s.isInitialized ? s.destroy() : undefined)));
      await withClient(siblingDatabase(testDatabaseUrl(), 'postgres'), (c) => c.query(`DROP DATABASE "${name}" WITH (FORCE)`));
    }
  });
});
