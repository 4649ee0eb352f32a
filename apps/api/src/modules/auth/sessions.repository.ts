import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { SessionEntity } from './session.entity';

export interface NewSession {
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

export type RotationResult = { outcome: 'rotated'; session: SessionEntity } | { outcome: 'reused'; familyId: string; userId: string } | { outcome: 'invalid' };

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(SessionEntity);
  }

  create(session: NewSession): Promise<SessionEntity> {
    return this.repo.save(this.repo.create({ ...session, revokedAt: null, replacedBy: null }));
  }

  /**
   * Spends the session holding `tokenHash` and creates its successor, atomically. The spend is a conditional
   * UPDATE, so of two concurrent refreshes with one token exactly one wins; the other is treated as reuse.
   */
  async rotate(tokenHash: string, next: Omit<NewSession, 'familyId' | 'userId'>): Promise<RotationResult> {
    return this.dataSource.transaction(async (tx) => {
      const current = await tx.getRepository(SessionEntity).findOneBy({ tokenHash });
      if (!current) return { outcome: 'invalid' } as const;
      if (current.revokedAt) return { outcome: 'reused', familyId: current.familyId, userId: current.userId } as const;
      if (current.expiresAt.getTime() <= Date.now()) return { outcome: 'invalid' } as const;
      const successorId = randomUUID();
      // For UPDATE, TypeORM's query() answers [rows, rowCount].
      const [, spent] = await tx.query<[unknown[], number]>(`UPDATE user_sessions SET revoked_at = now(), replaced_by = $2 WHERE id = $1 AND revoked_at IS NULL`, [
        current.id,
        successorId,
      ]);
      if (spent !== 1) return { outcome: 'reused', familyId: current.familyId, userId: current.userId } as const;
      const repo = tx.getRepository(SessionEntity);
      const session = await repo.save(repo.create({ ...next, id: successorId, userId: current.userId, familyId: current.familyId, revokedAt: null, replacedBy: null }));
      return { outcome: 'rotated', session } as const;
    });
  }

  /** Whether the session family has a live (unrevoked, unexpired) session of this user. */
  async isLive(familyId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM user_sessions WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now() LIMIT 1`, [
      familyId,
      userId,
    ]);
    return rows.length > 0;
  }

  findByHash(tokenHash: string): Promise<SessionEntity | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Revokes every live session of the user, optionally sparing one family (the caller's own). */
  async revokeAllOf(userId: string, exceptFamilyId?: string): Promise<void> {
    await this.repo.update(exceptFamilyId ? { userId, revokedAt: IsNull(), familyId: Not(exceptFamilyId) } : { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
