/**
 * The per-caller rate limit: a token bucket per authenticated subject (per client address for a
 * request that is not authenticated), holding a minute's worth of requests and refilled
 * continuously. In this process only: each replica counts the requests it serves.
 */
import { rateLimited } from '../graphql/errors';

interface Bucket {
  tokens: number;
  /** When `tokens` was worked out (ms). */
  at: number;
}

/** Below this many buckets, none is ever dropped. */
const SWEEP_FLOOR = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = SWEEP_FLOOR;

  /** `perMinute` 0: no limit. */
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts one request of `key`: 0 when it may go on, else the whole seconds until it could. */
  take(key: string): number {
    if (this.perMinute === 0) return 0;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    const wait = bucket.tokens < 1 ? Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) : 0;
    if (wait === 0) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.sweepAt) this.sweep(now);
    return wait;
  }

  /** Throws RATE_LIMITED (HTTP 429, Retry-After) when `key` is over its limit. */
  check(key: string): void {
    const wait = this.take(key);
    if (wait > 0) throw rateLimited(wait);
  }

  /** How many callers' buckets are held. */
  get tracked(): number {
    return this.buckets.size;
  }

  private get perMs(): number {
    return this.perMinute / 60_000;
  }

  /** Drops the buckets that have filled up again (as good as absent); the next sweep waits for twice as many. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
    this.sweepAt = Math.max(SWEEP_FLOOR, 2 * this.buckets.size);
  }
}
