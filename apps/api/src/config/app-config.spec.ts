import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAppConfig } from './app-config';
import { validateEnvironment } from './environment';

const tempDir = () => mkdtempSync(join(tmpdir(), 'contrivance-config-'));

describe('buildAppConfig', () => {
  it('generates development secrets once and reuses them', () => {
    const dir = tempDir();
    const first = buildAppConfig(validateEnvironment({ DATA_DIR: dir }));
    const second = buildAppConfig(validateEnvironment({ DATA_DIR: dir }));
    expect(first.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.auth.jwtSecret).not.toBe(first.auth.tokenHashSecret);
    expect(second.auth).toEqual(first.auth);
    expect(second.database.embeddedPassword).toBe(first.database.embeddedPassword);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('uses given secrets and writes nothing when an external database is configured', () => {
    const dir = tempDir();
    const config = buildAppConfig(
      validateEnvironment({
        DATA_DIR: dir,
        DATABASE_URL: 'postgres://u@h/db',
        JWT_SECRET: 'j'.repeat(32),
        TOKEN_HASH_SECRET: 't'.repeat(32),
      }),
    );
    expect(config.auth).toMatchObject({ jwtSecret: 'j'.repeat(32), tokenHashSecret: 't'.repeat(32), accessTtlSeconds: 900 });
    expect(() => readFileSync(join(dir, 'secrets.json'))).toThrow();
  });

  it('allows the Vite dev server in development and nothing by default in production', () => {
    const dir = tempDir();
    expect(buildAppConfig(validateEnvironment({ DATA_DIR: dir })).http.corsOrigins).toContain('http://localhost:5173');
    const prod = validateEnvironment({ NODE_ENV: 'production', DATA_DIR: dir, JWT_SECRET: 'j'.repeat(32), TOKEN_HASH_SECRET: 't'.repeat(32) });
    expect(buildAppConfig(prod).http.corsOrigins).toEqual([]);
    expect(buildAppConfig({ ...prod, CORS_ORIGINS: '*' }).http.corsOrigins).toBe(true);
  });

  it('reports no web app when the given folder has no index.html', () => {
    expect(buildAppConfig(validateEnvironment({ DATA_DIR: tempDir(), WEB_DIST_DIR: tempDir() })).web.distDir).toBeNull();
  });
});
