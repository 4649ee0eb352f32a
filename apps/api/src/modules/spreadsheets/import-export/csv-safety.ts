/**
 * Text an export quotes: formula-like (starting with a character that makes spreadsheet programs run it: OWASP CSV
 * injection), or already starting with quotes before such a character.
 */
const QUOTED_OR_FORMULA = /^'*[=+\-@\t\r]/;
/** Text an export quoted: one quote more than it had. */
const QUOTED_BY_EXPORT = /^'+[=+\-@\t\r]/;

/**
 * Neutralises text that a spreadsheet program would run as a formula by prefixing a quote. Only text is touched:
 * numbers are written as numbers, so "-5" stays a negative number. Text that already starts with quotes before a
 * formula character gets one more, so an import (`restoreNeutralised`) gives back exactly what was exported.
 */
export function neutraliseFormula(text: string): string {
  return QUOTED_OR_FORMULA.test(text) ? `'${text}` : text;
}

/** The text an export neutralised, as it was (one leading quote less); anything else as it is. */
export function restoreNeutralised(text: string): string {
  return QUOTED_BY_EXPORT.test(text) ? text.slice(1) : text;
}
