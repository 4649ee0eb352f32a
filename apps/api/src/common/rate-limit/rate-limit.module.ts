import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ExecutionContext } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { SlidingWindowStorage } from './sliding-window-storage';
import { AUTH_RATE_LIMITED } from '../auth/auth.decorators';

const STORAGE = Symbol('RATE_LIMIT_STORAGE');
const logger = new Logger('RateLimit');
const MINUTE = 60_000;

/** Counters live in Redis when REDIS_URL is set, so limits hold across instances; in memory otherwise (a sliding window). */
@Module({
  providers: [
    {
      provide: STORAGE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>): ThrottlerStorage => {
        const url = config.get('redis.url', { infer: true });
        if (!url) return new SlidingWindowStorage();
        const storage = new ThrottlerStorageRedisService(url);
        // It reconnects by itself; without a listener ioredis would print each connection error raw to stderr.
        storage.redis.on('error', (error: Error) => logger.warn(`Redis (rate limits): ${error.message}`));
        return storage;
      },
    },
  ],
  exports: [STORAGE],
})
class RateLimitStorageModule {}

const notAuthRoute = (context: ExecutionContext) => !Reflect.getMetadata(AUTH_RATE_LIMITED, context.getHandler());

/**
 * Two limits: a generous default on every route, and a tight per-IP limit on login and register. Failed sign-ins
 * per account are counted by the auth module (LoginAttempts), which counts failures only.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [ConfigService, STORAGE],
      useFactory: (config: ConfigService<AppConfig, true>, storage: ThrottlerStorage) => {
        const limits = config.get('rateLimit', { infer: true });
        return {
          throttlers: [
            { name: 'default', ttl: MINUTE, limit: limits.perMinute },
            { name: 'auth-ip', ttl: MINUTE, limit: limits.authPerIpPerMinute, skipIf: notAuthRoute },
          ],
          storage,
        };
      },
    }),
  ],
})
export class RateLimitModule {}
