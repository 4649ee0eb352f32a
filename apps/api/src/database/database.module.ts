import { DynamicModule, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { DatabaseConnections } from './database-connections';
import { DatabaseNotifications } from './database-notifications';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './migrations-runner';

/** Applies pending migrations once the app is wired, before it starts listening (unless MIGRATIONS_RUN=false). */
class MigrationsOnBoot implements OnApplicationBootstrap {
  private readonly logger = new Logger('Migrations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('database.migrationsRun', { infer: true })) return;
    const applied = await runMigrationsLocked(this.dataSource);
    this.logger.log(applied.length ? `applied ${applied.join(', ')}` : 'schema is up to date');
  }
}

/**
 * TypeORM on the database the bootstrap resolved (embedded or DATABASE_URL). The URL is passed in rather than read
 * here because starting the embedded server happens before Nest exists, so it can be stopped after Nest closes.
 * Global: every module may inject the DataSource, DatabaseNotifications (LISTEN/NOTIFY) and DatabaseConnections
 * (the pg driver's connections and pool).
 */
@Module({})
export class DatabaseModule {
  static forRoot(url: string, lockTimeoutMs: number): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(url, lockTimeoutMs), autoLoadEntities: true, entities: [] }),
        }),
      ],
      providers: [
        {
          provide: MigrationsOnBoot,
          inject: [DataSource, ConfigService],
          useFactory: (ds: DataSource, config: ConfigService<AppConfig, true>) => new MigrationsOnBoot(ds, config),
        },
        { provide: DatabaseNotifications, useFactory: () => new DatabaseNotifications(url) },
        DatabaseConnections,
      ],
      exports: [DatabaseNotifications, DatabaseConnections],
    };
  }
}
