import { ErrorCode, type ErrorDetail } from '@contrivance/contracts';

/**
 * What services throw. The HTTP filter and the socket gateway turn the code into a status or an ack; the message is
 * written for the API's user and is sent as is, so it must never contain internals.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Seconds after which a retry may succeed (429, 503): sent as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static rateLimited(message: string, retryAfterSeconds: number): DomainError {
    return new DomainError(ErrorCode.RateLimited, message, undefined, Math.max(1, Math.ceil(retryAfterSeconds)));
  }

  static notFound(what = 'Resource'): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} not found`);
  }

  static serviceUnavailable(message = 'Service temporarily unavailable, please retry', details?: ErrorDetail[]): DomainError {
    return new DomainError(ErrorCode.ServiceUnavailable, message, details);
  }
}
