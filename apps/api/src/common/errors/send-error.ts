import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-error';
import { INTERNAL_ERROR_BODY, toErrorBody } from './error-body';

/**
 * Answers with the contract's error body for anything thrown: the exception filter and the middleware that refuses
 * bodies before routing both come here, so every refusal has one shape. Unexpected errors are logged by name, code
 * and message only (no stack, no SQL parameters) and answered with a generic 500.
 */
export function sendError(response: Response, exception: unknown, logger: Pick<Logger, 'error'>): void {
  let payload = toErrorBody(exception);
  if (!payload) {
    const e = exception as { name?: string; code?: string; message?: string };
    logger.error({ errName: e?.name, errCode: e?.code, errMessage: e?.message }, 'unhandled error');
    payload = INTERNAL_ERROR_BODY;
  }
  if (response.headersSent) {
    // A streamed answer failed midway: end it (the client sees a truncated body, not a second status line).
    response.destroy();
    return;
  }
  const retryAfter = exception instanceof DomainError ? exception.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
  // The contract sends Retry-After with every 429 and 503 (the throttler sets its own before throwing).
  else if ((payload.statusCode === 503 || payload.statusCode === 429) && !response.hasHeader('Retry-After')) response.setHeader('Retry-After', '5');
  response.status(payload.statusCode).json(payload);
}
