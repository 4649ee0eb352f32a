import { describe, expect, it } from 'vitest';
import { toOptionsModel } from './OptionsFilter';
import { toRowsQuery, toViewParams } from './rows-request';

describe('toRowsQuery', () => {
  it('asks for one block with its sort, and the total only for the first block', () => {
    const first = toRowsQuery({ startRow: 0, endRow: 100, sortModel: [{ colId: 'a', sort: 'desc' }], filterModel: {} });
    expect(first.toString()).toBe('offset=0&limit=100&sort=a%3Adesc&count=true');
    const next = toRowsQuery({ startRow: 100, endRow: 200, sortModel: [], filterModel: {} });
    expect(next.get('count')).toBe('false');
  });

  it('maps text, number, date and blank filters to the API operators', () => {
    const params = toRowsQuery({
      startRow: 0,
      endRow: 50,
      sortModel: [],
      filterModel: {
        name: { filterType: 'text', type: 'contains', filter: 'acme' },
        value: { filterType: 'number', type: 'greaterThan', filter: 1000 },
        close: { filterType: 'date', type: 'lessThan', dateFrom: '2026-03-01 00:00:00' },
        notes: { filterType: 'text', type: 'blank' },
        stage: { filterType: 'text', type: 'equals', filter: 'Won' },
      },
    });
    expect(params.getAll('filter')).toEqual(['name:contains:acme', 'value:gt:1000', 'close:lt:2026-03-01', 'notes:isEmpty', 'stage:eq:Won']);
  });

  it('uses the first condition of a combined filter and drops incomplete ones', () => {
    const params = toRowsQuery({
      startRow: 0,
      endRow: 50,
      sortModel: [],
      filterModel: {
        a: {
          filterType: 'number',
          conditions: [
            { type: 'lessThan', filter: 5 },
            { type: 'greaterThan', filter: 1 },
          ],
        },
        b: { filterType: 'text', type: 'contains', filter: '' },
        c: { filterType: 'text', type: 'startsWith', filter: 'x' },
      },
    });
    expect(params.getAll('filter')).toEqual(['a:lt:5']);
  });

  it('maps picked options, people and checkboxes to in, eq, neq and isEmpty', () => {
    const filterModel = {
      stage: toOptionsModel('options', ['won', 'lead'])!,
      owner: toOptionsModel('person', ['u-1'])!,
      done: toOptionsModel('checkbox', ['false'])!,
      paid: toOptionsModel('checkbox', ['true'])!,
      region: toOptionsModel('options', [''])!,
    };
    expect(toViewParams({ sortModel: [], filterModel }).getAll('filter')).toEqual(['stage:in:lead,won', 'owner:eq:u-1', 'done:neq:true', 'paid:eq:true', 'region:isEmpty']);
    expect(toOptionsModel('options', [])).toBeNull();
  });

  it('gives exports the same view parameters without paging', () => {
    const params = toViewParams({ sortModel: [{ colId: 'v', sort: 'asc' }], filterModel: { s: { filterType: 'text', type: 'equals', filter: 'Won' } } });
    expect(params.toString()).toBe('sort=v%3Aasc&filter=s%3Aeq%3AWon');
  });
});
