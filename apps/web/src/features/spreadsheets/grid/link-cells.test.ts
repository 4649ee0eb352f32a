import type { Column } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { cellText } from './cell-text';
import { isHiddenLinks } from '../../../lib/value-text';
import { chipsOf, linkedRowsOf, linkIds, linkSearch, narrowByLabel, rowLabel, sameLinks, toggleLink } from './link-cells';

const acme = { rowId: 'r1', label: 'Acme' };
const globex = { rowId: 'r2', label: 'Globex' };
const column = (id: string, type: Column['type'], extra: Partial<Column> = {}): Column => ({ id, name: id, type, position: 0, hidden: false, required: false, ...extra });

describe('link cell chips', () => {
  it('draws every label that fits, else one fewer and +N, naming all in the tooltip', () => {
    expect(chipsOf(['A', 'B', 'C'])).toEqual({ shown: ['A', 'B', 'C'], more: 0, title: 'A, B, C' });
    expect(chipsOf(['A', 'B', 'C', 'D', 'E'])).toEqual({ shown: ['A', 'B'], more: 3, title: 'A, B, C, D, E' });
    expect(chipsOf([])).toEqual({ shown: [], more: 0, title: '' });
  });

  it('names a row with a blank first column', () => {
    expect(rowLabel({ rowId: 'r', label: '  ' })).toBe('Unnamed row');
    expect(rowLabel(acme)).toBe('Acme');
  });

  it('copies labels, and a hidden cell as its count', () => {
    const link = column('l', 'link');
    expect(cellText(link, [acme, globex], [])).toBe('Acme, Globex');
    expect(cellText(link, { hidden: true, count: 2 }, [])).toBe('2 linked rows');
    expect(cellText(column('k', 'lookup'), [12, 'x'], [])).toBe('12, x');
  });
});

describe('link cell values', () => {
  it('reads linked rows only from a list of rows, never from a hidden count', () => {
    expect(linkedRowsOf([acme, globex])).toEqual([acme, globex]);
    expect(linkedRowsOf({ hidden: true, count: 3 })).toEqual([]);
    expect(linkedRowsOf(null)).toEqual([]);
    expect(isHiddenLinks({ hidden: true, count: 3 })).toBe(true);
    expect(isHiddenLinks([acme])).toBe(false);
  });

  it('saves ids, none as null, and compares by ids in order', () => {
    expect(linkIds([acme, globex])).toEqual(['r1', 'r2']);
    expect(linkIds([])).toBeNull();
    expect(sameLinks([acme], [{ rowId: 'r1', label: 'Renamed' }])).toBe(true);
    expect(sameLinks([acme, globex], [globex, acme])).toBe(false);
    expect(sameLinks(null, [])).toBe(true);
    expect(sameLinks({ hidden: true, count: 1 }, [acme])).toBe(false);
  });

  it('adds a row, or takes it out when it is linked already', () => {
    expect(toggleLink([acme], globex)).toEqual([acme, globex]);
    expect(toggleLink([acme, globex], acme)).toEqual([globex]);
  });
});

describe('the link editor’s search', () => {
  it('asks the server for rows whose text first column contains the words', () => {
    const { params, narrowHere } = linkSearch(column('name', 'text'), 'ac me');
    expect(params.getAll('filter')).toEqual(['name:contains:ac me']);
    expect(params.get('limit')).toBe('20');
    expect(params.get('count')).toBe('false');
    expect(narrowHere).toBe(false);
  });

  it('lists the first rows when nothing is typed', () => {
    const { params, narrowHere } = linkSearch(column('name', 'text'), '');
    expect(params.getAll('filter')).toEqual([]);
    expect(narrowHere).toBe(false);
  });

  it('narrows the first rows here when the first column is not text (contains would be refused)', () => {
    const { params, narrowHere } = linkSearch(column('n', 'number'), '12');
    expect(params.getAll('filter')).toEqual([]);
    expect(params.get('limit')).toBe('100');
    expect(narrowHere).toBe(true);
    expect(narrowByLabel([acme, globex, { rowId: 'r3', label: 'Big Globe' }], 'GLOB')).toEqual([globex, { rowId: 'r3', label: 'Big Globe' }]);
  });
});
