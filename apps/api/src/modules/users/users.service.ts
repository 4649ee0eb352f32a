import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ErrorCode, type ListUsersQuery, type Page, type UpdateMeDto, type UpdateUserDto, type User, type UserSummary } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import { PasswordHasher } from '../../common/security/password-hasher';
import { AccountCache } from './account-cache';
import type { UserEntity } from './user.entity';
import { toUser, toUserSummary } from './users.mapper';
import { UsersRepository, type UserPatch } from './users.repository';
import { PasswordChangedEvent, UserDeactivatedEvent } from './users.events';

const LAST_ADMIN = 'The last active admin cannot be demoted or deactivated; make someone else admin first';

/** The outcome of a sign-in whose password was right. */
export type SignInCheck = { outcome: 'ok'; user: UserEntity } | { outcome: 'deactivated' };

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly events: EventEmitter2,
    private readonly accounts: AccountCache,
  ) {}

  /** Creates an account (the first one is admin). 409 when the email is taken in any letter case. */
  async register(email: string, password: string, displayName: string): Promise<UserEntity> {
    const created = await this.users.create(email, await this.passwords.hash(password), displayName);
    if (!created) throw new DomainError(ErrorCode.Conflict, 'An account with this email already exists');
    return created;
  }

  /**
   * The account if the email and password match; null otherwise (no hint which part failed). Only someone who knows
   * the password learns that the account is deactivated, so the answer reveals nothing to a guesser.
   */
  async verifyCredentials(email: string, password: string): Promise<SignInCheck | null> {
    const found = await this.users.findWithPasswordByEmail(email);
    const ok = await this.passwords.verify(found?.passwordHash, password);
    if (!found || !ok) return null;
    if (!found.isActive) return { outcome: 'deactivated' };
    await this.users.touchLastLogin(found.id);
    return { outcome: 'ok', user: found };
  }

  /** The account behind a credential, only while it exists and is active (read through the account cache). */
  async findActive(id: string): Promise<UserEntity | null> {
    const user = await this.accounts.read(id, (userId) => this.users.findById(userId));
    return user?.isActive ? user : null;
  }

  async me(actor: AuthUser): Promise<User> {
    return toUser(await this.mustFind(actor.id));
  }

  /** Admins get full accounts; members only what sharing needs. */
  async list(actor: AuthUser, query: ListUsersQuery): Promise<Page<User | UserSummary>> {
    const { rows, total } = await this.users.search(query.search, query.limit!, query.offset!);
    const map = actor.role === 'admin' ? toUser : toUserSummary;
    return { items: rows.map(map), total };
  }

  async get(actor: AuthUser, id: string): Promise<User> {
    if (actor.role !== 'admin' && actor.id !== id) throw new DomainError(ErrorCode.Forbidden, 'Only admins can view other accounts');
    return toUser(await this.mustFind(id));
  }

  async updateMe(actor: AuthUser, dto: UpdateMeDto): Promise<User> {
    const patch: UserPatch = {};
    if (dto.displayName !== undefined) patch.displayName = dto.displayName;
    if (dto.preferences !== undefined) {
      const current = await this.mustFind(actor.id);
      patch.preferences = { ...current.preferences, ...stripUndefined(dto.preferences) };
    }
    if (dto.newPassword !== undefined) {
      const withHash = await this.users.findWithPasswordById(actor.id);
      if (!(await this.passwords.verify(withHash?.passwordHash, dto.currentPassword ?? ''))) {
        throw new DomainError(ErrorCode.ValidationFailed, 'Current password is incorrect', [{ field: 'currentPassword', message: 'Current password is incorrect' }]);
      }
      patch.passwordHash = await this.passwords.hash(dto.newPassword);
    }
    const updated = await this.users.update(actor.id, patch);
    this.accounts.forget(actor.id);
    if (patch.passwordHash) await this.events.emitAsync(PasswordChangedEvent.event, new PasswordChangedEvent(actor.id, actor.sessionId));
    return toUser(updated!);
  }

  /** Admins may change anything; anyone else only their own profile fields. */
  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<User> {
    const isAdmin = actor.role === 'admin';
    if (!isAdmin && actor.id !== id) throw new DomainError(ErrorCode.Forbidden, 'Only admins can change other accounts');
    if (!isAdmin && (dto.role !== undefined || dto.isActive !== undefined)) {
      throw new DomainError(ErrorCode.Forbidden, 'Only admins can change roles or deactivate accounts');
    }
    const current = await this.mustFind(id);
    const patch: UserPatch = {};
    if (dto.displayName !== undefined) patch.displayName = dto.displayName;
    if (dto.preferences !== undefined) patch.preferences = { ...current.preferences, ...stripUndefined(dto.preferences) };
    if (dto.role !== undefined) patch.role = dto.role;
    if (dto.isActive !== undefined) patch.isActive = dto.isActive;
    const updated = await this.applyGuarded(id, patch);
    if (current.isActive && patch.isActive === false) await this.revokeAccess(id);
    return toUser(updated);
  }

  /** DELETE /api/users/:id: deactivates (data stays) and revokes every session and API token. */
  async deactivate(actor: AuthUser, id: string): Promise<void> {
    if (actor.role !== 'admin') throw new DomainError(ErrorCode.Forbidden, 'Only admins can deactivate accounts');
    await this.mustFind(id);
    await this.applyGuarded(id, { isActive: false });
    await this.revokeAccess(id);
  }

  private async applyGuarded(id: string, patch: UserPatch): Promise<UserEntity> {
    const risky = patch.role === 'member' || patch.isActive === false;
    const updated = risky
      ? await this.users.updateGuardingAdmins(id, patch, (remaining) => {
          if (remaining < 1) throw new DomainError(ErrorCode.Conflict, LAST_ADMIN);
        })
      : await this.users.update(id, patch);
    this.accounts.forget(id);
    if (!updated) throw DomainError.notFound('User');
    return updated;
  }

  private revokeAccess(userId: string): Promise<unknown> {
    return this.events.emitAsync(UserDeactivatedEvent.event, new UserDeactivatedEvent(userId));
  }

  private async mustFind(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw DomainError.notFound('User');
    return user;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
