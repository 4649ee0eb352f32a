import Redis from 'ioredis';

/** The Redis the multi-instance specs use (the machine's; CI starts one). */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(): Promise<boolean> {
  const client = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** True when Redis answers. On CI its absence fails the spec; elsewhere it is a loud skip of what needs it. */
export async function redisForTest(what: string): Promise<boolean> {
  if (await reachable()) return true;
  if (process.env.CI === 'true') throw new Error(`Redis is not reachable at ${testRedisUrl}`);
  process.stderr.write(`\nSKIPPED: Redis not reachable at ${testRedisUrl}; ${what} not tested\n`);
  return false;
}
