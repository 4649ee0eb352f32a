import type { Column } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { describeFilter, incomplete, newCondition, operatorsFor, withOperator } from './filter-model';

const column = (id: string, name: string, type: Column['type'], extra: Partial<Column> = {}): Column => ({ id, name, type, position: 0, hidden: false, required: false, ...extra });
const deal = column('d', 'Deal', 'text');
const value = column('v', 'Value', 'currency');
const stage = column('s', 'Stage', 'select', {
  options: [
    { id: 'won', label: 'Won' },
    { id: 'lost', label: 'Lost' },
  ],
});
const weighted = column('w', 'Weighted', 'formula', { resultType: 'number' });
const done = column('c', 'Done', 'checkbox');

describe('view filter model', () => {
  it('offers the operators the rows API takes for each kind of column (computed ones as their result)', () => {
    expect(operatorsFor(deal)).toContain('contains');
    expect(operatorsFor(value)).toEqual(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty']);
    expect(operatorsFor(weighted)).toEqual(operatorsFor(value));
    expect(operatorsFor(stage)[0]).toBe('in');
    expect(operatorsFor(done)).toEqual(['eq']);
  });

  it('starts conditions with a value of the right shape and keeps what fits when the operator changes', () => {
    expect(newCondition(stage)).toEqual({ columnId: 's', operator: 'in', value: [] });
    expect(newCondition(done)).toEqual({ columnId: 'c', operator: 'eq', value: true });
    expect(withOperator({ columnId: 's', operator: 'in', value: ['won', 'lost'] }, 'eq')).toEqual({ columnId: 's', operator: 'eq', value: 'won' });
    expect(withOperator({ columnId: 's', operator: 'eq', value: 'won' }, 'in')).toEqual({ columnId: 's', operator: 'in', value: ['won'] });
    expect(withOperator({ columnId: 'v', operator: 'gt', value: 5 }, 'isEmpty')).toEqual({ columnId: 'v', operator: 'isEmpty' });
  });

  it('says which condition still needs a value', () => {
    expect(incomplete({ op: 'and', conditions: [{ columnId: 'v', operator: 'gt', value: '' }] }, [value])).toBe('Give “Value” a value to compare with.');
    expect(incomplete({ op: 'or', conditions: [{ op: 'and', conditions: [{ columnId: 's', operator: 'in', value: [] }] }] }, [stage])).toMatch('Stage');
    expect(incomplete({ op: 'and', conditions: [{ columnId: 'v', operator: 'isEmpty' }] }, [value])).toBeNull();
  });

  it('describes a filter in words, with option labels', () => {
    expect(describeFilter(undefined, [])).toBe('All rows');
    expect(
      describeFilter(
        {
          op: 'and',
          conditions: [
            { columnId: 's', operator: 'in', value: ['won', 'lost'] },
            {
              op: 'or',
              conditions: [
                { columnId: 'v', operator: 'gt', value: 100 },
                { columnId: 'd', operator: 'isEmpty' },
              ],
            },
          ],
        },
        [deal, value, stage],
      ),
    ).toBe('Stage is any of Won, Lost and (Value is more than 100 or Deal is empty)');
  });
});
