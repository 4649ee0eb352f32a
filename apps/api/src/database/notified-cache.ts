import { LRUCache } from 'lru-cache';
import type { DatabaseNotifications } from './database-notifications';

/**
 * An in-process cache of database reads that is exact, not merely fresh-enough: entries belong to a group (a user, a
 * sheet), a trigger NOTIFYs the group's id on `channel` whenever its rows change (from any instance, or plain SQL),
 * and the message drops the group. While the notification connection is down nothing is stored, and every loss or
 * return of the connection empties the cache. A read that races with a change is not stored (generation check).
 * The TTL is only a safety net.
 */
export class NotifiedCache<V extends object> {
  private readonly entries: LRUCache<string, V>;
  private readonly keysOf = new Map<string, Set<string>>();
  private generation = 0;

  constructor(
    private readonly notifications: DatabaseNotifications,
    channel: string,
    options: { max: number; ttlMs: number },
  ) {
    this.entries = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs, dispose: (_value, key) => this.unindex(key) });
    notifications.listen(channel, { onMessage: (group) => this.forget(group), onReset: () => this.clear() });
  }

  async read(group: string, key: string, load: () => Promise<V | null>): Promise<V | null> {
    const entryKey = `${group}\u0000${key}`;
    const hit = this.entries.get(entryKey);
    if (hit) return hit;
    const generation = this.generation;
    const value = await load();
    if (value && this.notifications.live && generation === this.generation) {
      this.entries.set(entryKey, value);
      const keys = this.keysOf.get(group) ?? new Set();
      keys.add(entryKey);
      this.keysOf.set(group, keys);
    }
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
