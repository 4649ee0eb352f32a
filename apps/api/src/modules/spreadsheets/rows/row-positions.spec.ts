import { MIN_GAP, positionText, respread, spread } from './row-positions';

describe('row positions', () => {
  it('spreads new rows evenly between two neighbours', () => {
    expect(spread(1, 2, 3)).toEqual([1.25, 1.5, 1.75]);
    expect(spread(1, 1 + MIN_GAP, 1)).toBeNull();
  });

  it('keeps 80 inserts before the same row distinct and ordered as numbers a client receives', () => {
    // Every new row goes right before the same row (the grid's "insert above", repeated on one row).
    const positions = [1, 2, 3];
    const target = 1; // index of the row inserted before, which moves down as rows go in above it
    let index = target;
    let respreads = 0;
    for (let i = 0; i < 80; i += 1) {
      const low = positions[index - 1];
      let [fresh] = spread(low, positions[index], 1) ?? [];
      if (fresh === undefined) {
        const plan = respread(low, positions.slice(index), 1, positions.at(-1)! + 2)!;
        positions.splice(index, plan.moved.length, ...plan.moved);
        [fresh] = plan.fresh;
        respreads += 1;
      }
      positions.splice(index, 0, fresh);
      index += 1;
    }
    const roundTripped = positions.map((p) => Number(JSON.parse(JSON.stringify(positionText(p)))));
    expect(new Set(roundTripped).size).toBe(83);
    expect([...roundTripped].sort((a, b) => a - b)).toEqual(roundTripped);
    expect(respreads).toBeGreaterThan(0);
  });

  it('moves only the rows it must, up to the first one that leaves room', () => {
    const plan = respread(5, [5 + 1e-7, 5 + 2e-7, 6, 7], 1, 8)!;
    expect(plan.moved).toHaveLength(2);
    expect(plan.fresh[0]).toBeGreaterThan(5);
    expect(plan.moved[1]).toBeLessThan(6);
    expect(respread(5, [5 + 1e-7], 1, 5 + 2e-7)).toBeNull();
  });

  it('writes positions as plain decimals that read back as the same double', () => {
    for (const p of [1, 1.5, 0.1 + 0.2, 123456789.123456, 1e-7, 2 ** 52]) {
      const text = positionText(p);
      expect(text).not.toMatch(/e/i);
      expect(Number(text)).toBe(p);
    }
  });
});
