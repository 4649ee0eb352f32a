import { peopleOf } from './presence';

const cell = { rowId: 'r', columnId: 'c' };

describe('peopleOf', () => {
  it('lists each person once, with the focus of whichever entry has one, by name', () => {
    const users = peopleOf([
      { userId: 'b', displayName: 'Bea', focus: null },
      { userId: 'a', displayName: 'Ann', focus: null },
      { userId: 'b', displayName: 'Bea', focus: cell },
    ]);
    expect(users).toEqual([
      { userId: 'a', displayName: 'Ann', focus: null },
      { userId: 'b', displayName: 'Bea', focus: cell },
    ]);
  });

  it('keeps the first focus when several entries have one, and does not change its input', () => {
    const first = { userId: 'a', displayName: 'Ann', focus: null };
    const users = peopleOf([first, { userId: 'a', displayName: 'Ann', focus: cell }, { userId: 'a', displayName: 'Ann', focus: { rowId: 'x', columnId: 'y' } }]);
    expect(users).toEqual([{ userId: 'a', displayName: 'Ann', focus: cell }]);
    expect(first.focus).toBeNull();
  });
});
