import type { Count, Integer } from './scalars';
/**
 * The body of every error response, REST and socket alike (see the contract's Conventions).
 * `details` carries per-field validation messages or other structured context; never internals.
 */
export interface ErrorBody {
  /**
   * The HTTP status (REST); socket acks carry the same fields.
   * @example 400
   */
  statusCode: Integer;
  /**
   * The status's name.
   * @example "Bad Request"
   */
  error: string;
  /**
   * What went wrong, for a person.
   * @example "Validation failed: property foo should not exist"
   */
  message: string;
  details?: ErrorDetail[];
}

/** One piece of structured context: the field (dotted path) it concerns and what is wrong with it. */
export interface ErrorDetail {
  field?: string;
  message: string;
  /** 0-based character offset in the field's text where the problem is (formulas). */
  position?: Count;
  [key: string]: unknown;
}

/**
 * Machine-readable error codes. Services throw them, the HTTP filter maps them to a status,
 * and the socket gateway sends them as `{ ok: false, error: code }`.
 */
export const ErrorCode = {
  ValidationFailed: 'validation_failed',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  RateLimited: 'rate_limited',
  ServiceUnavailable: 'service_unavailable',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status for each error code: the single mapping both the API and the web app rely on. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  service_unavailable: 503,
  internal: 500,
};
