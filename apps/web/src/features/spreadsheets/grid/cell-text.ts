import type { Column, Member, SelectOption } from '@contrivance/contracts';
import { isCellError, linkedText, valueText } from '../../../lib/value-text';

const currency = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

export function optionOf(column: Column, id: unknown): SelectOption | undefined {
  return column.options?.find((o) => o.id === id);
}

export function formatNumber(column: Column, v: number): string {
  return column.type === 'currency' ? currency.format(v) : column.type === 'percent' ? `${number.format(v)}%` : number.format(v);
}

/**
 * A cell's value as people see it (and as a copy puts it on the clipboard): option labels, people's names, numbers
 * formatted as on screen, TRUE/FALSE, linked rows' labels. Each reads back into the grid when pasted (the server
 * understands them all), apart from linked rows (a link is written as row ids).
 */
export function cellText(column: Column, value: unknown, members: Member[]): string {
  if (value === null || value === undefined || value === '') return '';
  if (isCellError(value)) return value.error;
  if (column.type === 'formula' || column.type === 'rollup') return cellText({ ...column, type: column.resultType ?? 'text' }, value, members);
  if (column.type === 'link' || column.type === 'lookup') return linkedText(value);
  switch (column.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return typeof value === 'number' ? formatNumber(column, value) : valueText(value);
    case 'select':
      return optionOf(column, value)?.label ?? valueText(value);
    case 'multiSelect':
      return Array.isArray(value) ? value.map((id: unknown) => optionOf(column, id)?.label ?? valueText(id)).join(', ') : valueText(value);
    case 'user':
      return members.find((m) => m.userId === value)?.displayName ?? valueText(value);
    case 'checkbox':
      return value === true ? 'TRUE' : value === false ? 'FALSE' : valueText(value);
    default:
      return valueText(value);
  }
}
