import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrationsLocked } from '../src/database/migrations-runner';
import type { RunningServer } from '../src/server';
import { bootApp, freshDatabase, testDatabaseUrl, withClient } from './support/app';

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

  it('bounds every pooled connection: an abandoned transaction is ended, and no lock is waited for forever', async () => {
    const dataSource = server.app.get(DataSource);
    const [idle] = await dataSource.query(`SELECT current_setting('idle_in_transaction_session_timeout') AS v`);
    const [lock] = await dataSource.query(`SELECT current_setting('lock_timeout') AS v`);
    expect([idle.v, lock.v]).toEqual(['1min', '10s']);
  });

  it('keeps emails unique regardless of case', async () => {
    await withClient(testDatabaseUrl(), async (c) => {
      await c.query(`INSERT INTO users (email, password_hash, display_name) VALUES ('Case@Example.com', 'x', 'A')`);
      await expect(c.query(`INSERT INTO users (email, password_hash, display_name) VALUES ('case@example.COM', 'x', 'B')`)).rejects.toMatchObject({ code: '23505' });
      await c.query(`DELETE FROM users WHERE lower(email) = 'case@example.com'`);
    });
  });

  it('applies each migration once when several instances start together', async () => {
    const { url, drop } = await freshDatabase('contrivance_migrate');
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
      await Promise.all(sources.filter((s) => s.isInitialized).map((s) => s.destroy()));
      await drop();
    }
  });
});
