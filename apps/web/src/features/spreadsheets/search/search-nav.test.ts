import { describe, expect, it } from 'vitest';
import { countLabel, gridFollowsSearch, gridIndexOf, matchKeys, pageOffset, step } from './search-nav';

describe('search navigation', () => {
  it('goes round at both ends, and never past the first of a capped count backwards', () => {
    expect(step(0, 3, false, 1)).toBe(1);
    expect(step(2, 3, false, 1)).toBe(0);
    expect(step(0, 3, false, -1)).toBe(2);
    expect(step(1, 3, false, -1)).toBe(0);
    expect(step(9_999, 10_000, true, 1)).toBe(10_000);
    expect(step(0, 10_000, true, -1)).toBe(0);
    expect(step(0, 0, false, 1)).toBe(0);
  });

  it('fetches the page that holds a match', () => {
    expect(pageOffset(0)).toBe(0);
    expect(pageOffset(99)).toBe(0);
    expect(pageOffset(100)).toBe(100);
    expect(pageOffset(250)).toBe(200);
  });

  it('says where the user is among the matches', () => {
    expect(countLabel({ pending: true, current: 0 })).toBe('Searching…');
    expect(countLabel({ pending: false, current: 0, total: 0 })).toBe('No matches');
    expect(countLabel({ pending: false, current: 2, total: 45 })).toBe('3 of 45');
    expect(countLabel({ pending: false, current: 0, total: 12_345, capped: true })).toBe('1 of 12,345+');
  });

  it('highlights the cells of the matches', () => {
    const keys = matchKeys([
      { rowId: 'r1', columnId: 'c1', rowIndex: 0 },
      { rowId: 'r1', columnId: 'c2', rowIndex: 0 },
    ]);
    expect([...keys]).toEqual(['r1:c1', 'r1:c2']);
  });

  it("jumps by the match's index only while the grid shows the view's own order and rows", () => {
    const params = (query: string) => new URLSearchParams(query);
    const view = { sorts: [{ columnId: 'a', direction: 'desc' as const }] };
    expect(gridFollowsSearch(params(''), null)).toBe(true);
    expect(gridFollowsSearch(params('sort=a:desc&viewId=v'), view)).toBe(true);
    expect(gridFollowsSearch(params('sort=a:asc'), view)).toBe(false);
    expect(gridFollowsSearch(params('sort=b:asc'), null)).toBe(false);
    expect(gridFollowsSearch(params('filter=a:contains:x'), null)).toBe(false);
    const match = { rowId: 'r', columnId: 'c', rowIndex: 500 };
    expect(gridIndexOf(match, 7, false)).toBe(7);
    expect(gridIndexOf(match, undefined, true)).toBe(500);
    expect(gridIndexOf(match, null, false)).toBeNull();
  });
});
