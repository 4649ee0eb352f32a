import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ErrorCode } from '@contrivance/contracts';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { IS_PUBLIC, SESSION_ONLY } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { isDatabaseUnavailable } from '../../common/errors/error-body';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global: every route needs a Bearer access JWT or API token unless marked @Public(). Read tokens may only read;
 * @SessionOnly() routes refuse API tokens altogether.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard(['jwt', 'api-token']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<Request & { user: AuthUser }>();
    const token = req.user.apiToken;
    if (token && this.reflector.getAllAndOverride<boolean>(SESSION_ONLY, targets)) {
      throw new DomainError(ErrorCode.Forbidden, 'API tokens cannot be used for this; sign in instead');
    }
    if (token?.scope === 'read' && !READ_METHODS.has(req.method)) {
      throw new DomainError(ErrorCode.Forbidden, 'This API token is read-only');
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    // The account could not be read because the database is down: that is a 503 to retry, not bad credentials.
    if (error && isDatabaseUnavailable(error)) throw DomainError.serviceUnavailable();
    if (error || !user) {
      const reasons = (Array.isArray(info) ? info : [info]) as { name?: string }[];
      const expired = reasons.some((r) => r?.name === 'TokenExpiredError');
      throw new DomainError(ErrorCode.Unauthorized, expired ? 'Access token expired' : 'Missing or invalid credentials');
    }
    return user;
  }
}
