import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, type Role } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { REQUIRED_ROLES } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';

/** Global, after authentication: routes marked @Roles(...) need one of those account roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user && roles.includes(user.role)) return true;
    throw new DomainError(ErrorCode.Forbidden, `This needs the ${roles.join(' or ')} role`);
  }
}
