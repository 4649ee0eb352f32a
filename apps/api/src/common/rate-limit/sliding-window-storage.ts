import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Buckets per window: a hit is counted for between (SLOTS - 1) / SLOTS and all of the window (59–60 s of a minute). */
export const SLOTS = 60;

interface Window {
  /** Hits per bucket, a ring indexed by bucket number modulo SLOTS. */
  readonly counts: Uint32Array;
  readonly slotMs: number;
  /** The bucket number of the latest request. */
  slot: number;
  total: number;
  blockedUntil: number;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * The rate limiter's counters in memory (one instance; with REDIS_URL they live in Redis), as a sliding window of
 * SLOTS buckets: constant work and memory per request however high the limit. The library's own in-memory storage keeps
 * one timestamp per hit and filters them all on every request, which at 100,000 requests a minute was a tenth of a
 * busy server's CPU. The rules are the library's: a request over the limit is refused and the key blocked for
 * `blockDuration`, hits while blocked are not counted, and the first request after the block starts from zero; with
 * no `blockDuration`, requests over the limit are refused until enough of the window's hits have left it.
 */
export class SlidingWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts a request of `key` (the throttler's name is in the key already). */
  increment(key: string, ttl: number, limit: number, blockDuration: number, _throttlerName?: string): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    const window = this.windowOf(key, ttl, now);
    if (blockDuration <= 0) {
      // No block: a request over the limit is refused, and counts, only while the window holds `limit` others.
      const isBlocked = window.total >= limit;
      if (!isBlocked) this.count(window);
      const timeToExpire = this.timeToExpire(window, now);
      return Promise.resolve({ totalHits: window.total + (isBlocked ? 1 : 0), timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 });
    }
    if (window.blockedUntil > now) {
      return Promise.resolve({
        totalHits: Math.max(window.total, limit + 1),
        timeToExpire: this.timeToExpire(window, now),
        isBlocked: true,
        timeToBlockExpire: seconds(window.blockedUntil - now),
      });
    }
    if (window.blockedUntil) {
      window.counts.fill(0);
      window.total = 0;
      window.blockedUntil = 0;
    }
    this.count(window);
    const isBlocked = window.total > limit;
    if (isBlocked) window.blockedUntil = now + blockDuration;
    return Promise.resolve({ totalHits: window.total, timeToExpire: this.timeToExpire(window, now), isBlocked, timeToBlockExpire: isBlocked ? seconds(blockDuration) : 0 });
  }

  /** Keys kept (idle ones are swept away). */
  get size(): number {
    return this.windows.size;
  }

  /** Stops the sweep of idle keys (a test's or a shutdown's; the timer does not hold the process open anyway). */
  close(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.windows.clear();
  }

  private count(window: Window): void {
    window.counts[window.slot % SLOTS] += 1;
    window.total += 1;
  }

  /** The key's window moved on to `now`: buckets that fell out of it are emptied. */
  private windowOf(key: string, ttl: number, now: number): Window {
    const slotMs = Math.max(1, Math.ceil(ttl / SLOTS));
    const slot = Math.floor(now / slotMs);
    let window = this.windows.get(key);
    if (!window || window.slotMs !== slotMs) {
      window = { counts: new Uint32Array(SLOTS), slotMs, slot, total: 0, blockedUntil: 0 };
      this.windows.set(key, window);
      this.sweep(slotMs * SLOTS);
    }
    // A clock that went back leaves the buckets as they are.
    const passed = Math.min(slot - window.slot, SLOTS);
    for (let i = 1; i <= passed; i += 1) {
      const at = (window.slot + i) % SLOTS;
      window.total -= window.counts[at];
      window.counts[at] = 0;
    }
    if (passed > 0) window.slot = slot;
    return window;
  }

  /** Seconds until the oldest hit still counted leaves the window (what `X-RateLimit-Reset` reports). */
  private timeToExpire(window: Window, now: number): number {
    for (let k = 1; k <= SLOTS; k += 1) {
      if (window.counts[(window.slot + k) % SLOTS]) return seconds((window.slot + k) * window.slotMs - now);
    }
    return seconds(window.slotMs * SLOTS);
  }

  /** Drops, now and then, the windows nobody hit for a whole window and that are not blocked. */
  private sweep(every: number): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = this.now();
      for (const [key, window] of this.windows) {
        if (window.blockedUntil <= now && (Math.floor(now / window.slotMs) - window.slot >= SLOTS || !window.total)) this.windows.delete(key);
      }
    }, every);
    this.sweeper.unref();
  }
}
