import { describe, expect, it } from 'vitest';
import type { Row } from '@contrivance/contracts';
import { fitted, groupedPieces, groupedRowCount, groupFilters, groupHeaders, isGroupRow, pathKey, type RowGroup } from './grouped-rows';

const groups: RowGroup[] = [
  { key: 'lead', count: 3, values: {} },
  { key: 'won', count: 2, values: {} },
  { key: null, count: 1, values: {} },
];
const folded = (...paths: (string | null)[][]) => new Set(paths.map(pathKey));

describe('grouped rows, one level', () => {
  it('counts a header per group and the rows of open groups', () => {
    expect(groupedRowCount(groups, new Set())).toBe(9);
    expect(groupedRowCount(groups, folded(['won']))).toBe(7);
    expect(groupedRowCount(groups, folded([null]))).toBe(8);
  });

  it('splits a block of grid rows into headers and the stretches of each group to read', () => {
    // 0 lead header, 1-3 lead rows, 4 won header, 5-6 won rows, 7 empty header, 8 empty row
    expect(groupedPieces(groups, new Set(), 0, 9)).toEqual([
      { kind: 'header', group: groups[0], path: ['lead'] },
      { kind: 'rows', group: groups[0], path: ['lead'], offset: 0, limit: 3 },
      { kind: 'header', group: groups[1], path: ['won'] },
      { kind: 'rows', group: groups[1], path: ['won'], offset: 0, limit: 2 },
      { kind: 'header', group: groups[2], path: [null] },
      { kind: 'rows', group: groups[2], path: [null], offset: 0, limit: 1 },
    ]);
    expect(groupedPieces(groups, new Set(), 2, 6)).toEqual([
      { kind: 'rows', group: groups[0], path: ['lead'], offset: 1, limit: 2 },
      { kind: 'header', group: groups[1], path: ['won'] },
      { kind: 'rows', group: groups[1], path: ['won'], offset: 0, limit: 1 },
    ]);
  });

  it('skips the rows of a folded group', () => {
    // 0 lead header, 1 won header, 2-3 won rows, 4 empty header, 5 empty row
    expect(groupedPieces(groups, folded(['lead']), 0, 3)).toEqual([
      { kind: 'header', group: groups[0], path: ['lead'] },
      { kind: 'header', group: groups[1], path: ['won'] },
      { kind: 'rows', group: groups[1], path: ['won'], offset: 0, limit: 1 },
    ]);
  });
});

describe('grouped rows, two levels', () => {
  const nested: RowGroup[] = [
    {
      key: 'lead',
      count: 3,
      values: {},
      groups: [
        { key: 'ann', count: 2, values: {} },
        { key: null, count: 1, values: {} },
      ],
    },
    { key: 'won', count: 2, values: {}, groups: [{ key: 'bob', count: 2, values: {} }] },
  ];

  it('puts each second-level group, with its header, inside its first-level group', () => {
    // 0 lead, 1 lead/ann, 2-3 rows, 4 lead/empty, 5 row, 6 won, 7 won/bob, 8-9 rows
    expect(groupedRowCount(nested, new Set())).toBe(10);
    expect(groupedPieces(nested, new Set(), 3, 9)).toEqual([
      { kind: 'rows', group: nested[0].groups![0], path: ['lead', 'ann'], offset: 1, limit: 1 },
      { kind: 'header', group: nested[0].groups![1], path: ['lead', null] },
      { kind: 'rows', group: nested[0].groups![1], path: ['lead', null], offset: 0, limit: 1 },
      { kind: 'header', group: nested[1], path: ['won'] },
      { kind: 'header', group: nested[1].groups![0], path: ['won', 'bob'] },
      { kind: 'rows', group: nested[1].groups![0], path: ['won', 'bob'], offset: 0, limit: 1 },
    ]);
  });

  it('folds a first-level group whole, or one group inside it', () => {
    expect(groupedRowCount(nested, folded(['lead']))).toBe(5);
    expect(groupedRowCount(nested, folded(['lead', 'ann']))).toBe(8);
    expect(groupedPieces(nested, folded(['lead']), 0, 3).map((p) => p.path)).toEqual([['lead'], ['won'], ['won', 'bob']]);
  });

  it('lists every header top down, and narrows rows by each level', () => {
    expect(groupHeaders(nested).map((h) => h.path)).toEqual([['lead'], ['lead', 'ann'], ['lead', null], ['won'], ['won', 'bob']]);
    expect(groupFilters(['stage', 'owner'], ['lead', null])).toEqual(['stage:eq:lead', 'owner:isEmpty']);
  });
});

describe('fitted', () => {
  const row = (id: string) => ({ id, values: {} }) as unknown as Row;
  it('makes a group’s stretch exactly as long as the layout expects, with blank lines for rows gone since the count', () => {
    const group = { key: 'won', count: 3, values: {} };
    expect(fitted([row('a'), row('b'), row('c'), row('d')], group, ['won'], 0, 3).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    const short = fitted([row('a')], group, ['won'], 5, 3);
    expect(short.map((r) => r.id)).toEqual(['a', 'gap:["won"]:6', 'gap:["won"]:7']);
    expect(short.slice(1).every((r) => isGroupRow(r) && r.group.gap)).toBe(true);
  });
});
