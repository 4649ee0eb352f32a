import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import { startServer, type RunningServer } from '../../src/server';

/** Fixed test secrets: long enough to pass validation, never used outside tests. */
export const TEST_SECRETS = {
  JWT_SECRET: 'test-jwt-secret-0123456789abcdef0123456789',
  TOKEN_HASH_SECRET: 'test-token-hash-secret-0123456789abcdef012',
};

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the e2e specs through jest (globalSetup creates it)');
  return url;
}

/** Environment of an in-process test app: the run's fresh database, a random port, quiet logs. */
export function testEnvironment(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDatabaseUrl(),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'contrivance-data-')),
    WEB_DIST_DIR: join(tmpdir(), 'contrivance-no-web-build'),
    ...TEST_SECRETS,
    ...overrides,
  };
}

/** Boots the real app (same wiring as main.ts) in this process. */
export function bootApp(overrides: Record<string, string | undefined> = {}, extraImports: Type[] = []): Promise<RunningServer> {
  return startServer(testEnvironment(overrides), { extraImports });
}
