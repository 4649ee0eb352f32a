import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The pooled pg connections under TypeORM, for the few paths that need the driver itself: several statements in one
 * round trip (the change log), COPY (imports), and the pool's counts (metrics).
 */
@Injectable()
export class DatabaseConnections {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A connection taken from the pool: TypeORM's runner (release it when done) and the pg client it holds. */
  async connect(): Promise<{ runner: QueryRunner; client: PoolClient }> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    return { runner, client };
  }

  /** The pg client under a transaction's entity manager. */
  async clientOf(tx: EntityManager): Promise<PoolClient> {
    if (!tx.queryRunner) throw new Error('clientOf needs the entity manager of a transaction');
    return (await tx.queryRunner.connect()) as PoolClient;
  }

  /** Connections open, idle, and requests waiting for one (null before the pool exists). */
  poolCounts(): { total: number; idle: number; waiting: number } | null {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
    return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
  }
}
