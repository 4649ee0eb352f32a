import { KeyedLimit, LimitBusyError } from './keyed-limit';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('KeyedLimit', () => {
  it('runs at most perKey tasks of one key at once, in order, and other keys freely', async () => {
    const limit = new KeyedLimit({ perKey: 2 });
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limit.run('a', async () => {
        started.push(i);
        await gate.promise;
      }),
    );
    let other = false;
    await limit.run('b', async () => void (other = true));
    await Promise.resolve();
    expect(other).toBe(true);
    expect(started).toEqual([0, 1]);
    expect(limit.load('a')).toEqual({ active: 2, queued: 1 });
    gates[1].resolve();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    await Promise.all(runs);
    expect(limit.load('a')).toEqual({ active: 0, queued: 0 });
  });

  it('refuses beyond the queue and after the wait, and frees the turn of a failed task', async () => {
    const limit = new KeyedLimit({ perKey: 1, maxQueued: 1, waitMs: 20 });
    const gate = deferred();
    const first = limit.run('a', () => gate.promise);
    const second = limit.run('a', async () => 'ran');
    await expect(limit.run('a', async () => 'x')).rejects.toEqual(new LimitBusyError('full'));
    await expect(second).rejects.toMatchObject({ reason: 'timeout' });
    gate.resolve();
    await first;
    await expect(
      limit.run('a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limit.run('a', async () => 'free again')).resolves.toBe('free again');
    expect(limit.load('a')).toEqual({ active: 0, queued: 0 });
  });
});
