import type { DatabaseNotifications } from './database-notifications';
import { NotifiedCache } from './notified-cache';

/** Notifications as the cache sees them: a live connection, and a way to deliver a message on its channel. */
function fakeNotifications() {
  let onMessage: (group: string) => void = () => undefined;
  const notifications = {
    live: true,
    listen: (_channel: string, handlers: { onMessage: (group: string) => void }) => (onMessage = handlers.onMessage),
  } as unknown as DatabaseNotifications;
  return { notifications, notify: (group: string) => onMessage(group) };
}

function deferredLoads() {
  const loads: ((value: { n: number }) => void)[] = [];
  let n = 0;
  const load = () => new Promise<{ n: number }>((resolve) => loads.push(() => resolve({ n: (n += 1) })));
  return { load, loads, finish: (i: number) => loads[i]({ n: 0 }) };
}

describe('NotifiedCache', () => {
  it('shares one load among concurrent misses of a key, and keeps its value', async () => {
    const { notifications } = fakeNotifications();
    const cache = new NotifiedCache<{ n: number }>(notifications, 'c', { max: 10, ttlMs: 60_000 });
    const { load, loads, finish } = deferredLoads();
    const reads = [cache.read('u', 'k', load), cache.read('u', 'k', load), cache.read('u', 'k', load)];
    expect(loads).toHaveLength(1);
    finish(0);
    const values = await Promise.all(reads);
    expect(new Set(values).size).toBe(1);
    expect(await cache.read('u', 'k', load)).toBe(values[0]);
    expect(loads).toHaveLength(1);
  });

  it('does not share a load that started before a change: the later reader loads afresh, and neither is kept', async () => {
    const { notifications, notify } = fakeNotifications();
    const cache = new NotifiedCache<{ n: number }>(notifications, 'c', { max: 10, ttlMs: 60_000 });
    const { load, loads, finish } = deferredLoads();
    const before = cache.read('u', 'k', load);
    notify('u');
    const after = cache.read('u', 'k', load);
    expect(loads).toHaveLength(2);
    finish(0);
    finish(1);
    expect(await before).not.toBe(await after);
    // The second load started after the change: it is kept.
    expect(await cache.read('u', 'k', load)).toBe(await after);
    expect(loads).toHaveLength(2);
  });

  it('answers a failed load to everyone who shared it, then loads again', async () => {
    const { notifications } = fakeNotifications();
    const cache = new NotifiedCache<{ n: number }>(notifications, 'c', { max: 10, ttlMs: 60_000 });
    let fail!: (error: Error) => void;
    const failing = () => new Promise<{ n: number }>((_resolve, reject) => (fail = reject));
    const reads = [cache.read('u', 'k', failing), cache.read('u', 'k', failing)];
    fail(new Error('down'));
    await expect(Promise.all(reads)).rejects.toThrow('down');
    expect(await cache.read('u', 'k', () => Promise.resolve({ n: 7 }))).toEqual({ n: 7 });
  });
});
