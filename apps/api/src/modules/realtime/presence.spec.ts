import { presenceOf } from './presence';

const cell = { rowId: 'r', columnId: 'c' };

describe('presenceOf', () => {
  it('lists each person once, with the focus of whichever tab has one, by name', () => {
    const users = presenceOf('s1', [
      { data: { user: { id: 'b', displayName: 'Bea' }, focus: { s1: null } } },
      { data: { user: { id: 'a', displayName: 'Ann' }, focus: {} } },
      { data: { user: { id: 'b', displayName: 'Bea' }, focus: { s1: cell } } },
      { data: {} },
    ]);
    expect(users).toEqual([
      { userId: 'a', displayName: 'Ann', focus: null },
      { userId: 'b', displayName: 'Bea', focus: cell },
    ]);
  });

  it('ignores focus in other sheets', () => {
    expect(presenceOf('s1', [{ data: { user: { id: 'a', displayName: 'Ann' }, focus: { s2: cell } } }])).toEqual([{ userId: 'a', displayName: 'Ann', focus: null }]);
  });
});
