/**
 * Edits made while the live connection is down, kept on this device (localStorage: they survive a reload) until they
 * can be sent. Each remembers the value the cell had when it was edited (`base`), so that when it is sent the edit
 * is applied only if nobody else changed that cell meanwhile; otherwise it becomes a conflict for the person to
 * resolve. Several edits of one cell keep the first base and the last value.
 */
export interface QueuedEdit {
  id: string;
  sheetId: string;
  rowId: string;
  columnId: string;
  value: unknown;
  base: unknown;
  at: string;
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
export { same as sameValue };

export class Outbox {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: StorageLike,
    private readonly key: string,
  ) {}

  list(sheetId?: string): QueuedEdit[] {
    let all: QueuedEdit[] = [];
    try {
      all = JSON.parse(this.storage.getItem(this.key) ?? '[]') as QueuedEdit[];
    } catch {
      all = [];
    }
    return sheetId ? all.filter((e) => e.sheetId === sheetId) : all;
  }

  /** Queues an edit (or updates the queued edit of the same cell, keeping its base). Answers the queued edit. */
  add(edit: Omit<QueuedEdit, 'id' | 'at'>): QueuedEdit {
    const all = this.list();
    const existing = all.find((e) => e.sheetId === edit.sheetId && e.rowId === edit.rowId && e.columnId === edit.columnId);
    const next: QueuedEdit = existing
      ? { ...existing, value: edit.value, at: new Date().toISOString() }
      : { ...edit, id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, at: new Date().toISOString() };
    this.save(existing ? all.map((e) => (e.id === existing.id ? next : e)) : [...all, next]);
    return next;
  }

  remove(id: string): void {
    this.save(this.list().filter((e) => e.id !== id));
  }

  /** The queued value of a cell, if it has one. */
  find(sheetId: string, rowId: string, columnId: string): QueuedEdit | undefined {
    return this.list(sheetId).find((e) => e.rowId === rowId && e.columnId === columnId);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private save(all: QueuedEdit[]): void {
    if (all.length) this.storage.setItem(this.key, JSON.stringify(all));
    else this.storage.removeItem(this.key);
    for (const listener of this.listeners) listener();
  }
}
