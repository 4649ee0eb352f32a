import type { SheetChange } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { SheetSync, type SyncAction } from './sheet-sync';

const change = (version: number, part = 1, parts = 1): SheetChange => ({
  spreadsheetId: 's',
  version,
  part,
  parts,
  kind: 'cell',
  rowId: `r${version}`,
  columnId: `c${part}`,
  value: version * 10 + part,
  userId: 'u',
});
const applied = (actions: SyncAction[]) => actions.flatMap((a) => (a.type === 'apply' ? a.changes.map((c) => `${c.version}.${c.part}`) : [a.type]));

describe('SheetSync', () => {
  it('applies versions in order, once, after the join', () => {
    const sync = new SheetSync(4);
    expect(sync.onChange(change(5))).toEqual([]);
    expect(applied(sync.onJoin({ version: 4, missed: [] }))).toEqual(['5.1']);
    expect(applied(sync.onChange(change(5)))).toEqual([]);
    expect(applied(sync.onChange(change(6)))).toEqual(['6.1']);
    expect(sync.version).toBe(6);
  });

  it('replays missed changes and skips broadcasts it already replayed', () => {
    const sync = new SheetSync(1);
    sync.onChange(change(3));
    expect(applied(sync.onJoin({ version: 3, missed: [change(2), change(3)] }))).toEqual(['2.1', '3.1', 'caught-up']);
    expect(sync.hasGap).toBe(false);
  });

  it('waits for every part of a version', () => {
    const sync = new SheetSync(0);
    sync.onJoin({ version: 0, missed: [] });
    expect(applied(sync.onChange(change(1, 2, 2)))).toEqual([]);
    expect(applied(sync.onChange(change(1, 1, 2)))).toEqual(['1.1', '1.2']);
  });

  it('holds later versions until a missing one arrives, and reports the gap meanwhile', () => {
    const sync = new SheetSync(0);
    sync.onJoin({ version: 0, missed: [] });
    expect(applied(sync.onChange(change(2)))).toEqual([]);
    expect(applied(sync.onChange(change(3)))).toEqual([]);
    expect(sync.hasGap).toBe(true);
    expect(applied(sync.onChange(change(1)))).toEqual(['1.1', '2.1', '3.1']);
    expect(sync.hasGap).toBe(false);
  });

  it('fills a gap from a catch-up join', () => {
    const sync = new SheetSync(0);
    sync.onJoin({ version: 0, missed: [] });
    sync.onChange(change(3));
    sync.disconnected();
    expect(applied(sync.onJoin({ version: 3, missed: [change(1), change(2), change(3)] }))).toEqual(['1.1', '2.1', '3.1', 'caught-up']);
  });

  it('asks for a reload when the server says so, and goes on from its version', () => {
    const sync = new SheetSync(0);
    expect(applied(sync.onJoin({ version: 900, reload: true }))).toEqual(['reload']);
    expect(applied(sync.onChange(change(901)))).toEqual(['901.1']);
  });

  it('says when rows are to be read again for what history does not hold: after catching up, and after any rejoin', () => {
    const sync = new SheetSync(4);
    // The first join with nothing missed: the rows just loaded are current.
    expect(applied(sync.onJoin({ version: 4, missed: [] }))).toEqual([]);
    sync.disconnected();
    // Back after a drop: even with no change of this sheet missed, linked values may have moved meanwhile.
    expect(applied(sync.onJoin({ version: 4, missed: [] }))).toEqual(['caught-up']);
    sync.disconnected();
    expect(applied(sync.onJoin({ version: 5, missed: [change(5)] }))).toEqual(['5.1', 'caught-up']);
    // A reload reads everything anyway.
    expect(applied(new SheetSync(0).onJoin({ version: 900, reload: true }))).toEqual(['reload']);
  });
});
