import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, spawnApp, waitForOk } from './support/process.cjs';

/**
 * The app as a user starts it: its own process, no DATABASE_URL, so it brings up embedded PostgreSQL in its data
 * folder. Covers the fresh-machine path, data surviving a restart, and a clean stop on SIGTERM.
 */
describe('the app process', () => {
  it('refuses to start on a malformed variable and names it, without a stack trace', async () => {
    const app = spawnApp({ PORT: 'eighty', NODE_ENV: 'test', DATABASE_URL: 'postgres://u@127.0.0.1:1/x' });
    const { code } = await app.exited;
    expect(code).toBe(1);
    expect(app.output()).toContain('PORT must be an integer');
    expect(app.output()).toContain('"eighty"');
    expect(app.output()).not.toMatch(/\n\s+at /);
  });

  it('requires secrets in production, naming each one and echoing no value', async () => {
    const app = spawnApp({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:hunter2@127.0.0.1:1/x', JWT_SECRET: 'short' });
    const { code } = await app.exited;
    expect(code).toBe(1);
    expect(app.output()).toContain('JWT_SECRET must be at least 32 characters');
    expect(app.output()).toContain('TOKEN_HASH_SECRET is required when NODE_ENV=production');
    expect(app.output()).not.toContain('short');
    expect(app.output()).not.toContain('hunter2');
  });

  it('starts on embedded PostgreSQL, keeps data across a restart, and stops it cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'contrivance-fresh-'));
    chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as the postgres OS user
    const env = {
      NODE_ENV: 'development',
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    };
    const base = `http://127.0.0.1:${env.PORT}`;
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');

    const first = spawnApp(env);
    await waitForOk(`${base}/health/ready`, first);
    const secretsFile = join(dataDir, 'secrets.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));
    const dbUrl = `postgresql://postgres:${encodeURIComponent(secrets.embeddedDbPassword)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/contrivance`;
    const write = new Client({ connectionString: dbUrl });
    await write.connect();
    await write.query(`INSERT INTO users (email, password_hash, display_name) VALUES ('kept@example.com', 'x', 'Kept')`);
    await write.end();
    expect(existsSync(pidFile)).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(pidFile)).toBe(false);
    expect(first.output()).toContain('SIGTERM received, shutting down');

    const second = spawnApp(env);
    await waitForOk(`${base}/health/ready`, second);
    expect(JSON.parse(readFileSync(secretsFile, 'utf8'))).toEqual(secrets);
    const read = new Client({ connectionString: dbUrl });
    await read.connect();
    const { rows } = await read.query(`SELECT display_name FROM users WHERE email = 'kept@example.com'`);
    await read.end();
    expect(rows).toEqual([{ display_name: 'Kept' }]);
    expect(second.output()).toContain('schema is up to date');

    second.child.kill('SIGINT');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(pidFile)).toBe(false);
  }, 180_000);
});
