import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity';

@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ApiTokenEntity);
  }

  create(values: Pick<ApiTokenEntity, 'userId' | 'name' | 'scope' | 'prefix' | 'tokenHash' | 'expiresAt'>): Promise<ApiTokenEntity> {
    return this.repo.save(this.repo.create({ ...values, lastUsedAt: null, revokedAt: null }));
  }

  /** The user's live (not revoked) tokens, newest first. */
  listLive(userId: string, limit: number, offset: number): Promise<[ApiTokenEntity[], number]> {
    return this.repo.findAndCount({
      where: { userId, revokedAt: IsNull() },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  /** A live, unexpired token by the hash of its secret. */
  findUsable(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.repo
      .createQueryBuilder('t')
      .where('t.token_hash = :tokenHash', { tokenHash })
      .andWhere('t.revoked_at IS NULL')
      .andWhere('(t.expires_at IS NULL OR t.expires_at > now())')
      .getOne();
  }

  /** Whether a token (by id) is still live and unexpired. */
  async isUsable(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM api_tokens WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`, [id]);
    return rows.length > 0;
  }

  /** Records use; the condition keeps concurrent requests of one token from writing more than once a minute. */
  async touch(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
  }

  /** Revokes one of the user's tokens; false when there is no such live token of theirs. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const result = await this.repo.update({ id, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.repo.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
