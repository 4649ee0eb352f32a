import { applyDecorators, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import { ErrorCode } from '@contrivance/contracts';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';

const DEFAULT_TYPES = ['application/json'];
const CONSUMES = 'http:consumes';

/** The media types a route's body may have (JSON when not declared), enforced by MediaTypeGuard and documented in OpenAPI. */
export const Consumes = (...types: string[]) => applyDecorators(SetMetadata(CONSUMES, types), ApiConsumes(...types));

/** Whether the request carries a body at all (an empty POST is not refused for lacking a media type). */
export function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Global: a request body must be of a media type its route accepts: JSON, unless the route declares others with
 * `@Consumes` (which also documents them in OpenAPI, so the spec and the check cannot differ).
 * Anything else is a 415 before the handler runs (a form-encoded or text body is never read as an empty DTO).
 */
@Injectable()
export class MediaTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!hasBody(req)) return true;
    const accepted = this.reflector.getAllAndOverride<string[] | undefined>(CONSUMES, [context.getHandler(), context.getClass()]) ?? DEFAULT_TYPES;
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (accepted.includes(type)) return true;
    throw new DomainError(ErrorCode.UnsupportedMediaType, `This route takes ${accepted.join(' or ')}${type ? `, not ${type.slice(0, 100)}` : ''}`);
  }
}
