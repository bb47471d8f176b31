/**
 * The rules of a mutation's `Idempotency-Key` (SPEC §6), without I/O: what a key may look like, when
 * two requests are the same, and what a key already held means for a request that arrives with it.
 */
import { createHash } from 'node:crypto';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Refusals of a request because of its key; each is its own `extensions.code` (src/graphql/errors.ts). */
export enum IdempotencyErrorCode {
  /** The header is not 1–255 printable ASCII characters: HTTP 400. */
  INVALID = 'IDEMPOTENCY_KEY_INVALID',
  /** The key was first sent with a different request: HTTP 422, never retry with this key. */
  REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** A request with this key is still running: HTTP 409 with `Retry-After`, retry with the same key. */
  IN_USE = 'IDEMPOTENCY_KEY_IN_USE',
  /** The change was made but its answer was lost (a crash in between): HTTP 409, never run again. */
  ALREADY_COMMITTED = 'IDEMPOTENCY_KEY_ALREADY_COMMITTED',
}

const STATUS: Record<IdempotencyErrorCode, number> = {
  [IdempotencyErrorCode.INVALID]: 400,
  [IdempotencyErrorCode.REUSED]: 422,
  [IdempotencyErrorCode.IN_USE]: 409,
  [IdempotencyErrorCode.ALREADY_COMMITTED]: 409,
};

const MESSAGE: Record<IdempotencyErrorCode, string> = {
  [IdempotencyErrorCode.INVALID]: `the ${IDEMPOTENCY_HEADER} header must be 1 to 255 printable ASCII characters`,
  [IdempotencyErrorCode.REUSED]: `this ${IDEMPOTENCY_HEADER} was already used for a different request: use a new key`,
  [IdempotencyErrorCode.IN_USE]: `a request with this ${IDEMPOTENCY_HEADER} is still running: retry with it shortly`,
  [IdempotencyErrorCode.ALREADY_COMMITTED]:
    `the mutation sent with this ${IDEMPOTENCY_HEADER} was made, but its answer was lost: ` +
    'it will not be made again; read the current state instead',
};

/** A retry the client can make: seconds to wait before it (`Retry-After`). */
const RETRY_AFTER_SECONDS = 1;

export class IdempotencyError extends Error {
  constructor(
    readonly code: IdempotencyErrorCode,
    message = MESSAGE[code],
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }

  /** Set only when retrying with the same key can succeed. */
  get retryAfterSeconds(): number | null {
    return this.code === IdempotencyErrorCode.IN_USE ? RETRY_AFTER_SECONDS : null;
  }
}

/** The key as sent, when it is 1–255 printable ASCII characters; otherwise an `INVALID` refusal. */
export function checkKey(raw: string): string {
  if (!/^[\x20-\x7e]{1,255}$/.test(raw)) throw new IdempotencyError(IdempotencyErrorCode.INVALID);
  return raw;
}

/** JSON with object keys in order, so that `{a, b}` and `{b, a}` are the same variables. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface GraphQLRequestText {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

/** sha256 (hex) of what makes a request this request: its query text, operation name and variables. */
export function requestHash(request: GraphQLRequestText): string {
  const text = canonical([request.query, request.operationName ?? null, request.variables ?? {}]);
  return createHash('sha256').update(text).digest('hex');
}

/** A key already held, as a request arriving with it finds it. */
export interface HeldKey {
  /** The request hashes alike. */
  sameRequest: boolean;
  /** The change of the request that holds it has committed. */
  committed: boolean;
  /** Its answer is stored. */
  answered: boolean;
  /** Its holder is taken to be still running. */
  locked: boolean;
}

/** Replay the stored answer; claim the key (its holder died before committing); or refuse. */
export type KeyDecision = 'REPLAY' | 'CLAIM' | IdempotencyErrorCode;

export function decide(held: HeldKey): KeyDecision {
  if (!held.sameRequest) return IdempotencyErrorCode.REUSED;
  if (held.answered) return 'REPLAY';
  if (held.locked) return IdempotencyErrorCode.IN_USE;
  if (held.committed) return IdempotencyErrorCode.ALREADY_COMMITTED;
  return 'CLAIM';
}
