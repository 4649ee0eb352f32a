import type { Column } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { chosenSummaries, summaryText } from './summaries';

const column = (id: string, type: Column['type'], extra: Partial<Column> = {}): Column => ({ id, name: id, type, position: 0, hidden: false, required: false, ...extra });
const value = column('v', 'currency');
const deal = column('d', 'text');
const close = column('c', 'date');

describe('column summaries', () => {
  it('sum number columns unless someone chose otherwise, and show nothing for the rest by default', () => {
    expect(chosenSummaries([value, deal, close], {}).map((s) => `${s.column.id}:${s.fn}`)).toEqual(['v:sum']);
    expect(chosenSummaries([value, deal, close], { v: 'none', d: 'filled', c: 'max' }).map((s) => `${s.column.id}:${s.fn}`)).toEqual(['d:filled', 'c:max']);
    // A choice the column cannot take (a sum of text) is ignored.
    expect(chosenSummaries([deal], { d: 'sum' })).toEqual([]);
  });

  it('show values as the column shows its cells', () => {
    expect(summaryText(value, 'sum', 1234.5, [])).toBe('$1,234.50');
    expect(summaryText(deal, 'filled', 12, [])).toBe('12');
    expect(summaryText(deal, 'percentFilled', 66.67, [])).toBe('66.7 %');
    expect(summaryText(value, 'avg', null, [])).toBe('—');
  });
});
