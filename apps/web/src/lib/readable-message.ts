/**
 * The API names fields as its clients write them ("displayName must be 1 to 100 characters"); people see the labels
 * of the forms they filled in ("Name must be 1 to 100 characters"). Only a message that starts with a known field
 * name is reworded; anything else (a column's own name, a sentence) is left as it is.
 */
const LABELS: Record<string, string> = {
  displayName: 'Name',
  name: 'Name',
  email: 'Email',
  password: 'Password',
  newPassword: 'New password',
  currentPassword: 'Current password',
  url: 'Endpoint URL',
  scope: 'Access',
  role: 'Role',
  type: 'Type',
  template: 'Template',
  expiresAt: 'Expiry date',
  gridDensity: 'Row density',
  events: 'Events',
  'option label': 'Each option’s label',
  'option color': 'Each option’s colour',
  'option id': 'Each option’s id',
  stageColumn: 'The stage column',
  valueColumn: 'The value column',
  dateColumn: 'The close date column',
  filter: 'A filter',
  sort: 'The sort',
  value: 'A value',
  formula: 'Formula',
};

const LEADING_FIELD = new RegExp(
  `^(${Object.keys(LABELS)
    .map((k) => k.replace(' ', '\\s'))
    .join('|')})(?= )`,
);

export function readableMessage(message: string): string {
  return message.replace(LEADING_FIELD, (field) => LABELS[field]);
}
