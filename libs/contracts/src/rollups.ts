import type { FormulaResultType } from './formula/check';
import { ROLLUP_FUNCTIONS, type Column, type RollupFunction } from './spreadsheets';

/** What a field of a linked row reads as in lookups and rollups: the behaviour its rollups follow. */
export type LinkedFieldKind = 'number' | 'date' | 'checkbox' | 'text';

/** The part of a column the rollup rules read. */
export type RollupSource = Pick<Column, 'name' | 'type' | 'resultType'>;

/** The kind a field of a linked sheet reads as (formulas and rollups by their result type). */
export function linkedFieldKind(source: Pick<Column, 'type' | 'resultType'>): LinkedFieldKind {
  const type = source.type === 'formula' || source.type === 'rollup' ? (source.resultType ?? 'text') : source.type;
  if (type === 'number' || type === 'currency' || type === 'percent') return 'number';
  if (type === 'date') return 'date';
  if (type === 'checkbox') return 'checkbox';
  return 'text';
}

/**
 * The result type of a rollup of `fn` over a field, or why that field cannot be rolled up so: sums and averages need
 * numbers, min and max numbers or dates, and/or checkboxes; counts and joins take any field. The API refuses a rollup
 * with this message; the web app offers only the functions it accepts.
 */
export function rollupResultType(fn: RollupFunction, source: RollupSource): { ok: true; type: FormulaResultType } | { ok: false; message: string } {
  const kind = linkedFieldKind(source);
  const numeric: FormulaResultType = source.type === 'formula' || source.type === 'rollup' ? (source.resultType ?? 'number') : (source.type as FormulaResultType);
  switch (fn) {
    case 'sum':
    case 'avg':
      return kind === 'number' ? { ok: true, type: numeric } : { ok: false, message: `${fn} needs a number field, and "${source.name}" is ${source.type}` };
    case 'min':
    case 'max':
      return kind === 'number' || kind === 'date'
        ? { ok: true, type: numeric }
        : { ok: false, message: `${fn} needs a number or date field, and "${source.name}" is ${source.type}` };
    case 'and':
    case 'or':
      return kind === 'checkbox' ? { ok: true, type: 'checkbox' } : { ok: false, message: `${fn} needs a checkbox field, and "${source.name}" is ${source.type}` };
    case 'count':
    case 'counta':
      return { ok: true, type: 'number' };
    case 'arrayjoin':
      return { ok: true, type: 'text' };
  }
}

/** The rollup functions a field accepts, in ROLLUP_FUNCTIONS order, each with the type its values come out as. */
export function rollupChoices(source: RollupSource): { fn: RollupFunction; type: FormulaResultType }[] {
  return ROLLUP_FUNCTIONS.flatMap((fn) => {
    const result = rollupResultType(fn, source);
    return result.ok ? [{ fn, type: result.type }] : [];
  });
}
