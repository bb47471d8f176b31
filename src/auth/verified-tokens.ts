/**
 * Tokens verified lately, so that a client sending the same bearer token on every request pays the
 * signature check (RSA/ECDSA) once, not per request. An entry lasts until the token expires or
 * RECHECK_MS have passed, whichever is sooner, so a key withdrawn from the key set stops a token
 * within a minute; entries are keyed by the token's hash and bounded in number (oldest first).
 */
import { createHash } from 'node:crypto';
import type { Identity } from './identity';

const RECHECK_MS = 60_000;
const MAX_ENTRIES = 10_000;

export class VerifiedTokens {
  /** Insertion order is age order. */
  private readonly entries = new Map<string, { identity: Identity; until: number }>();

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  private static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  /** The identity of a token verified lately and not yet expired; null otherwise. */
  get(token: string): Identity | null {
    const key = VerifiedTokens.keyOf(token);
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.until > this.now()) return entry.identity;
    this.entries.delete(key);
    return null;
  }

  /** Remembers a token just verified, whose `exp` (seconds since the epoch) is `expiresAt`. */
  remember(token: string, identity: Identity, expiresAt: number): void {
    const until = Math.min(this.now() + RECHECK_MS, expiresAt * 1000);
    const key = VerifiedTokens.keyOf(token);
    this.entries.delete(key);
    this.entries.set(key, { identity, until });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
