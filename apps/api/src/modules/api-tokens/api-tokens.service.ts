import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { API_TOKEN_PREFIX, ErrorCode, type ApiToken, type CreateApiTokenDto, type CreatedApiToken, type Page, type PaginationQuery, type TokenScope } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import { SecretHasher } from '../../common/security/secret-hasher';
import { UserDeactivatedEvent } from '../users';
import { ApiTokenRevokedEvent } from './api-tokens.events';
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

@Injectable()
export class ApiTokensService {
  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly hasher: SecretHasher,
    private readonly events: EventEmitter2,
  ) {}

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
    const token = await this.tokens.findUsable(this.hasher.hash(secret));
    if (!token) return null;
    // The write happens at most once a minute per token, not on every authenticated request.
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) await this.tokens.touch(token.id);
    return { tokenId: token.id, userId: token.userId, scope: token.scope, expiresAt: token.expiresAt };
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
