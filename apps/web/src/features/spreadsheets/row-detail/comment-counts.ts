import type { CommentAction } from '@contrivance/contracts';

/**
 * How many comments the rows the grid has loaded have: read with each block of rows, moved by comment events. The grid
 * draws the count beside each row's expand button; rows never loaded are not tracked.
 */
export class CommentCounts {
  private readonly counts = new Map<string, number>();
  /** Comments seen created by this tab whose socket event may still come (the event must not count them twice). */
  private readonly seen = new Set<string>();

  get(rowId: string): number {
    return this.counts.get(rowId) ?? 0;
  }

  /** The counts read for a block of rows (rows left out have none). */
  loaded(rowIds: readonly string[], counts: Record<string, number>): void {
    for (const id of rowIds) this.counts.set(id, counts[id] ?? 0);
  }

  /** A comment created or deleted (edits change no count); answers whether the row's count moved. */
  apply(action: CommentAction, rowId: string, commentId: string): boolean {
    if (action === 'updated' || !this.counts.has(rowId)) return false;
    const key = `${action}:${commentId}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.counts.set(rowId, Math.max(0, this.get(rowId) + (action === 'created' ? 1 : -1)));
    return true;
  }
}
