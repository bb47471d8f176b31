/**
 * Writes items as they arrive, a group per statement: the first item is written at once, and those
 * that arrive while a write runs are written together by the next one. An item is therefore never
 * kept waiting for items that have not arrived (as writing a whole batch at its end would), and the
 * number of writes still falls as items come faster.
 */
export class GroupCommit<T> {
  private gathered: T[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  constructor(private readonly write: (group: T[]) => Promise<void>) {}

  add(item: T): void {
    this.gathered.push(item);
    // The first item of a group queues its write behind the one running; later ones join it.
    if (this.gathered.length === 1) this.writing = this.writing.then(() => this.flush());
  }

  private async flush(): Promise<void> {
    const group = this.gathered;
    this.gathered = [];
    try {
      await this.write(group);
    } catch (error) {
      this.failure ??= { error };
    }
  }

  /** Resolves once everything added has been written; rejects with the first write's failure, if any. */
  async done(): Promise<void> {
    await this.writing;
    if (this.failure) throw this.failure.error;
  }
}
