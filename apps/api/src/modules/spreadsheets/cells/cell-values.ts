import { COMPUTED_COLUMN_TYPES, type CellValue } from '@contrivance/contracts';
import { behaviourOf, COLUMN_TYPES, type CellResult, type ColumnRules } from './column-types';
import type { PersonLookup } from './person-refs';
import { isEmptyValue } from './value-parsers';

export type { CellResult, ColumnRules } from './column-types';

/**
 * Checks a value against its column and returns it in stored form: numbers as numbers, dates as YYYY-MM-DD,
 * booleans, option ids, member ids. Empty input becomes null (the cell is cleared), refused for required columns.
 * `user` values are resolved by `people` (a member's id, email or unique name; see person-refs) when the caller has
 * the sheet's members at hand; without it only a member id's form is checked.
 */
export function normaliseCell(column: ColumnRules, raw: unknown, people?: PersonLookup): CellResult {
  // Computed cells refuse clearing too: there is nothing stored to clear.
  if (COMPUTED_COLUMN_TYPES.includes(column.type)) return COLUMN_TYPES[column.type].normalise(raw, column, people);
  if (isEmptyValue(raw)) return column.required ? { ok: false, message: 'is required' } : { ok: true, value: null };
  return COLUMN_TYPES[column.type].normalise(raw, column, people);
}

/** The text people see for a stored value: option labels, TRUE/FALSE, numbers as typed. Used by export and type changes. */
export function cellText(column: ColumnRules, value: CellValue): string {
  if (value === null || value === undefined) return '';
  return behaviourOf(column).text(value, column);
}

/** A value of `from` converted for `to` through its text, as a person retyping it would. */
export function convertCell(from: ColumnRules, to: ColumnRules, value: CellValue, people?: PersonLookup): CellResult {
  if (from.type === to.type && from.type !== 'select' && from.type !== 'multiSelect') return normaliseCell(to, value, people);
  if (from.type === to.type) {
    // Same select type: values are option ids, and an option keeps its id when renamed, recoloured or moved.
    const ids = new Set((to.options ?? []).map((o) => o.id));
    if ((Array.isArray(value) ? value : [value]).every((v) => typeof v === 'string' && ids.has(v))) return { ok: true, value };
  }
  if (to.type === 'multiSelect' && from.type === 'select') return normaliseCell(to, [cellText(from, value)]);
  return normaliseCell(to, cellText(from, value), people);
}
