import { ERROR_STATUS, type ErrorBody, type ErrorCode, type ErrorDetail } from '@contrivance/contracts';
import { readableMessage } from './readable-message';

/** The REST error body names its status, not its code: each status stands for one code (see ERROR_STATUS). */
const CODE_OF_STATUS = new Map(Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]));

/** A refused or failed API call, carrying the contract's error body so screens can show its message and details. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly details: ErrorDetail[];

  /** Messages are worded for people: field names become the labels they see (see readableMessage). */
  constructor(body: ErrorBody) {
    super(readableMessage(body.message));
    this.name = 'ApiError';
    this.statusCode = body.statusCode;
    this.details = (body.details ?? []).map((d) => ({ ...d, message: readableMessage(d.message) }));
  }

  /** The contract's error code, the same the socket acks carry; undefined when the server was not reached. */
  get code(): ErrorCode | undefined {
    return CODE_OF_STATUS.get(this.statusCode);
  }

  /** True when the server could not be reached at all (offline, server down, request aborted). */
  get isNetworkError(): boolean {
    return this.statusCode === 0;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  const v = value as Partial<ErrorBody> | null;
  return typeof v?.statusCode === 'number' && typeof v.message === 'string';
}

/** Builds an ApiError from a failed response, whether or not its body follows the contract. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (isErrorBody(parsed)) return new ApiError(parsed);
  } catch {
    // not JSON: fall through to a generic message
  }
  return new ApiError({
    statusCode: response.status,
    error: response.statusText || 'Error',
    message: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
  });
}
