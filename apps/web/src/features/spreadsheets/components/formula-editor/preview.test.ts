import { columnResolver, compileFormula, type Column, type Row } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { previewFormula, rowLabel } from './preview';

const column = (id: string, name: string, type: Column['type'], position: number, extra: Partial<Column> = {}): Column => ({
  id,
  name,
  type,
  position,
  hidden: false,
  required: false,
  ...extra,
});
const columns: Column[] = [
  column('id', 'Id', 'number', 0, { hidden: true }),
  column('deal', 'Deal', 'text', 1),
  column('value', 'Value', 'currency', 2),
  column('owner', 'Owner', 'user', 3),
  column('due', 'Due', 'date', 4),
  { ...column('double', 'Double', 'formula', 5), formula: '{Value} * 2', resultType: 'currency' },
];
const members = [{ userId: 'u1', email: 'ada@example.com', displayName: 'Ada', role: 'owner' as const }];
const row = (values: Row['values']): Row => ({ id: 'r1', position: 0, values, version: 1, createdAt: '', updatedAt: '', updatedBy: null });
const checked = (text: string) => {
  const compiled = compileFormula(text, columnResolver(columns));
  if (!compiled.ok) throw compiled.error;
  return compiled.formula;
};
const currency = (n: number) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }).format(n);

describe('previewFormula', () => {
  it('computes the row’s value and writes it as the grid writes the result type', () => {
    const deal = row({ deal: 'Acme', value: 1200.5, owner: 'u1', due: '2026-01-31' });
    expect(previewFormula(checked('{Value} * 2'), deal, members)).toEqual({ kind: 'value', text: currency(2401) });
    expect(previewFormula(checked('{Value} > 1000'), deal, members)).toEqual({ kind: 'value', text: 'TRUE' });
    expect(previewFormula(checked("DATEADD({Due}, 1, 'months')"), deal, members)).toEqual({ kind: 'value', text: '2026-02-28' });
    expect(previewFormula(checked("{Deal} & ' / ' & {Owner}"), deal, members)).toEqual({ kind: 'value', text: 'Acme / u1' });
  });

  it('gives an error code with what it means, and blank for a blank result', () => {
    expect(previewFormula(checked('{Value} / 0'), row({ value: 5 }), members)).toEqual({
      kind: 'error',
      code: '#DIV/0!',
      meaning: 'Division by zero (or by an empty cell)',
    });
    expect(previewFormula(checked('{Deal}'), row({}), members)).toEqual({ kind: 'blank' });
  });

  it('reads TODAY() from the clock it is given', () => {
    expect(previewFormula(checked('TODAY()'), row({}), members, new Date('2026-03-04T12:00:00Z'))).toEqual({ kind: 'value', text: '2026-03-04' });
  });

  it('reads another formula column as the row has it, its error included where it is read', () => {
    expect(previewFormula(checked('{Value} + 1'), row({ value: 1, double: { error: '#NUM!' } }), members)).toEqual({ kind: 'value', text: currency(2) });
    expect(previewFormula(checked('{Double} + 1'), row({ value: 1, double: 2 }), members)).toEqual({ kind: 'value', text: currency(3) });
    expect(previewFormula(checked('{Double} + 1'), row({ value: 1, double: { error: '#NUM!' } }), members)).toMatchObject({ kind: 'error', code: '#NUM!' });
  });
});

describe('rowLabel', () => {
  it('is the row’s value in the first visible column, as the grid shows it', () => {
    expect(rowLabel(row({ id: 7, deal: 'Acme' }), columns, members)).toBe('Acme');
    expect(rowLabel(row({ value: 3 }), [columns[2], columns[1]], members)).toBe('');
    expect(rowLabel(row({ owner: 'u1' }), [columns[3]], members)).toBe('Ada');
  });
});
