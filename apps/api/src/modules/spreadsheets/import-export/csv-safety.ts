/** Characters that make spreadsheet programs treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises text that a spreadsheet program would run as a formula by prefixing a quote. Only text is touched:
 * numbers are written as numbers, so "-5" stays a negative number.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
