import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { ERROR_STATUS, type ErrorBody, type ErrorDetail } from '@contrivance/contracts';
import { DomainError } from './domain-error';

/** pg/Node error codes meaning "the database cannot be reached right now" rather than a bug. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  '53300', // too_many_connections
]);

const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * TypeORM errors that mean the connection went away under a running query runner (it releases the runner when its
 * connection errors, and the next query on it throws this).
 */
const UNAVAILABLE_NAMES = new Set(['QueryRunnerProviderAlreadyReleasedError']);

function body(statusCode: number, message: string, details?: ErrorDetail[]): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    ...(details?.length ? { details } : {}),
  };
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, driverError, name } = error as { code?: unknown; message?: unknown; driverError?: unknown; name?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  return driverError !== undefined && driverError !== error && isDatabaseUnavailable(driverError);
}

/** Body-parser and Multer errors carry their own status (413, 415, 400) and an `expose` flag for safe messages. */
function fromHttpLikeError(error: unknown): ErrorBody | undefined {
  const e = error as { status?: unknown; statusCode?: unknown; expose?: unknown; type?: unknown; message?: unknown };
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  if (!status || status < 400 || status > 499) return undefined;
  if (e.type === 'entity.too.large') return body(413, 'Request body is too large');
  return body(status, e.expose === true && typeof e.message === 'string' ? e.message : (STATUS_CODES[status] ?? 'Error'));
}

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return body(status, response);
  const r = response as { message?: unknown; details?: unknown };
  const message = Array.isArray(r.message) ? r.message.join('; ') : typeof r.message === 'string' ? r.message : (STATUS_CODES[status] ?? 'Error');
  return body(status, message, Array.isArray(r.details) ? (r.details as ErrorDetail[]) : undefined);
}

/**
 * Maps anything thrown to the contract's error body. `undefined` means an unexpected fault: the caller logs it and
 * answers a generic 500, so internals (stack, SQL, paths) never reach a client.
 */
export function toErrorBody(exception: unknown): ErrorBody | undefined {
  if (exception instanceof DomainError) {
    return body(ERROR_STATUS[exception.code], exception.message, exception.details);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status >= 500 && status !== 503) return undefined;
    return fromHttpException(exception);
  }
  if (isDatabaseUnavailable(exception)) return body(503, 'Service temporarily unavailable, please retry');
  return fromHttpLikeError(exception);
}

export const INTERNAL_ERROR_BODY: ErrorBody = body(500, 'An unexpected error occurred');
