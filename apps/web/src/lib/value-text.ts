import type { CellError } from '@contrivance/contracts';

/** A computed cell that failed for its row (`{ error: '#DIV/0!' }`), as the server sends it. */
export function isCellError(value: unknown): value is CellError {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { error?: unknown }).error === 'string';
}

/**
 * A value as text, exactly as `String(value)` writes it, for values typed `unknown` that hold a cell value (from the
 * server, an editor, an edit waiting offline, a change made elsewhere): strings as they are, numbers and booleans as
 * JavaScript prints them, `null`/`undefined` as "null"/"undefined", and a list joined with "," as `String([...])` joins
 * it (its null or undefined entries written as nothing). A failed computed cell reads as its error code.
 */
export function valueText(value: unknown): string {
  if (isCellError(value)) return value.error;
  if (Array.isArray(value)) return value.map((item: unknown) => (item === null || item === undefined ? '' : valueText(item))).join(',');
  // Never a cell value: a plain object reads "[object Object]", as String() writes it.
  if (typeof value === 'object' && value !== null) return Object.prototype.toString.call(value);
  return String(value);
}
