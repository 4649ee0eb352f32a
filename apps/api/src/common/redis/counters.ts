import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisConnection } from './redis.module';

/**
 * A counter of `points` per `seconds` window and key: shared through Redis when the app has it (with an in-memory
 * stand-in while Redis is away), in memory otherwise.
 */
export function windowCounter(redis: RedisConnection, keyPrefix: string, points: number, seconds: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration: seconds, keyPrefix });
  if (!redis.client) return memory;
  return new RateLimiterRedis({ storeClient: redis.client, points, duration: seconds, keyPrefix: `contrivance:${keyPrefix}`, insuranceLimiter: memory });
}
