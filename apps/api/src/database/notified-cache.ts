import { LRUCache } from 'lru-cache';
import type { DatabaseNotifications } from './database-notifications';

/**
 * An in-process cache of database reads that is exact, not merely fresh-enough: entries belong to a group (a user, a
 * sheet), a trigger NOTIFYs the group's id on `channel` whenever its rows change (from any instance, or plain SQL),
 * and the message drops the group. While the notification connection is down nothing is stored, and every loss or
 * return of the connection empties the cache. A read that races with a change is not stored (generation check).
 * Concurrent misses of one key share one load while nothing changed meanwhile (a crowd of sockets of one person
 * joining at once asks the database once, not once each). The TTL is only a safety net.
 */
export class NotifiedCache<V extends object> {
  private readonly entries: LRUCache<string, V>;
  private readonly keysOf = new Map<string, Set<string>>();
  private readonly loading = new Map<string, { generation: number; value: Promise<V | null> }>();
  private generation = 0;

  constructor(
    private readonly notifications: DatabaseNotifications,
    channel: string,
    options: { max: number; ttlMs: number },
  ) {
    this.entries = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs, dispose: (_value, key) => this.unindex(key) });
    notifications.listen(channel, { onMessage: (group) => this.forget(group), onReset: () => this.clear() });
  }

  read(group: string, key: string, load: () => Promise<V | null>): Promise<V | null> {
    const entryKey = `${group}\u0000${key}`;
    const hit = this.entries.get(entryKey);
    if (hit) return Promise.resolve(hit);
    const generation = this.generation;
    const pending = this.loading.get(entryKey);
    if (pending?.generation === generation) return pending.value;
    const value = (async () => {
      const loaded = await load();
      if (loaded && this.notifications.live && generation === this.generation) {
        this.entries.set(entryKey, loaded);
        const keys = this.keysOf.get(group) ?? new Set();
        keys.add(entryKey);
        this.keysOf.set(group, keys);
      }
      return loaded;
    })();
    const settled = () => {
      if (this.loading.get(entryKey)?.value === value) this.loading.delete(entryKey);
    };
    value.then(settled, settled);
    this.loading.set(entryKey, { generation, value });
    return value;
  }

  /** Drops a group now. Writers call it after their commit, so their next read never waits for the notification. */
  forget(group: string): void {
    this.generation += 1;
    for (const key of [...(this.keysOf.get(group) ?? [])]) this.entries.delete(key);
  }

  private clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private unindex(entryKey: string): void {
    const group = entryKey.slice(0, entryKey.indexOf('\u0000'));
    const keys = this.keysOf.get(group);
    keys?.delete(entryKey);
    if (keys && !keys.size) this.keysOf.delete(group);
  }
}
