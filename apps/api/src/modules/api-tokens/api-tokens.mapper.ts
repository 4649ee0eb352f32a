import type { ApiToken } from '@contrivance/contracts';
import type { ApiTokenEntity } from './api-token.entity';

export function toApiToken(entity: ApiTokenEntity): ApiToken {
  return {
    id: entity.id,
    name: entity.name,
    scope: entity.scope,
    prefix: entity.prefix,
    createdAt: entity.createdAt.toISOString(),
    expiresAt: entity.expiresAt?.toISOString() ?? null,
    lastUsedAt: entity.lastUsedAt?.toISOString() ?? null,
  };
}
