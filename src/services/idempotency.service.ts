/**
 * Idempotency keys of mutations (SPEC §6) in three steps, so that a key never lets a mutation run twice:
 * `claim` before the mutation runs (its own statement, committed at once); `markCommitted` inside the
 * mutation's own transaction, so that the change and the mark commit together or not at all; `answer`
 * once the response is built, which stores it for replay (or frees the key when nothing was changed).
 * Times are the database's clock: they measure real time, not the business day the request runs on.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { decide, IdempotencyError, IdempotencyErrorCode } from '../domain/idempotency';

/** How long a claim holds off duplicates before its holder is taken to have died. */
export const CLAIM_LOCK_SECONDS = 60;
/** Expired keys deleted, at most, before each claim: bounded work per request. */
const PURGE_BATCH = 100;
/** A key freed or unlocked between our statements is looked at again, a few times. */
const ATTEMPTS = 3;

export interface Caller {
  role: string;
  subject: string;
}

/** A key this request holds: `claim` names this execution (a takeover replaces it). */
export interface KeyClaim {
  caller: Caller;
  key: string;
  claim: string;
}

/** What a request may send again: the answer as it was sent. */
export interface StoredAnswer {
  status: number;
  body: string;
}

export type ClaimOutcome = { kind: 'claimed'; claim: KeyClaim } | { kind: 'replay'; answer: StoredAnswer };

const WHERE_MINE = 'caller_role = $1 AND caller_subject = $2 AND key = $3 AND claim = $4';

/**
 * A new key is inserted; a key held by nobody any more is taken: expired (forgotten), or left by a
 * holder that died before committing the same request. Either way its answer and mark are cleared.
 */
const CLAIM_SQL = `
  INSERT INTO idempotency_keys AS k (caller_role, caller_subject, key, request_hash, claim, locked_until, expires_at)
  VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6::float8), now() + make_interval(secs => $7::float8))
  ON CONFLICT (caller_role, caller_subject, key) DO UPDATE
    SET request_hash = EXCLUDED.request_hash, claim = EXCLUDED.claim, locked_until = EXCLUDED.locked_until,
        expires_at = EXCLUDED.expires_at, created_at = now(), committed_at = NULL,
        response_status = NULL, response_body = NULL
    WHERE k.locked_until <= now()
      AND (k.expires_at <= now() OR (k.committed_at IS NULL AND k.request_hash = EXCLUDED.request_hash))
  RETURNING k.claim`;

const HELD_SQL = `
  SELECT request_hash = $4 AS "sameRequest", committed_at IS NOT NULL AS committed,
         response_status AS status, response_body AS body, locked_until > now() AS locked
  FROM idempotency_keys WHERE caller_role = $1 AND caller_subject = $2 AND key = $3`;

/**
 * Taken in the mutation's transaction: the change commits with this mark. A second mutation field of
 * the same request keeps the first mark. While the transaction commits and the answer is stored,
 * duplicates are held off (the lock runs from now, not from the claim).
 */
const MARK_SQL = `
  WITH marked AS (
    UPDATE idempotency_keys
    SET committed_at = coalesce(committed_at, now()),
        locked_until = greatest(locked_until, clock_timestamp() + make_interval(secs => $5::float8))
    WHERE ${WHERE_MINE} RETURNING 1
  ) SELECT count(*)::int AS n FROM marked`;

/** A committed key keeps its answer (null: lost, never replayed); an uncommitted one is freed. */
const ANSWER_SQL = `
  WITH answered AS (
    UPDATE idempotency_keys SET response_status = $5, response_body = $6, locked_until = now()
    WHERE ${WHERE_MINE} AND committed_at IS NOT NULL RETURNING 1
  ) DELETE FROM idempotency_keys WHERE ${WHERE_MINE} AND committed_at IS NULL`;

const PURGE_SQL = `
  DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
    SELECT ctid FROM idempotency_keys WHERE expires_at <= now() AND locked_until <= now()
    LIMIT $1 FOR UPDATE SKIP LOCKED))`;

interface HeldRow {
  sameRequest: boolean;
  committed: boolean;
  status: number | null;
  body: string | null;
  locked: boolean;
}

/** The idempotency-key table's rules; statements run on the manager given (the pool, or the mutation's `tx`). */
export class IdempotencyService {
  /**
   * Before the mutation runs: the key is this request's to run under, or its stored answer is
   * replayed, or the request is refused (`IdempotencyError`). Keys expire after `ttlHours`.
   */
  async claim(em: EntityManager, caller: Caller, key: string, hash: string, ttlHours: number): Promise<ClaimOutcome> {
    const mine: KeyClaim = { caller, key, claim: randomUUID() };
    const id = [caller.role, caller.subject, key];
    // First: a purge that fails (the database going away) must not follow a claim taken, which then no
    // one would hold, and the key would turn its client's retries away for the whole lock.
    await this.purgeExpired(em);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const claimed: unknown[] = await em.query(CLAIM_SQL, [
        ...id,
        hash,
        mine.claim,
        CLAIM_LOCK_SECONDS,
        ttlHours * 3600,
      ]);
      if (claimed.length > 0) return { kind: 'claimed', claim: mine };
      const [held]: HeldRow[] = await em.query(HELD_SQL, [...id, hash]);
      if (!held) continue; // freed by its holder meanwhile: claim again
      const decision = decide({ ...held, answered: held.status !== null && held.body !== null });
      if (decision === 'REPLAY') return { kind: 'replay', answer: { status: held.status!, body: held.body! } };
      if (decision !== 'CLAIM') throw new IdempotencyError(decision);
    }
    throw new IdempotencyError(IdempotencyErrorCode.IN_USE);
  }

  /** In the mutation's transaction, before it commits. Throws (rolling the change back) when the key was taken over. */
  async markCommitted(tx: EntityManager, mine: KeyClaim): Promise<void> {
    const [{ n }]: { n: number }[] = await tx.query(MARK_SQL, [...this.params(mine), CLAIM_LOCK_SECONDS]);
    if (n === 0) {
      throw new IdempotencyError(
        IdempotencyErrorCode.IN_USE,
        'another request with this Idempotency-Key took it over: this one changed nothing',
      );
    }
  }

  /**
   * After the response is built (and a provider's transaction has ended): the answer to replay, when
   * the change committed; `null` when it cannot be replayed. A key whose request changed nothing is freed.
   */
  async answer(em: EntityManager, mine: KeyClaim, answer: StoredAnswer | null): Promise<void> {
    await em.query(ANSWER_SQL, [...this.params(mine), answer?.status ?? null, answer?.body ?? null]);
  }

  /** Deletes up to `limit` expired keys no one holds; returns how many. */
  async purgeExpired(em: EntityManager, limit = PURGE_BATCH): Promise<number> {
    const result: unknown = await em.query(PURGE_SQL, [limit]);
    // TypeORM answers a DELETE with [rows, count].
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  private params(mine: KeyClaim): string[] {
    return [mine.caller.role, mine.caller.subject, mine.key, mine.claim];
  }
}
