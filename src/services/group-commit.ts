/**
 * Writes items as they arrive, a group per statement. The first item of a group waits up to
 * `lingerMs` for others to join it (as a log's group commit does), and those that arrive while a write
 * runs join the next group. A worker that dies therefore leaves unwritten only the items of the last
 * `lingerMs` and of the write under way, not everything it gathered (as writing a whole batch at its end
 * would); and the number of writes stays low however fast items come.
 */
export class GroupCommit<T> {
  private gathered: T[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  /** Ends the gathering group's linger early (done() has been called: nothing more will join it). */
  private hurry: (() => void) | null = null;

  constructor(
    private readonly write: (group: T[]) => Promise<void>,
    private readonly lingerMs = 0,
  ) {}

  add(item: T): void {
    this.gathered.push(item);
    if (this.gathered.length > 1) return;
    // The first item of a group queues its write behind the one running and its linger; later ones join it.
    this.writing = Promise.all([this.writing, this.linger()]).then(() => this.flush());
  }

  private linger(): Promise<void> {
    if (this.lingerMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        if (this.hurry === end) this.hurry = null;
        resolve();
      };
      const timer = setTimeout(end, this.lingerMs);
      this.hurry = end;
    });
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

  /** Writes what is gathered without lingering; resolves once everything added has been written and
   *  rejects with the first write's failure, if any. */
  async done(): Promise<void> {
    this.hurry?.();
    await this.writing;
    if (this.failure) throw this.failure.error;
  }
}
