import type { Logger } from '@nestjs/common';
import { ErrorCode, type Ack } from '@contrivance/contracts';
import { DomainError } from '../../common/errors/domain-error';
import { isDatabaseUnavailable } from '../../common/errors/error-body';

/** The failed ack for anything a handler threw: the contract's error codes; internals are logged, never sent. */
export function failedAck(error: unknown, logger: Logger): Ack {
  if (error instanceof DomainError) return { ok: false, error: error.code, message: error.message, ...(error.details?.length ? { details: error.details } : {}) };
  if (isDatabaseUnavailable(error)) return { ok: false, error: ErrorCode.ServiceUnavailable, message: 'Service temporarily unavailable, please retry' };
  const e = error as { name?: string; code?: string; message?: string };
  logger.error({ errName: e?.name, errCode: e?.code, errMessage: e?.message }, 'unhandled socket error');
  return { ok: false, error: ErrorCode.Internal, message: 'An unexpected error occurred' };
}
