import type { User, UserSummary } from '@contrivance/contracts';
import type { UserEntity } from './user.entity';

export function toUser(entity: UserEntity): User {
  return {
    id: entity.id,
    email: entity.email,
    displayName: entity.displayName,
    role: entity.role,
    isActive: entity.isActive,
    preferences: entity.preferences ?? {},
    createdAt: entity.createdAt.toISOString(),
    lastLoginAt: entity.lastLoginAt ? entity.lastLoginAt.toISOString() : null,
  };
}

export function toUserSummary(entity: UserEntity): UserSummary {
  return { id: entity.id, email: entity.email, displayName: entity.displayName };
}
