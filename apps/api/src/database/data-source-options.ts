import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * Server-side bounds on every pooled connection, so nothing can hold one forever: a transaction left idle (a client
 * gone mid-request, a bug) is ended by PostgreSQL, and no lock is waited for without end (sheet writes set a shorter
 * wait of their own; see ChangeLog).
 */
export const SESSION_LIMITS = { idle_in_transaction_session_timeout: 60_000, lock_timeout: 30_000 };

/**
 * The one TypeORM configuration, used by the app (through TypeOrmModule) and by the CLI (through ormconfig.ts).
 * Schema changes only ever come from migrations.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
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
    extra: { max: 20, connectionTimeoutMillis: 5000, ...SESSION_LIMITS },
  };
}
