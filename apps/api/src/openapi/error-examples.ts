import { ERROR_STATUS, ErrorCode, type ErrorBody } from '@contrivance/contracts';

const NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What a caller typically reads for each error status (the messages are the server's own wording). */
const EXAMPLES: Record<number, Omit<ErrorBody, 'statusCode' | 'error'>> = {
  400: { message: 'Validation failed: property colour should not exist', details: [{ field: 'colour', message: 'property colour should not exist' }] },
  401: { message: 'Missing or invalid credentials' },
  403: { message: 'Only admins can change roles or deactivate accounts' },
  404: { message: 'Spreadsheet not found' },
  409: { message: 'This row was changed by someone else', details: [{ field: 'row', message: 'current row' }] },
  413: { message: 'Request body is too large' },
  415: { message: 'Send JSON as UTF-8 (Content-Type: application/json)' },
  429: { message: 'Too many requests; try again in 12 s' },
  500: { message: 'An unexpected error occurred' },
  503: { message: 'Service temporarily unavailable, please retry' },
};

/** The example error body of an HTTP status (each status its own). */
export function errorExample(status: number): ErrorBody {
  const example = EXAMPLES[status];
  if (!example) throw new Error(`no error example for status ${status}: add one in openapi/error-examples.ts`);
  return { statusCode: status, error: NAMES[status], ...example };
}

/** Every status the error codes map to has an example (checked by a unit test). */
export const EXAMPLE_STATUSES = [...new Set(Object.values(ErrorCode).map((code) => ERROR_STATUS[code]))];
