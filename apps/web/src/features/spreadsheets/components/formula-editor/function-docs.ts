import type { FormulaFunction } from '@contrivance/contracts';

/** How a function is called and what it gives, in a line each, for the editor's suggestions. */
export interface FunctionDoc {
  /** Its arguments, optional ones in brackets: `ROUND(number, [places])`. */
  signature: string;
  description: string;
}

/**
 * One entry per function of the engine (the type makes a new function in the contracts fail to compile here until it
 * is described). The wording follows docs/formulas.md.
 */
export const FUNCTION_DOCS: Record<FormulaFunction, FunctionDoc> = {
  IF: { signature: 'IF(condition, then, [else])', description: 'then when the condition is true, else the other value (blank without one)' },
  SWITCH: { signature: 'SWITCH(value, pattern, result, …, [default])', description: 'the result of the first pattern equal to the value' },
  AND: { signature: 'AND(a, b, …)', description: 'true when every argument is true' },
  OR: { signature: 'OR(a, b, …)', description: 'true when any argument is true' },
  NOT: { signature: 'NOT(value)', description: 'true when the value is false, blank or 0' },
  BLANK: { signature: 'BLANK()', description: 'an empty value' },
  ISBLANK: { signature: 'ISBLANK(value)', description: "true for an empty cell or ''" },
  ROUND: { signature: 'ROUND(number, [places])', description: 'rounded to the places (0 by default), halves up' },
  ROUNDUP: { signature: 'ROUNDUP(number, [places])', description: 'rounded away from zero' },
  ROUNDDOWN: { signature: 'ROUNDDOWN(number, [places])', description: 'rounded toward zero' },
  ABS: { signature: 'ABS(number)', description: 'the number without its sign' },
  MIN: { signature: 'MIN(number, …)', description: 'the smallest number (blanks skipped)' },
  MAX: { signature: 'MAX(number, …)', description: 'the largest number (blanks skipped)' },
  SUM: { signature: 'SUM(number, …)', description: 'the numbers added up' },
  AVERAGE: { signature: 'AVERAGE(number, …)', description: 'the mean of the numbers (blanks skipped)' },
  CONCAT: { signature: 'CONCAT(text, …)', description: 'the values joined as text, like &' },
  UPPER: { signature: 'UPPER(text)', description: 'the text in capitals' },
  LOWER: { signature: 'LOWER(text)', description: 'the text in small letters' },
  TRIM: { signature: 'TRIM(text)', description: 'the text without spaces and line breaks at its ends' },
  LEN: { signature: 'LEN(text)', description: 'how many characters the text has' },
  LEFT: { signature: 'LEFT(text, count)', description: 'the first count characters' },
  RIGHT: { signature: 'RIGHT(text, count)', description: 'the last count characters' },
  FIND: { signature: 'FIND(search, text, [start])', description: 'where search first occurs in text, from 1; 0 when it does not' },
  TODAY: { signature: 'TODAY()', description: "today's date (UTC)" },
  NOW: { signature: 'NOW()', description: "today's date, as TODAY() (columns hold no times of day)" },
  YEAR: { signature: 'YEAR(date)', description: 'the year of the date' },
  MONTH: { signature: 'MONTH(date)', description: 'the month of the date, 1 to 12' },
  DAY: { signature: 'DAY(date)', description: 'the day of the month, 1 to 31' },
  DATEADD: { signature: "DATEADD(date, count, 'unit')", description: "the date moved by count days, weeks, months, quarters or years ('days', …)" },
  DATETIME_DIFF: { signature: "DATETIME_DIFF(a, b, ['unit'])", description: "a − b in the unit ('days', 'months', …; seconds by default)" },
  DATETIME_FORMAT: { signature: "DATETIME_FORMAT(date, ['pattern'])", description: "the date as text, e.g. 'DD MMM YYYY' (YYYY-MM-DD by default)" },
};
