import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { API_TOKEN_PREFIX, ErrorCode, type ApiToken, type CreateApiTokenDto, type CreatedApiToken, type Page, type PaginationQuery, type TokenScope } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import { SecretHasher } from '../../common/security/secret-hasher';
import { DatabaseNotifications } from '../../database/database-notifications';
import { NotifiedCache } from '../../database/notified-cache';
import { UserDeactivatedEvent } from '../users';
import { ApiTokenRevokedEvent } from './api-tokens.events';
import { LRUCache } from 'lru-cache';
import { toApiToken } from './api-tokens.mapper';
import { ApiTokensRepository } from './api-tokens.repository';

/** How stale `lastUsedAt` may get before a request records its use. */
const TOUCH_INTERVAL_MS = 60_000;

/** Characters of the secret kept in clear (after `ctv_`) so people can tell their tokens apart. */
const VISIBLE_CHARS = 8;

/** What a valid API token stands for. */
export interface ApiTokenIdentity {
  tokenId: string;
  userId: string;
  scope: TokenScope;
  expiresAt: Date | null;
}

/** A live token as looked up, kept between requests (see ApiTokensService.authenticate). */
interface KnownToken extends ApiTokenIdentity {
  lastUsedAt: Date | null;
}

@Injectable()
export class ApiTokensService {
  /**
   * Live tokens by the hash of their secret, grouped by owner: dropped when any of the owner's tokens or sessions is
   * revoked or changes expiry (the `credentials_changed` notification, from any instance or plain SQL) and right
   * after this instance's own revocations, like the accounts and sessions behind other credentials.
   */
  private readonly known: NotifiedCache<KnownToken>;
  /**
   * Whose token a hash is (that never changes): the owner a cached lookup is filed under. A token is cached from its
   * second use on, so its lookup always runs inside the cache's race check.
   */
  private readonly owners = new LRUCache<string, string>({ max: 50_000 });

  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly hasher: SecretHasher,
    private readonly events: EventEmitter2,
    notifications: DatabaseNotifications,
  ) {
    this.known = new NotifiedCache(notifications, 'credentials_changed', { max: 50_000, ttlMs: 30_000 });
  }

  async create(actor: AuthUser, dto: CreateApiTokenDto): Promise<CreatedApiToken> {
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new DomainError(ErrorCode.ValidationFailed, 'expiresAt must be in the future', [{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    }
    const secret = `${API_TOKEN_PREFIX}${SecretHasher.newSecret(30)}`;
    const entity = await this.tokens.create({
      userId: actor.id,
      name: dto.name,
      scope: dto.scope,
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + VISIBLE_CHARS),
      tokenHash: this.hasher.hash(secret),
      expiresAt,
    });
    return { ...toApiToken(entity), token: secret };
  }

  async list(actor: AuthUser, query: PaginationQuery): Promise<Page<ApiToken>> {
    const [rows, total] = await this.tokens.listLive(actor.id, query.limit!, query.offset!);
    return { items: rows.map(toApiToken), total };
  }

  async revoke(actor: AuthUser, id: string): Promise<void> {
    if (!(await this.tokens.revoke(actor.id, id))) throw DomainError.notFound('API token');
    this.events.emit(ApiTokenRevokedEvent.event, new ApiTokenRevokedEvent(actor.id));
  }

  /** The identity behind a presented secret, or null when it is unknown, revoked or expired. */
  async authenticate(secret: string): Promise<ApiTokenIdentity | null> {
    if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
    const hash = this.hasher.hash(secret);
    const owner = this.owners.get(hash);
    const token = owner ? await this.known.read(owner, hash, () => this.lookUp(hash)) : await this.lookUp(hash);
    if (!token) return null;
    if (!owner) this.owners.set(hash, token.userId);
    // Expiry is checked here too: a remembered token can pass its expiresAt.
    if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return null;
    // The write happens at most once a minute per token, not on every authenticated request.
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      token.lastUsedAt = new Date();
      await this.tokens.touch(token.tokenId);
    }
    return { tokenId: token.tokenId, userId: token.userId, scope: token.scope, expiresAt: token.expiresAt };
  }

  private async lookUp(hash: string): Promise<KnownToken | null> {
    const token = await this.tokens.findUsable(hash);
    return token && { tokenId: token.id, userId: token.userId, scope: token.scope, expiresAt: token.expiresAt, lastUsedAt: token.lastUsedAt };
  }

  @OnEvent(ApiTokenRevokedEvent.event)
  tokenRevoked(event: ApiTokenRevokedEvent): void {
    this.known.forget(event.userId);
  }

  /** Whether a token that authenticated earlier (a long-lived socket's) is still live: not revoked, not expired. */
  isUsable(tokenId: string): Promise<boolean> {
    return this.tokens.isUsable(tokenId);
  }

  @OnEvent(UserDeactivatedEvent.event, { suppressErrors: false })
  async onUserDeactivated(event: UserDeactivatedEvent): Promise<void> {
    await this.tokens.revokeAllOf(event.userId);
  }
}
