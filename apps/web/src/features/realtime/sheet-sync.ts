import type { SheetChange } from '@contrivance/contracts';

/**
 * What to do with the rows shown: apply complete versions; reload them (too much was missed); or, after a join that
 * caught up on missed changes (or any join after the first), read them again for the values that history does not
 * hold (formula values, and link, lookup and rollup values, which move with other sheets' rows).
 */
export type SyncAction = { type: 'apply'; changes: SheetChange[] } | { type: 'reload' } | { type: 'caught-up' };

/**
 * Puts a sheet's change events in order, once each: versions are gap-free, the changes of one version arrive as
 * parts 1..n, and events may come twice (replay and broadcast overlap after a join) or out of order (instances
 * commit independently). Complete versions are released strictly in order; a hole is reported by `hasGap` so the
 * caller can catch up with `join { sinceVersion: version }` if it does not fill by itself.
 */
export class SheetSync {
  private last: number;
  private joined = false;
  private joinedBefore = false;
  private readonly early: SheetChange[] = [];
  private readonly pending = new Map<number, Map<number, SheetChange>>();

  constructor(initialVersion: number) {
    this.last = initialVersion;
  }

  /** The last version applied in full. */
  get version(): number {
    return this.last;
  }

  /** Changes are waiting for an earlier version that has not arrived. */
  get hasGap(): boolean {
    return this.pending.size > 0;
  }

  /** The connection dropped: events until the next join are not trusted to be complete. */
  disconnected(): void {
    this.joined = false;
  }

  /** The answer to a join: replays what was missed (or asks for a reload), then what arrived meanwhile. */
  onJoin(ack: { version: number; missed?: SheetChange[]; reload?: boolean }): SyncAction[] {
    const actions: SyncAction[] = [];
    if (ack.reload) {
      this.pending.clear();
      this.early.length = 0;
      this.last = ack.version;
      actions.push({ type: 'reload' });
    } else {
      for (const change of ack.missed ?? []) actions.push(...this.take(change));
      if (this.joinedBefore || ack.missed?.length) actions.push({ type: 'caught-up' });
    }
    this.joined = true;
    this.joinedBefore = true;
    for (const change of this.early.splice(0)) actions.push(...this.take(change));
    return actions;
  }

  /** One broadcast `change` event. */
  onChange(change: SheetChange): SyncAction[] {
    if (!this.joined) {
      this.early.push(change);
      return [];
    }
    return this.take(change);
  }

  private take(change: SheetChange): SyncAction[] {
    if (change.version <= this.last) return [];
    const parts = this.pending.get(change.version) ?? new Map<number, SheetChange>();
    parts.set(change.part, change);
    this.pending.set(change.version, parts);
    const actions: SyncAction[] = [];
    for (;;) {
      const next = this.pending.get(this.last + 1);
      const first = next?.values().next().value;
      if (!next || !first || next.size < first.parts) break;
      this.pending.delete(this.last + 1);
      this.last += 1;
      actions.push({ type: 'apply', changes: [...next.values()].sort((a, b) => a.part - b.part) });
    }
    return actions;
  }
}
