import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ExecutionContext } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { AUTH_RATE_LIMITED } from '../auth/auth.decorators';

const STORAGE = Symbol('RATE_LIMIT_STORAGE');
const MINUTE = 60_000;

/** Counters live in Redis when REDIS_URL is set, so limits hold across instances; in memory otherwise. */
@Module({
  providers: [
    {
      provide: STORAGE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>): ThrottlerStorage | null => {
        const url = config.get('redis.url', { infer: true });
        return url ? new ThrottlerStorageRedisService(url) : null;
      },
    },
  ],
  exports: [STORAGE],
})
class RateLimitStorageModule {}

const notAuthRoute = (context: ExecutionContext) => !Reflect.getMetadata(AUTH_RATE_LIMITED, context.getHandler());

const accountOf = (req: Record<string, unknown>): string => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return `account:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
};

/**
 * Three limits: a generous default on every route, and on login/register a per-IP and a per-account limit
 * (brute force against one account is stopped even when it comes from many addresses).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [ConfigService, STORAGE],
      useFactory: (config: ConfigService<AppConfig, true>, storage: ThrottlerStorage | null) => {
        const limits = config.get('rateLimit', { infer: true });
        return {
          throttlers: [
            { name: 'default', ttl: MINUTE, limit: limits.perMinute },
            { name: 'auth-ip', ttl: MINUTE, limit: limits.authPerIpPerMinute, skipIf: notAuthRoute },
            {
              name: 'auth-account',
              ttl: 15 * MINUTE,
              limit: limits.authPerAccountPer15Minutes,
              skipIf: notAuthRoute,
              getTracker: accountOf,
            },
          ],
          ...(storage ? { storage } : {}),
        };
      },
    }),
  ],
})
export class RateLimitModule {}
