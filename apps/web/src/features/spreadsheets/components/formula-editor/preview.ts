import { evaluateFormula, type CheckedFormula, type FormulaValue, type Column, type Member, type Row } from '@contrivance/contracts';
import { isCellError } from '../../../../lib/value-text';
import { cellText } from '../../grid/cell-text';
import { FORMULA_ERROR_MEANINGS } from '../../grid/formula-errors';

/** A formula's value for one row as the grid would show it in the new column, or its error code and what it means. */
export type Preview = { kind: 'value'; text: string } | { kind: 'blank' } | { kind: 'error'; code: string; meaning: string };

/**
 * The value `formula` gives for `row`, computed by the shared reference evaluator (the one the API's SQL is held to) and
 * written as the grid writes a formula column of its result type. Another formula column reads as the row has it
 * (its value, or its error, which the formula takes on where it reads it); link cells, which formulas cannot read,
 * are left out.
 */
export function previewFormula(formula: CheckedFormula, row: Row, members: Member[], now?: Date): Preview {
  const values: Record<string, FormulaValue> = {};
  for (const [columnId, value] of Object.entries(row.values)) {
    if (isCellError(value) || !(typeof value === 'object' && value !== null && !Array.isArray(value))) values[columnId] = value as FormulaValue;
  }
  const value = evaluateFormula(formula, values, { now });
  if (isCellError(value)) return { kind: 'error', code: value.error, meaning: FORMULA_ERROR_MEANINGS[value.error] ?? FORMULA_ERROR_MEANINGS['#ERROR!'] };
  const column: Column = { id: '', name: '', type: 'formula', resultType: formula.resultType, position: 0, hidden: false, required: false };
  const text = cellText(column, value, members);
  return text === '' ? { kind: 'blank' } : { kind: 'value', text };
}

/** How people tell a row apart: its value in the sheet's first visible column, as the grid shows it. */
export function rowLabel(row: Row, columns: readonly Column[], members: Member[]): string {
  const first = [...columns].sort((a, b) => a.position - b.position).find((c) => !c.hidden);
  return first ? cellText(first, row.values[first.id], members) : '';
}
