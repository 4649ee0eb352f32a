import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DatabaseNotifications } from '../../database/database-notifications';
import { NotifiedCache } from '../../database/notified-cache';
import { ApiTokenRevokedEvent } from '../api-tokens/api-tokens.events';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { SessionsRepository } from './sessions.repository';

/** The credential behind a request or socket that can be revoked: a session family (access JWTs) or an API token. */
export interface RevocableCredential {
  userId: string;
  sessionId?: string;
  apiTokenId?: string;
}

/**
 * Whether the session or API token behind a credential is still live, remembered per user and dropped the moment
 * any of the user's sessions or tokens is revoked (the `credentials_changed` notification, from any instance or
 * plain SQL, and `forget` right after this instance's own revocations). An access JWT therefore stops working when
 * its session ends (logout, reuse detection, password change, deactivation), not when it expires.
 */
@Injectable()
export class LiveCredentials {
  private readonly cache: NotifiedCache<{ live: boolean }>;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly tokens: ApiTokensService,
    notifications: DatabaseNotifications,
  ) {
    this.cache = new NotifiedCache(notifications, 'credentials_changed', { max: 50_000, ttlMs: 30_000 });
  }

  async isLive(credential: RevocableCredential): Promise<boolean> {
    const { userId, sessionId, apiTokenId } = credential;
    if (apiTokenId) return (await this.cache.read(userId, `t:${apiTokenId}`, async () => ({ live: await this.tokens.isUsable(apiTokenId) })))!.live;
    if (sessionId) return (await this.cache.read(userId, `s:${sessionId}`, async () => ({ live: await this.sessions.isLive(sessionId, userId) })))!.live;
    return false;
  }

  /** Called right after this instance revokes a user's session or token, so its next request never waits for the notification. */
  forget(userId: string): void {
    this.cache.forget(userId);
  }

  @OnEvent(ApiTokenRevokedEvent.event)
  tokenRevoked(event: ApiTokenRevokedEvent): void {
    this.forget(event.userId);
  }
}
