import { DataSource } from 'typeorm';
import { buildAppConfig } from '../config/app-config';
import { validateEnvironment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';
import { startEmbeddedDatabase } from './embedded-database';

/**
 * The data source the TypeORM CLI uses (through ormconfig.ts): the same options and the same database resolution as
 * the app. Without DATABASE_URL it reuses the embedded server if the app is running, or starts it for the command.
 */
export async function createCliDataSource(): Promise<DataSource> {
  const config = buildAppConfig(validateEnvironment(process.env));
  const url =
    config.database.url ??
    (
      await startEmbeddedDatabase({
        dataDir: config.database.dataDir,
        port: config.database.embeddedPort,
        password: config.database.embeddedPassword,
      })
    ).url;
  return new DataSource(dataSourceOptions(url));
}
