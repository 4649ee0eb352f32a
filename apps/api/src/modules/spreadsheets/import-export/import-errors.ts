import { ErrorCode, type ErrorDetail } from '@contrivance/contracts';
import { DomainError } from '../../../common/errors/domain-error';

/** A refusal of the uploaded file itself (not CSV text, not valid CSV, an impossible header). */
export const invalidFile = (message: string) => new DomainError(ErrorCode.ValidationFailed, message, [{ field: 'file', message }]);

/** A refusal of the `mapping` field. */
export const invalidMapping = (message: string, details?: ErrorDetail[]) => new DomainError(ErrorCode.ValidationFailed, message, details ?? [{ field: 'mapping', message }]);
