import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '@contrivance/contracts';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'auth:isPublic';
export const REQUIRED_ROLES = 'auth:roles';
export const SESSION_ONLY = 'auth:sessionOnly';
export const AUTH_RATE_LIMITED = 'auth:rateLimited';

/**
 * OpenAPI extensions that state each route's access rule next to it, so the authorisation-matrix test can read the
 * rules from the document (a route cannot be added without them being checked).
 */
export const ACCESS_EXTENSIONS = { public: 'x-public', roles: 'x-roles', sessionOnly: 'x-session-only' } as const;

/** The route needs no credentials (register, login, refresh, health). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(ACCESS_EXTENSIONS.public, true));

/** The route needs one of these account roles (403 otherwise). */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension(ACCESS_EXTENSIONS.roles, roles));

/** The route refuses personal API tokens: managing tokens and passwords takes a signed-in person. */
export const SessionOnly = () => applyDecorators(SetMetadata(SESSION_ONLY, true), ApiExtension(ACCESS_EXTENSIONS.sessionOnly, true));

/** The route gets the tight per-IP limit of sign-in and sign-up (failed sign-ins are also counted per account: LoginAttempts). */
export const AuthRateLimited = () => SetMetadata(AUTH_RATE_LIMITED, true);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest<{ user: AuthUser }>().user);
