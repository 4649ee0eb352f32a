import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { useState } from 'react';
import { ApiError } from './api-error';
import { readableMessage } from './readable-message';

type ClassOf<T> = new () => T;
/** Messages by field: the DTO's own, and the server's for a nested setting by its path (`rollup.fn`). */
export type FieldErrors<T> = Partial<Record<keyof T & string, string>> & { [path: `${string}.${string}`]: string | undefined };

function firstMessages(errors: ValidationError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors) {
    const message = Object.values(error.constraints ?? {})[0];
    if (message && !out[error.property]) out[error.property] = readableMessage(message);
  }
  return out;
}

/**
 * Form state validated in the browser by the same DTO class the API validates with, so the inline messages are the
 * server's. Server refusals land in `fieldErrors` (per-field details) or `formError`.
 */
export function useDtoForm<T extends object>(dto: ClassOf<T>, initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<T>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = <K extends keyof T>(key: K, value: T[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setFieldErrors((e) => ({ ...e, [key]: undefined }));
  };

  /** Validates; returns the DTO instance when valid, or null after showing the messages. */
  const check = async (): Promise<T | null> => {
    setFormError(null);
    const instance = plainToInstance(dto, values);
    const errors = await validate(instance, { forbidUnknownValues: false });
    setFieldErrors(firstMessages(errors) as FieldErrors<T>);
    return errors.length ? null : instance;
  };

  /** Shows a server refusal: details on their fields, anything else as the form's message. */
  const showError = (error: unknown) => {
    if (error instanceof ApiError) {
      const byField = Object.fromEntries(error.details.filter((d) => d.field).map((d) => [d.field!, d.message]));
      setFieldErrors(byField as FieldErrors<T>);
      setFormError(Object.keys(byField).length ? null : error.message);
    } else {
      setFormError('Something went wrong. Please try again.');
    }
  };

  return { values, set, setValues, fieldErrors, formError, check, showError };
}
