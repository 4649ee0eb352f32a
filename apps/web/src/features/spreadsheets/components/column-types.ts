import { COLUMN_TYPES, SETTINGS_COLUMN_TYPES, type Column, type ColumnType } from '@contrivance/contracts';
import { ROLLUP_LABELS } from './linked-columns';

/** How each column type is named to people. */
export const TYPE_LABELS: Record<ColumnType, string> = {
  text: 'Text',
  longText: 'Long text',
  number: 'Number',
  currency: 'Currency',
  percent: 'Percent',
  date: 'Date',
  checkbox: 'Checkbox',
  select: 'Single select',
  multiSelect: 'Multiple select',
  email: 'Email',
  url: 'URL',
  user: 'Person',
  formula: 'Formula',
  link: 'Link to another sheet',
  lookup: 'Lookup',
  rollup: 'Rollup',
};

/** Types a column is only created as, never retyped to or from (the API refuses it): computed and link columns. */
export const MADE_AS_IS: readonly ColumnType[] = SETTINGS_COLUMN_TYPES;

/** The types people can retype a column to or map an import into. */
export const PICKABLE_TYPES: readonly ColumnType[] = COLUMN_TYPES.filter((t) => !MADE_AS_IS.includes(t));

/** The types people can pick for a new column: every one (formulas, links, lookups and rollups take their settings in the form). */
export const NEW_COLUMN_TYPES: readonly ColumnType[] = COLUMN_TYPES;

/**
 * The type of a column made as it is, as the columns panel lists it: what a formula or rollup shows, what a lookup or
 * rollup reads through.
 */
export function madeAsIsSummary(column: Column, columns: readonly Column[]): string {
  const settings = column.lookup ?? column.rollup;
  const through = settings && columns.find((c) => c.id === settings.linkColumnId);
  const via = through ? ` through “${through.name}”` : '';
  const result = column.resultType ? ` → ${TYPE_LABELS[column.resultType]}` : '';
  if (column.type === 'formula') return `${TYPE_LABELS.formula}${result}`;
  if (column.type === 'lookup') return `${TYPE_LABELS.lookup}${via}`;
  if (column.type === 'rollup') return `${TYPE_LABELS.rollup}${column.rollup ? ` (${ROLLUP_LABELS[column.rollup.fn]})` : ''}${via}${result}`;
  return TYPE_LABELS[column.type];
}
