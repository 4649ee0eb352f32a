import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import { Client } from 'pg';
import { startServer, type RunningServer } from '../../src/server';
import { currentSpec, recordResponsesOf } from './response-recorder.cjs';

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

/** The built web app, served by every test app as `npm start` serves it (`npm test` builds it first). */
export const WEB_DIST = join(__dirname, '..', '..', '..', 'web', 'dist');

/**
 * Environment of an in-process test app: the run's fresh database, a random port, quiet logs, and the built SPA
 * served as in production (some failures only happen with the static module mounted).
 */
export function testEnvironment(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: testDatabaseUrl(),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'contrivance-data-')),
    WEB_DIST_DIR: WEB_DIST,
    // Every spec shares 127.0.0.1; the rate-limit spec sets its own small limits.
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_ACCOUNT_RATE_LIMIT: '100000',
    ...TEST_SECRETS,
    ...overrides,
  };
}

/** A new, empty database beside the run's one (for specs that need a blank slate, e.g. "the first user is admin"). */
export async function freshDatabase(prefix = 'contrivance_fresh'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new URL(testDatabaseUrl());
  admin.pathname = '/postgres';
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    url: url.toString(),
    drop: () => withClient(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs `fn` with a connected pg client (to the run's database by default). */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Boots the real app (same wiring as main.ts) in this process. One app per spec file: Passport keeps its strategies
 * in a process-wide registry, so a second app in the same file would take over the first one's authentication.
 */
export async function bootApp(overrides: Record<string, string | undefined> = {}, extraImports: Type[] = []): Promise<RunningServer> {
  const server = await startServer(testEnvironment(overrides), { extraImports });
  // Every response it sends is checked against the OpenAPI document when the run ends (global-teardown.mjs).
  recordResponsesOf(server.app.getHttpServer(), currentSpec() ?? 'unknown spec');
  return server;
}
