import { TurnSlices } from './turn-slices';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnSlices', () => {
  const recipients = Array.from({ length: 10 }, (_, i) => `r${i}`);

  it('writes at most perTurn recipients per turn, items in the order queued', async () => {
    const written: string[] = [];
    const slices = new TurnSlices<string>(
      (to, item) => written.push(`${item}:${to.join(',')}`),
      () => undefined,
      4,
    );
    slices.push(recipients, ['a', 'b']);
    expect(written).toEqual(['a:r0,r1,r2,r3']);
    await turn();
    expect(written).toEqual(['a:r0,r1,r2,r3', 'a:r4,r5,r6,r7']);
    while (slices.backlog) await turn();
    expect(written).toEqual(['a:r0,r1,r2,r3', 'a:r4,r5,r6,r7', 'a:r8,r9', 'b:r0,r1', 'b:r2,r3,r4,r5', 'b:r6,r7,r8,r9']);
  });

  it('reports a slice whose write throws in a later turn and still delivers everything after it', async () => {
    const written: string[] = [];
    const failures: Array<[string, string]> = [];
    const slices = new TurnSlices<string>(
      (to, item) => {
        // The second slice of "a" is written from a timer, where an escaped error would end the process.
        if (item === 'a' && to[0] === 'r4') throw new Error('socket gone');
        written.push(`${item}:${to.join(',')}`);
      },
      (error, item) => failures.push([item, (error as Error).message]),
      4,
    );
    const uncaught = jest.fn();
    process.on('uncaughtException', uncaught);
    try {
      slices.push(recipients, ['a', 'b']);
      while (slices.backlog) await turn();
      await turn();
    } finally {
      process.off('uncaughtException', uncaught);
    }
    expect(uncaught).not.toHaveBeenCalled();
    expect(failures).toEqual([['a', 'socket gone']]);
    expect(written).toEqual(['a:r0,r1,r2,r3', 'a:r8,r9', 'b:r0,r1', 'b:r2,r3,r4,r5', 'b:r6,r7,r8,r9']);
  });

  it('goes on when reporting the failure throws too', async () => {
    const written: string[] = [];
    const slices = new TurnSlices<string>(
      (_to, item) => {
        if (item === 'a') throw new Error('bad');
        written.push(item);
      },
      () => {
        throw new Error('logger down');
      },
      4,
    );
    expect(() => slices.push(recipients, ['a', 'b'])).not.toThrow();
    while (slices.backlog) await turn();
    expect(written).toEqual(['b', 'b', 'b']);
  });
});
