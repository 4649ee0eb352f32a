import { FreshReads } from './fresh-reads';

describe('FreshReads', () => {
  it('shares one read among those who ask while another is in flight, started after they asked', async () => {
    let value = 0;
    const started: number[] = [];
    const pending: (() => void)[] = [];
    const reads = new FreshReads<number>(() => {
      started.push(value);
      const seen = value;
      return new Promise((resolve) => pending.push(() => resolve(seen)));
    });
    const first = reads.get('s');
    value = 1; // a change after the first read started: later askers must see it
    const later = [reads.get('s'), reads.get('s'), reads.get('s')];
    expect(started).toEqual([0]);
    pending.shift()!();
    expect(await first).toBe(0);
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    pending.shift()!();
    expect(await Promise.all(later)).toEqual([1, 1, 1]);
    expect(started).toHaveLength(2);
  });

  it('answers a failed read with its error, and reads afresh afterwards', async () => {
    let calls = 0;
    const reads = new FreshReads<number>(() => ((calls += 1) === 1 ? Promise.reject(new Error('down')) : Promise.resolve(calls)));
    await expect(reads.get('s')).rejects.toThrow('down');
    expect(await reads.get('s')).toBe(2);
  });
});
