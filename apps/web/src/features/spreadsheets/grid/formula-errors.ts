/**
 * What each code a failed formula cell shows means. Apart from the column definitions so the formula editor's preview
 * can use it without pulling the grid (ag-grid) into the sheet page's chunk.
 */
export const FORMULA_ERROR_MEANINGS: Record<string, string> = {
  '#DIV/0!': 'Division by zero (or by an empty cell)',
  '#NUM!': 'The number is too large',
  '#ERROR!': 'The formula could not be computed for this row',
};
