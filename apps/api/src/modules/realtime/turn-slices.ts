/** Sockets written per turn of the event loop; a larger room's delivery goes on in the next turns. */
export const SOCKETS_PER_TURN = 500;

interface Pending<T> {
  readonly recipients: readonly string[];
  readonly item: T;
  next: number;
}

/**
 * Items for lists of recipients, written at most `perTurn` recipients per turn of the event loop, in the order they
 * were queued (so each recipient gets them in that order). A delivery to 5,000 sockets would otherwise hold the loop
 * for its whole length, and every edit's transaction, ack and socket read behind it; here they run between slices.
 * Whatever is queued while the loop is idle starts at once: a small room gets its item in the same turn.
 */
export class TurnSlices<T> {
  private readonly pending: Pending<T>[] = [];
  private scheduled = false;

  constructor(
    /** Writes `item` to `recipients` (a slice of the list it was queued for). */
    private readonly write: (recipients: readonly string[], item: T) => void,
    /** Told of a slice whose write threw; the slice is lost to those recipients, the rest goes on. */
    private readonly failed: (error: unknown, item: T) => void,
    private readonly perTurn = SOCKETS_PER_TURN,
  ) {}

  /** Queues each item for the same recipients (a snapshot: later changes to the list are not seen). */
  push(recipients: readonly string[], items: readonly T[]): void {
    for (const item of items) this.pending.push({ recipients, item, next: 0 });
    if (!this.scheduled) this.drain();
  }

  /** Items not yet written to all their recipients. */
  get backlog(): number {
    return this.pending.length;
  }

  /**
   * Writes one turn's worth. A write that throws is reported and the drain goes on: this runs from a timer in later
   * turns, where an escaped error would end the process, and one bad slice must not hold up everything queued after it.
   */
  private drain(): void {
    this.scheduled = false;
    let budget = this.perTurn;
    while (this.pending.length && budget > 0) {
      const head = this.pending[0];
      const slice = head.recipients.slice(head.next, head.next + budget);
      head.next += slice.length;
      // An empty list costs one too: a long run of them still leaves the loop its turn.
      budget -= Math.max(slice.length, 1);
      if (head.next >= head.recipients.length) this.pending.shift();
      if (slice.length) this.writeSlice(slice, head.item);
    }
    if (this.pending.length) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private writeSlice(recipients: readonly string[], item: T): void {
    try {
      this.write(recipients, item);
    } catch (error) {
      try {
        this.failed(error, item);
      } catch {
        // Reporting is best effort; the drain must go on.
      }
    }
  }
}
