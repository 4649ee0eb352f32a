import type { ColumnType } from './spreadsheets';

/**
 * Schema names of the per-sheet OpenAPI document (`GET /api/spreadsheets/:id/openapi.json`): a row as read, its
 * values keyed by column name as read, as a new row takes them, and as a change of a row takes them.
 */
export const SHEET_API_SCHEMAS = {
  row: 'Row',
  values: 'RowValues',
  newValues: 'NewRowValues',
  changedValues: 'RowValuesChange',
} as const;

/**
 * One column's value schema in the per-sheet document (a property of `RowValues`, keyed by the column's name): the
 * standard JSON-schema fields, and extensions naming the column and, for selects, each option's label.
 */
export interface SheetApiValueSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: { type?: string; format?: string; enum?: unknown[] };
  /** Formulas (a value or a cell error) and links (linked rows, or only how many). */
  oneOf?: object[];
  readOnly?: boolean;
  description?: string;
  'x-column-id': string;
  'x-column-type': ColumnType;
  /** Select and multi-select columns: the label of each option, in the order of `enum` (option ids). */
  'x-enum-descriptions'?: string[];
}
