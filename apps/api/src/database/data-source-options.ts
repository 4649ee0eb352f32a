import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

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
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
