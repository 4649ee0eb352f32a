import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * Server-side bounds on every pooled connection, so nothing can hold one forever: a transaction left idle (a client
 * gone mid-request, a bug) is ended by PostgreSQL, and no lock is waited for without end. The lock bound is the
 * app's SHEET_LOCK_TIMEOUT_MS (how long a write waits for a busy sheet), set once per connection rather than per
 * transaction so the hot path of an edit pays nothing for it.
 */
const IDLE_IN_TRANSACTION_MS = 60_000;
const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

/**
 * The one TypeORM configuration, used by the app (through TypeOrmModule) and by the CLI (through ormconfig.ts).
 * Schema changes only ever come from migrations.
 */
export function dataSourceOptions(url: string, lockTimeoutMs = DEFAULT_LOCK_TIMEOUT_MS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: 'contrivance',
    extra: { max: 20, connectionTimeoutMillis: 5000, idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS, lock_timeout: lockTimeoutMs },
  };
}
