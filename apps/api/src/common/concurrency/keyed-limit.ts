/** Thrown when a KeyedLimit cannot take more work for a key (its queue is full, or the wait ran out). */
export class LimitBusyError extends Error {
  constructor(readonly reason: 'full' | 'timeout') {
    super(reason === 'full' ? 'too much work queued' : 'waited too long for a turn');
    this.name = 'LimitBusyError';
  }
}

interface Waiter {
  start(): void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  active: number;
  queue: Waiter[];
}

/**
 * At most `perKey` tasks run at once for each key; more wait in order (at most `maxQueued` of them, each at most
 * `waitMs`), in memory, holding nothing else. Used so that work piling up on one key (writers of one busy sheet, one
 * user's uploads) waits here instead of in the database pool, where it would starve every other key.
 */
export class KeyedLimit {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly options: { perKey: number; maxQueued?: number; waitMs?: number }) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  /** Tasks running and waiting for a key (for tests and metrics). */
  load(key: string): { active: number; queued: number } {
    const slot = this.slots.get(key);
    return { active: slot?.active ?? 0, queued: slot?.queue.length ?? 0 };
  }

  private acquire(key: string): Promise<void> {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { active: 0, queue: [] }));
    if (slot.active < this.options.perKey) {
      slot.active += 1;
      return Promise.resolve();
    }
    if (slot.queue.length >= (this.options.maxQueued ?? Infinity)) return Promise.reject(new LimitBusyError('full'));
    const queue = slot.queue;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { start: resolve };
      if (this.options.waitMs !== undefined) {
        waiter.timer = setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          this.dropIfIdle(key);
          reject(new LimitBusyError('timeout'));
        }, this.options.waitMs);
      }
      queue.push(waiter);
    });
  }

  private release(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    const next = slot.queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.start(); // the turn passes on: `active` stays the same
      return;
    }
    slot.active -= 1;
    this.dropIfIdle(key);
  }

  private dropIfIdle(key: string): void {
    const slot = this.slots.get(key);
    if (slot && !slot.active && !slot.queue.length) this.slots.delete(key);
  }
}
