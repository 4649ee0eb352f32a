import { SLOTS, SlidingWindowStorage } from './sliding-window-storage';

const MINUTE = 60_000;

describe('SlidingWindowStorage', () => {
  let now: number;
  let storage: SlidingWindowStorage;
  const hit = (key = 'user:1', limit = 3, blockDuration = MINUTE) => storage.increment(key, MINUTE, limit, blockDuration, 'default');

  beforeEach(() => {
    now = 1_000_000 * MINUTE;
    storage = new SlidingWindowStorage(() => now);
  });
  afterEach(() => storage.close());

  it('counts hits up to the limit and refuses the next, per key', async () => {
    expect((await hit()).totalHits).toBe(1);
    await hit();
    expect(await hit()).toEqual({ totalHits: 3, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(await hit()).toEqual({ totalHits: 4, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 60 });
    expect(await hit('user:2')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('forgets a hit once the window has passed it, to the bucket', async () => {
    await hit();
    now += 30_000;
    await hit();
    now += 20_000;
    // The oldest hit leaves in 10 s.
    expect(await hit()).toMatchObject({ totalHits: 3, timeToExpire: 10, isBlocked: false });
    now += 10_000;
    // The first hit has left; the one at 30 s is now the oldest.
    expect(await hit()).toMatchObject({ totalHits: 3, timeToExpire: 30, isBlocked: false });
    now += 2 * MINUTE;
    expect(await hit()).toMatchObject({ totalHits: 1, timeToExpire: 60 });
  });

  it('keeps a blocked key blocked for blockDuration without counting, then starts from zero', async () => {
    for (let i = 0; i < 4; i += 1) await hit('k', 3, 5 * MINUTE);
    now += 2 * MINUTE;
    // The window alone would have let it in again; the block has not ended.
    expect(await hit('k', 3, 5 * MINUTE)).toEqual({ totalHits: 4, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 180 });
    now += 3 * MINUTE;
    expect(await hit('k', 3, 5 * MINUTE)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it("counts a busy key's last minute, to a bucket, at a limit of a million", async () => {
    for (let i = 0; i < 200_000; i += 1) {
      now += 1;
      await hit('busy', 1_000_000);
    }
    // 200,000 hits over 200 s, a hit counted for 59–60 s.
    const { totalHits } = await hit('busy', 1_000_000);
    expect(totalHits).toBeGreaterThanOrEqual(60_000 - MINUTE / SLOTS);
    expect(totalHits).toBeLessThanOrEqual(60_001);
  });

  it('drops the keys nobody used for a whole window, except blocked ones', async () => {
    jest.useFakeTimers({ now });
    try {
      storage = new SlidingWindowStorage(() => now);
      await hit('idle');
      for (let i = 0; i < 4; i += 1) await hit('blocked', 3, 10 * MINUTE);
      expect(storage.size).toBe(2);
      now += 2 * MINUTE;
      jest.advanceTimersByTime(2 * MINUTE);
      expect(storage.size).toBe(1);
      now += 10 * MINUTE;
      jest.advanceTimersByTime(MINUTE);
      expect(storage.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('without a block, refuses over the limit until hits leave the window, counting none of the refused', async () => {
    for (let i = 0; i < 5; i += 1) await hit('k', 5, 0);
    const refused = await hit('k', 5, 0);
    expect(refused).toEqual({ totalHits: 6, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 60 });
    for (let i = 0; i < 25; i += 1) expect((await hit('k', 5, 0)).isBlocked).toBe(true);
    now += MINUTE;
    expect(await hit('k', 5, 0)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('leaves the buckets alone when the clock goes back', async () => {
    await hit();
    now -= 10_000;
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
  });
});
