import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox';

const memory = () => {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k), data };
};

describe('the offline outbox', () => {
  it('keeps edits across instances (a reload), per sheet, in order', () => {
    const storage = memory();
    const outbox = new Outbox(storage, 'box');
    outbox.add({ sheetId: 's1', rowId: 'r1', columnId: 'c1', value: 'a', base: 'old' });
    outbox.add({ sheetId: 's2', rowId: 'r1', columnId: 'c1', value: 'b', base: null });
    outbox.add({ sheetId: 's1', rowId: 'r2', columnId: 'c1', value: 'c', base: 1 });
    const reloaded = new Outbox(storage, 'box');
    expect(reloaded.list('s1').map((e) => e.value)).toEqual(['a', 'c']);
    expect(reloaded.list().length).toBe(3);
  });

  it('merges edits of one cell: the first base, the last value', () => {
    const outbox = new Outbox(memory(), 'box');
    const first = outbox.add({ sheetId: 's', rowId: 'r', columnId: 'c', value: 'one', base: 'server' });
    outbox.add({ sheetId: 's', rowId: 'r', columnId: 'c', value: 'two', base: 'one' });
    expect(outbox.list()).toEqual([expect.objectContaining({ id: first.id, value: 'two', base: 'server' })]);
    expect(outbox.find('s', 'r', 'c')?.value).toBe('two');
  });

  it('forgets sent edits and tells its listeners', () => {
    const storage = memory();
    const outbox = new Outbox(storage, 'box');
    let calls = 0;
    outbox.subscribe(() => (calls += 1));
    const edit = outbox.add({ sheetId: 's', rowId: 'r', columnId: 'c', value: 1, base: 0 });
    outbox.remove(edit.id);
    expect(outbox.list()).toEqual([]);
    expect(storage.data.has('box')).toBe(false);
    expect(calls).toBe(2);
  });

  it('survives a corrupted store', () => {
    const storage = memory();
    storage.setItem('box', '{not json');
    expect(new Outbox(storage, 'box').list()).toEqual([]);
  });
});
