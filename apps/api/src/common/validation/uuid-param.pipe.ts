import { Injectable, type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '@contrivance/contracts';
import { DomainError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids must be UUIDs: anything else is a 400 that names the parameter, before any query runs. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: { data?: string }): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw new DomainError(ErrorCode.ValidationFailed, `${field} must be a UUID`, [{ field, message: `${field} must be a UUID` }]);
  }
}
