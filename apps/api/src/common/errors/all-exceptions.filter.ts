import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { INTERNAL_ERROR_BODY, toErrorBody } from './error-body';

/**
 * The one error path for HTTP: every exception becomes the contract's error body. Unexpected errors are logged by
 * name, code and message only (no stack, no SQL parameters) and answered with a generic 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let payload = toErrorBody(exception);
    if (!payload) {
      const e = exception as { name?: string; code?: string; message?: string };
      this.logger.error({ errName: e?.name, errCode: e?.code, errMessage: e?.message }, 'unhandled error');
      payload = INTERNAL_ERROR_BODY;
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    if (payload.statusCode === 503) response.setHeader('Retry-After', '5');
    response.status(payload.statusCode).json(payload);
  }
}
