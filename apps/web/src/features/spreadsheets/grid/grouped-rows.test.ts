import { describe, expect, it } from 'vitest';
import { groupedPieces, groupedRowCount, groupFilter, type RowGroup } from './grouped-rows';

const groups: RowGroup[] = [
  { key: 'lead', count: 3, values: {} },
  { key: 'won', count: 2, values: {} },
  { key: null, count: 1, values: {} },
];

describe('grouped rows', () => {
  it('counts a header per group and the rows of open groups', () => {
    expect(groupedRowCount(groups, new Set())).toBe(9);
    expect(groupedRowCount(groups, new Set(['won']))).toBe(7);
    expect(groupedRowCount(groups, new Set(['']))).toBe(8);
  });

  it('splits a block of grid rows into headers and the stretches of each group to read', () => {
    // 0 lead header, 1-3 lead rows, 4 won header, 5-6 won rows, 7 empty header, 8 empty row
    expect(groupedPieces(groups, new Set(), 0, 9)).toEqual([
      { kind: 'header', group: groups[0], index: 0 },
      { kind: 'rows', group: groups[0], index: 0, offset: 0, limit: 3 },
      { kind: 'header', group: groups[1], index: 1 },
      { kind: 'rows', group: groups[1], index: 1, offset: 0, limit: 2 },
      { kind: 'header', group: groups[2], index: 2 },
      { kind: 'rows', group: groups[2], index: 2, offset: 0, limit: 1 },
    ]);
    expect(groupedPieces(groups, new Set(), 2, 6)).toEqual([
      { kind: 'rows', group: groups[0], index: 0, offset: 1, limit: 2 },
      { kind: 'header', group: groups[1], index: 1 },
      { kind: 'rows', group: groups[1], index: 1, offset: 0, limit: 1 },
    ]);
  });

  it('skips the rows of a collapsed group', () => {
    // 0 lead header, 1 won header, 2-3 won rows, 4 empty header, 5 empty row
    expect(groupedPieces(groups, new Set(['lead']), 0, 3)).toEqual([
      { kind: 'header', group: groups[0], index: 0 },
      { kind: 'header', group: groups[1], index: 1 },
      { kind: 'rows', group: groups[1], index: 1, offset: 0, limit: 1 },
    ]);
  });

  it('narrows the rows to a group by its value, or to the empty cells', () => {
    expect(groupFilter('c1', 'won')).toBe('c1:eq:won');
    expect(groupFilter('c1', null)).toBe('c1:isEmpty');
  });
});
