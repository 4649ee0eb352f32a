import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@contrivance/contracts';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'auth:isPublic';
export const REQUIRED_ROLES = 'auth:roles';
export const SESSION_ONLY = 'auth:sessionOnly';
export const AUTH_RATE_LIMITED = 'auth:rateLimited';

/** The route needs no credentials (register, login, refresh, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs one of these account roles (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The route refuses personal API tokens: managing tokens and passwords takes a signed-in person. */
export const SessionOnly = () => SetMetadata(SESSION_ONLY, true);

/** The route gets the tight login limits: per IP and per account (the `email` in the body). */
export const AuthRateLimited = () => SetMetadata(AUTH_RATE_LIMITED, true);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
