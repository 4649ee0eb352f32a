import { Injectable } from '@nestjs/common';
import { DatabaseNotifications } from '../../database/database-notifications';
import { NotifiedCache } from '../../database/notified-cache';
import type { UserEntity } from './user.entity';

/**
 * The accounts behind recently used credentials, so an authenticated request does not pay a database round trip just
 * to learn the account is still active. Any change to a user row drops its entry within milliseconds on every
 * instance (the `users_changed` trigger), and this instance's own changes drop it at once.
 */
@Injectable()
export class AccountCache {
  private readonly cache: NotifiedCache<UserEntity>;

  constructor(notifications: DatabaseNotifications) {
    this.cache = new NotifiedCache(notifications, 'user_changed', { max: 10_000, ttlMs: 30_000 });
  }

  read(id: string, load: (id: string) => Promise<UserEntity | null>): Promise<UserEntity | null> {
    return this.cache.read(id, id, () => load(id));
  }

  forget(id: string): void {
    this.cache.forget(id);
  }
}
