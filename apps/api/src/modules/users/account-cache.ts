import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DatabaseNotifications } from '../../database/database-notifications';
import type { UserEntity } from './user.entity';

/** The channel the users table's trigger notifies, with the changed account's id. */
export const USER_CHANGED_CHANNEL = 'user_changed';
/** A safety net only: entries are normally dropped by the change notification, within milliseconds. */
const TTL_MS = 30_000;

/**
 * The accounts behind recently used credentials, so an authenticated request does not pay a database round trip just
 * to learn the account is still active. Exact, not merely fresh-enough: every change to a user row (from any
 * instance) arrives as a NOTIFY and drops the entry, and while the notification connection is down nothing is cached
 * or served from the cache. A read that races with a change is not stored (generation check).
 */
@Injectable()
export class AccountCache {
  private readonly entries = new LRUCache<string, UserEntity>({ max: 10_000, ttl: TTL_MS });
  private generation = 0;

  constructor(private readonly notifications: DatabaseNotifications) {
    notifications.listen(USER_CHANGED_CHANNEL, { onMessage: (id) => this.forget(id), onReset: () => this.clear() });
  }

  async read(id: string, load: (id: string) => Promise<UserEntity | null>): Promise<UserEntity | null> {
    const hit = this.entries.get(id);
    if (hit) return hit;
    const generation = this.generation;
    const user = await load(id);
    if (user && this.notifications.live && generation === this.generation) this.entries.set(id, user);
    return user;
  }

  /** Called by this instance's own writes too, so it never waits for its own notification. */
  forget(id: string): void {
    this.generation += 1;
    this.entries.delete(id);
  }

  private clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
