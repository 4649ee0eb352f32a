import { COLUMN_TYPES, type ColumnType } from '@contrivance/contracts';

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
  url: 'Link',
  user: 'Person',
  formula: 'Formula',
};

/** The types people can retype a column to or map an import into: the API refuses retyping to or from formula. */
export const PICKABLE_TYPES: readonly ColumnType[] = COLUMN_TYPES.filter((t) => t !== 'formula');

/** The types people can pick for a new column: every one, formula included (it takes its formula in the form). */
export const NEW_COLUMN_TYPES: readonly ColumnType[] = COLUMN_TYPES;
