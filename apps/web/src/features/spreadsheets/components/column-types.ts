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
  url: 'URL',
  user: 'Person',
  formula: 'Formula',
  link: 'Link to another sheet',
  lookup: 'Lookup',
  rollup: 'Rollup',
};

/** Types whose columns are made with settings the web app does not offer yet (the API does). */
const API_ONLY: readonly ColumnType[] = ['link', 'lookup', 'rollup'];

/** The types people can retype a column to or map an import into: the API refuses retyping to or from computed and link types. */
export const PICKABLE_TYPES: readonly ColumnType[] = COLUMN_TYPES.filter((t) => t !== 'formula' && !API_ONLY.includes(t));

/** The types people can pick for a new column: formula included (it takes its formula in the form). */
export const NEW_COLUMN_TYPES: readonly ColumnType[] = COLUMN_TYPES.filter((t) => !API_ONLY.includes(t));
