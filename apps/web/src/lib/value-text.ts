import type { CellError, HiddenLinks, LinkedRow } from '@contrivance/contracts';

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

/** A link cell read by someone who cannot see the linked sheet: only how many rows it links. */
export function isHiddenLinks(value: unknown): value is HiddenLinks {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as Partial<HiddenLinks>).hidden === true;
}

/** One linked row of a link cell as read: its id and label. */
export function isLinkedRow(value: unknown): value is LinkedRow {
  return typeof value === 'object' && value !== null && typeof (value as Partial<LinkedRow>).rowId === 'string' && typeof (value as Partial<LinkedRow>).label === 'string';
}

/**
 * A link cell as its linked rows' labels, or how many there are when the reader cannot see the other sheet; a lookup
 * as its values joined; a blank one as nothing.
 */
export function linkedText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (isHiddenLinks(value)) return `${value.count} linked row${value.count === 1 ? '' : 's'}`;
  if (!Array.isArray(value)) return valueText(value);
  return value.map((v: unknown) => (isLinkedRow(v) ? v.label : valueText(v))).join(', ');
}
