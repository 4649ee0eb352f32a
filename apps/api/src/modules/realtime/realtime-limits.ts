import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode } from '@contrivance/contracts';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError } from '../../common/errors/domain-error';
import { windowCounter } from '../../common/redis/counters';
import { RedisConnection } from '../../common/redis/redis.module';
import type { AppConfig } from '../../config/app-config';

export type EventKind = 'read' | 'write';

/**
 * Per-user budgets for socket events, whatever number of sockets (or instances, with REDIS_URL) the user spreads them
 * over: writes (cell:update, row:create, row:delete) and everything else (join, leave, presence:update). With Redis,
 * a Redis outage falls back to per-instance counting rather than refusing everyone.
 */
@Injectable()
export class RealtimeLimits {
  private readonly limiters: Record<EventKind, RateLimiterAbstract>;

  constructor(config: ConfigService<AppConfig, true>, redis: RedisConnection) {
    const { writesPerSecond, eventsPerSecond } = config.get('realtime', { infer: true });
    this.limiters = { write: windowCounter(redis, 'rt-write', writesPerSecond, 1), read: windowCounter(redis, 'rt-read', eventsPerSecond, 1) };
  }

  /** Counts one event of the user's; a DomainError (rate_limited) when over budget. */
  async consume(userId: string, kind: EventKind): Promise<void> {
    try {
      await this.limiters[kind].consume(userId);
    } catch (rejection) {
      if (rejection instanceof Error) throw rejection;
      throw new DomainError(ErrorCode.RateLimited, kind === 'write' ? 'Too many changes at once; slow down and retry' : 'Too many events at once; slow down');
    }
  }
}
