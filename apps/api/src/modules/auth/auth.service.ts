import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OnEvent } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode, type AuthResponse, type LoginDto, type RegisterDto, type ValidateResponse } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import { SecretHasher } from '../../common/security/secret-hasher';
import type { AppConfig } from '../../config/app-config';
import { toUser, PasswordChangedEvent, UserDeactivatedEvent, UsersService, type UserEntity } from '../users';
import { LiveCredentials } from './live-credentials';
import { LoginAttempts } from './login-attempts';
import { SessionsRepository } from './sessions.repository';

/** Claims of an access token besides the registered ones (sub, iss, aud, iat, exp). */
export interface AccessTokenClaims {
  sub: string;
  role: string;
  /** Session family: lets a password change sign out every other session. */
  sid: string;
}

/** Where a sign-in came from, kept with the session for the user's own review. */
export interface ClientInfo {
  userAgent?: string;
  ip?: string;
}

const BAD_CREDENTIALS = 'Incorrect email or password';
const DEACTIVATED = 'This account has been deactivated. Ask an admin of your workspace to reactivate it.';
const BAD_REFRESH = 'Session expired, please sign in again';

@Injectable()
export class AuthService {
  private readonly accessTtl: number;
  private readonly refreshTtlMs: number;

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsRepository,
    private readonly jwt: JwtService,
    private readonly hasher: SecretHasher,
    private readonly live: LiveCredentials,
    private readonly attempts: LoginAttempts,
    config: ConfigService<AppConfig, true>,
  ) {
    this.accessTtl = config.get('auth.accessTtlSeconds', { infer: true });
    this.refreshTtlMs = config.get('auth.refreshTtlDays', { infer: true }) * 86_400_000;
  }

  async register(dto: RegisterDto, client: ClientInfo): Promise<AuthResponse> {
    const user = await this.users.register(dto.email, dto.password, dto.displayName);
    return this.startSession(user, client);
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<AuthResponse> {
    const check = await this.attempts.guard(dto.email, client.ip, () => this.users.verifyCredentials(dto.email, dto.password));
    if (!check) throw new DomainError(ErrorCode.Unauthorized, BAD_CREDENTIALS);
    if (check.outcome === 'deactivated') throw new DomainError(ErrorCode.Forbidden, DEACTIVATED);
    return this.startSession(check.user, client);
  }

  /** Rotates the refresh token. A spent token presented again means it leaked: its whole family is revoked. */
  async refresh(refreshToken: string, client: ClientInfo): Promise<AuthResponse> {
    const next = this.newRefreshToken();
    const result = await this.sessions.rotate(this.hasher.hash(refreshToken), {
      tokenHash: this.hasher.hash(next),
      expiresAt: new Date(Date.now() + this.refreshTtlMs),
      userAgent: clip(client.userAgent, 512),
      ip: clip(client.ip, 64),
    });
    if (result.outcome === 'reused') {
      await this.sessions.revokeFamily(result.familyId);
      this.live.forget(result.userId);
    }
    if (result.outcome !== 'rotated') throw new DomainError(ErrorCode.Unauthorized, BAD_REFRESH);
    const user = await this.users.findActive(result.session.userId);
    if (!user) {
      await this.sessions.revokeFamily(result.session.familyId);
      this.live.forget(result.session.userId);
      throw new DomainError(ErrorCode.Unauthorized, BAD_REFRESH);
    }
    return this.respond(user, result.session.familyId, next);
  }

  /** Ends the session family of this refresh token, if it is the caller's; unknown tokens are ignored. */
  async logout(actor: AuthUser, refreshToken: string): Promise<void> {
    const session = await this.sessions.findByHash(this.hasher.hash(refreshToken));
    if (session && session.userId === actor.id) {
      await this.sessions.revokeFamily(session.familyId);
      this.live.forget(actor.id);
    }
  }

  async validate(actor: AuthUser): Promise<ValidateResponse> {
    const user = await this.users.findActive(actor.id);
    if (!user) throw new DomainError(ErrorCode.Unauthorized, 'Account is not active');
    return { user: toUser(user) };
  }

  @OnEvent(UserDeactivatedEvent.event, { suppressErrors: false })
  async onUserDeactivated(event: UserDeactivatedEvent): Promise<void> {
    await this.sessions.revokeAllOf(event.userId);
    this.live.forget(event.userId);
  }

  @OnEvent(PasswordChangedEvent.event, { suppressErrors: false })
  async onPasswordChanged(event: PasswordChangedEvent): Promise<void> {
    await this.sessions.revokeAllOf(event.userId, event.keepSessionId);
    this.live.forget(event.userId);
  }

  private async startSession(user: UserEntity, client: ClientInfo): Promise<AuthResponse> {
    const refreshToken = this.newRefreshToken();
    const session = await this.sessions.create({
      userId: user.id,
      familyId: randomUUID(),
      tokenHash: this.hasher.hash(refreshToken),
      expiresAt: new Date(Date.now() + this.refreshTtlMs),
      userAgent: clip(client.userAgent, 512),
      ip: clip(client.ip, 64),
    });
    return this.respond(user, session.familyId, refreshToken);
  }

  private async respond(user: UserEntity, familyId: string, refreshToken: string): Promise<AuthResponse> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, sid: familyId };
    const accessToken = await this.jwt.signAsync(claims);
    return { user: toUser(user), accessToken, refreshToken, expiresIn: this.accessTtl };
  }

  private newRefreshToken(): string {
    return SecretHasher.newSecret(48);
  }
}

function clip(value: string | undefined, max: number): string | null {
  return value ? value.slice(0, max) : null;
}
