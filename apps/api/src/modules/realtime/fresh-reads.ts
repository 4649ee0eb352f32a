/**
 * Reads that must start no earlier than they were asked for, shared per key: while a read of a key is in flight,
 * everyone asking meanwhile shares the next one, started when it ends. A burst of N asks for one key costs about
 * (burst time ÷ read time) reads instead of N, and no answer is older than its question.
 */
export class FreshReads<T> {
  private readonly reads = new Map<string, { running: Promise<T>; next?: Promise<T> }>();

  constructor(private readonly read: (key: string) => Promise<T>) {}

  get(key: string): Promise<T> {
    const entry = this.reads.get(key);
    if (!entry) return this.start(key);
    entry.next ??= entry.running.then(
      () => this.start(key),
      () => this.start(key),
    );
    return entry.next;
  }

  private start(key: string): Promise<T> {
    const entry: { running: Promise<T>; next?: Promise<T> } = { running: this.read(key) };
    this.reads.set(key, entry);
    const done = () => {
      if (this.reads.get(key) === entry) this.reads.delete(key);
    };
    entry.running.then(done, done);
    return entry.running;
  }
}
