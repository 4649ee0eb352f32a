import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode, type ErrorDetail } from '@contrivance/contracts';
import { DomainError } from '../errors/domain-error';

/** Flattens class-validator's nested errors into one detail per failed constraint, with a dotted field path. */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...validationDetails(error.children ?? [], field)];
  });
}

/**
 * The global pipe: unknown fields are refused (not silently dropped), payloads are turned into their DTO classes,
 * and failures take the one error path as `validation_failed` with per-field details.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = validationDetails(errors);
      const summary = details
        .slice(0, 3)
        .map((d) => d.message)
        .join('; ');
      return new DomainError(ErrorCode.ValidationFailed, summary ? `Validation failed: ${summary}` : 'Validation failed', details);
    },
  });
}
