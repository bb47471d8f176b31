/**
 * A bounded cache, least recently used dropped first (a Map iterates in insertion order, so its first
 * key is the least recently used), whose entries may also carry an expiry. One home for the caches
 * on the request path: compiled operations, verified tokens, known subjects.
 */
export class Lru<V> {
  private readonly map = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The value, if present and not expired (it becomes the most recently used). */
  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    if (entry.until !== Infinity && entry.until <= this.now()) return undefined;
    this.map.set(key, entry);
    return entry.value;
  }

  /** Stores `value` until `until` (ms since the epoch; default never); beyond the limit the least recent goes. */
  set(key: string, value: V, until = Infinity): void {
    this.map.delete(key);
    this.map.set(key, { value, until });
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}
