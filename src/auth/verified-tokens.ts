/**
 * Tokens verified lately, so that a client sending the same bearer token on every request pays the
 * signature check (RSA/ECDSA) once, not per request. An entry lasts until the token expires or
 * RECHECK_MS have passed, whichever is sooner, so a key withdrawn from the key set stops a token
 * within a minute; entries are keyed by the token's hash and bounded in number (src/lru.ts).
 */
import { createHash } from 'node:crypto';
import { Lru } from '../lru';
import type { Identity } from './identity';

const RECHECK_MS = 60_000;
const MAX_ENTRIES = 10_000;

export class VerifiedTokens {
  private readonly entries: Lru<Identity>;

  constructor(
    private readonly now: () => number = () => Date.now(),
    maxEntries = MAX_ENTRIES,
  ) {
    this.entries = new Lru(maxEntries, now);
  }

  private static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  /** The identity of a token verified lately and not yet expired; null otherwise. */
  get(token: string): Identity | null {
    return this.entries.get(VerifiedTokens.keyOf(token)) ?? null;
  }

  /** Remembers a token just verified, whose `exp` (seconds since the epoch) is `expiresAt`. */
  remember(token: string, identity: Identity, expiresAt: number): void {
    this.entries.set(VerifiedTokens.keyOf(token), identity, Math.min(this.now() + RECHECK_MS, expiresAt * 1000));
  }
}
