import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { API_TOKEN_PREFIX } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { ApiTokensService, type ApiTokenIdentity } from '../api-tokens/api-tokens.service';
import { UsersService } from '../users';
import type { AccessTokenClaims } from './auth.service';
import { LiveCredentials } from './live-credentials';

/** A credential that checked out: who it is, and until when (ms since epoch) for access JWTs. */
export interface Authenticated {
  user: AuthUser;
  expiresAt: number | null;
}

/**
 * Turns a Bearer credential (access JWT or `ctv_…` API token) into the caller, while their account is active. The
 * HTTP guard's Passport strategies and the socket handshake both come here, so both accept exactly the same tokens.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: ApiTokensService,
    private readonly jwt: JwtService,
    private readonly live: LiveCredentials,
  ) {}

  /** Any Bearer credential; null when it is missing, malformed, expired, revoked or its account is inactive. */
  async authenticate(credential: unknown): Promise<Authenticated | null> {
    if (typeof credential !== 'string' || !credential || credential.length > 4096) return null;
    if (credential.startsWith(API_TOKEN_PREFIX)) {
      const identity = await this.tokens.authenticate(credential);
      const user = identity && (await this.userOfToken(identity));
      return user && { user, expiresAt: identity.expiresAt?.getTime() ?? null };
    }
    let claims: AccessTokenClaims & { exp?: number };
    try {
      // The module's verify options: HS256 only, issuer and audience checked, expiry enforced.
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(credential);
    } catch {
      return null;
    }
    const user = await this.fromClaims(claims);
    return user && { user, expiresAt: claims.exp ? claims.exp * 1000 : null };
  }

  /**
   * The caller behind verified access-token claims, while their account is active and the session the token was
   * issued for is live. Tokens without an expiry or a session are refused (the app never issues them).
   */
  async fromClaims(claims: AccessTokenClaims & { exp?: unknown }): Promise<AuthUser | null> {
    if (typeof claims.exp !== 'number' || typeof claims.sid !== 'string' || typeof claims.sub !== 'string') return null;
    const user = await this.users.findActive(claims.sub);
    if (!user || !(await this.live.isLive({ userId: user.id, sessionId: claims.sid }))) return null;
    return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, sessionId: claims.sid };
  }

  /** Whether the session or API token that authenticated a long-lived connection earlier is still live. */
  stillLive(actor: Pick<AuthUser, 'id' | 'sessionId' | 'apiToken'>): Promise<boolean> {
    return this.live.isLive({ userId: actor.id, sessionId: actor.sessionId, apiTokenId: actor.apiToken?.id });
  }

  /** The caller behind a personal API token. */
  async fromApiToken(secret: string): Promise<AuthUser | null> {
    const identity = await this.tokens.authenticate(secret);
    return identity && this.userOfToken(identity);
  }

  private async userOfToken(identity: ApiTokenIdentity): Promise<AuthUser | null> {
    const user = await this.users.findActive(identity.userId);
    if (!user) return null;
    return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, apiToken: { id: identity.tokenId, scope: identity.scope } };
  }
}
