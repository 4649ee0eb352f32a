import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@contrivance/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { UserEntity } from './user.entity';

/** Any fixed number: serialises "is this the first user?" between concurrent registrations. */
const FIRST_USER_LOCK = 727_274_002;

export type UserPatch = Partial<Pick<UserEntity, 'displayName' | 'preferences' | 'role' | 'isActive' | 'passwordHash'>>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** The account and its password hash (never selected otherwise), by email in any case. */
  findWithPasswordByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.createQueryBuilder('u').addSelect('u.passwordHash').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findWithPasswordById(id: string): Promise<UserEntity | null> {
    return this.repo.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
  }

  /** Inserts an account; the very first one becomes admin. Returns null when the email is taken. */
  async create(email: string, passwordHash: string, displayName: string): Promise<UserEntity | null> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_USER_LOCK]);
      const taken = await tx.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getExists();
      if (taken) return null;
      const anyone = await tx.getRepository(UserEntity).createQueryBuilder('u').getExists();
      const role: Role = anyone ? 'member' : 'admin';
      return tx
        .getRepository(UserEntity)
        .save(tx.getRepository(UserEntity).create({ email, passwordHash, displayName, role, isActive: true, preferences: {}, lastLoginAt: new Date() }));
    });
  }

  /** Prefix search on lower(email) or lower(display_name), both indexed with text_pattern_ops. */
  async search(prefix: string | undefined, limit: number, offset: number): Promise<{ rows: UserEntity[]; total: number }> {
    const qb = this.repo.createQueryBuilder('u');
    if (prefix) {
      qb.where(`(lower(u.email) LIKE :p ESCAPE '\\' OR lower(u.displayName) LIKE :p ESCAPE '\\')`, {
        p: `${escapeLike(prefix.toLowerCase())}%`,
      });
    }
    const [rows, total] = await qb.orderBy('lower(u.displayName)', 'ASC').addOrderBy('u.id', 'ASC').take(limit).skip(offset).getManyAndCount();
    return { rows, total };
  }

  async touchLastLogin(id: string): Promise<void> {
    await this.repo.update({ id }, { lastLoginAt: new Date() });
  }

  async update(id: string, patch: UserPatch): Promise<UserEntity | null> {
    if (Object.keys(patch).length) await this.repo.update({ id }, patch);
    return this.findById(id);
  }

  /**
   * Applies a change that may remove an active admin. The active admins are locked for the transaction so two
   * admins demoting each other at once cannot leave none; `check` sees who would remain and may throw.
   */
  async updateGuardingAdmins(id: string, patch: UserPatch, check: (remainingActiveAdmins: number) => void): Promise<UserEntity | null> {
    return this.dataSource.transaction(async (tx: EntityManager) => {
      const admins: { id: string }[] = await tx.query(`SELECT id FROM users WHERE role = 'admin' AND is_active ORDER BY id FOR UPDATE`);
      const stillAdmin = (patch.role ?? undefined) !== 'member' && patch.isActive !== false;
      const remaining = admins.filter((a) => a.id !== id).length + (admins.some((a) => a.id === id) && stillAdmin ? 1 : 0);
      check(remaining);
      const repo = tx.getRepository(UserEntity);
      if (Object.keys(patch).length) await repo.update({ id }, patch);
      return repo.findOneBy({ id });
    });
  }
}
