import { Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config';

/**
 * The app's Redis connection for shared counters (socket event budgets, failed sign-ins), present only when
 * REDIS_URL is set. Commands fail fast while Redis is away (no offline queue); callers fall back to counting in
 * memory. Its connection errors are logged here, once per outage, never left unhandled.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | null;

  constructor(config: ConfigService<AppConfig, true>) {
    const url = config.get('redis.url', { infer: true });
    this.client = url ? new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }) : null;
    let down = false;
    this.client?.on('error', (error: Error) => {
      if (!down) this.logger.warn(`Redis unavailable (${error.message}); counting in memory until it is back`);
      down = true;
    });
    this.client?.on('ready', () => (down = false));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}

@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
