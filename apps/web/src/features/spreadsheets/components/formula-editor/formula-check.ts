import { columnResolver, compileFormula, type CheckedFormula, type Column } from '@contrivance/contracts';
import { ApiError } from '../../../../lib/api-error';

/** What is wrong with a formula and where: a 0-based character offset, as the contract and the API give it. */
export interface FormulaProblem {
  message: string;
  position?: number;
}

export type FormulaCheck = { ok: true; formula: CheckedFormula } | { ok: false; problem: FormulaProblem };

/**
 * A formula checked in the browser the way the API checks it before saving (`checkColumnFormula`): parsed and
 * type-checked by the shared engine against `columns` (the sheet's columns, without the one being edited; another
 * formula column reads as its result type). The API stays the judge (it also refuses cycles and oversized formulas);
 * this is for saying so while typing.
 */
export function checkFormulaText(text: string, columns: readonly Column[]): FormulaCheck {
  const compiled = compileFormula(text, columnResolver(columns));
  return compiled.ok ? compiled : { ok: false, problem: { message: compiled.error.message, position: compiled.error.position } };
}

/** The API's refusal of a formula (a 400 with a `formula` detail), or null when the error is about something else. */
export function formulaRefusal(error: unknown): FormulaProblem | null {
  if (!(error instanceof ApiError)) return null;
  const detail = error.details.find((d) => d.field === 'formula');
  if (!detail) return null;
  return { message: detail.message, position: typeof detail.position === 'number' ? detail.position : undefined };
}

/** A problem as one line: the message and where, as "… at character 12" (0-based, as the messages' own "at 0"). */
export function problemText(problem: FormulaProblem): string {
  return problem.position === undefined ? problem.message : `${problem.message} at character ${problem.position}`;
}

/** The part of a formula around a problem, split so the character at the position can be marked. */
export interface ProblemExcerpt {
  before: string;
  /** The character at the position; empty when the position is the end of the formula (something is missing there). */
  at: string;
  after: string;
  /** Text was cut off before `before` / after `after`. */
  cutBefore: boolean;
  cutAfter: boolean;
}

/**
 * The line of the formula that holds `position`, at most `width` characters of it on each side of the position. Null
 * when there is no position, or it lies outside the text (the problem is no longer about this text).
 */
export function problemExcerpt(text: string, position: number | undefined, width = 30): ProblemExcerpt | null {
  if (position === undefined || position < 0 || position > text.length) return null;
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const newline = text.indexOf('\n', position);
  const lineEnd = newline < 0 ? text.length : newline;
  const from = Math.max(lineStart, position - width);
  const atEnd = position >= lineEnd;
  const to = Math.min(lineEnd, position + (atEnd ? 0 : 1) + width);
  return {
    before: text.slice(from, position),
    at: atEnd ? '' : text[position],
    after: atEnd ? '' : text.slice(position + 1, to),
    cutBefore: from > 0,
    cutAfter: to < text.length,
  };
}
