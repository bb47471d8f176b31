/**
 * Whether an error means "the database cannot be reached right now" (stopped, restarting, a
 * connection cut or refused, the pool exhausted) rather than a bad statement: the one test the
 * request path (HTTP 503, SERVICE_UNAVAILABLE) and the workers (try again) share.
 */
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/** SQLSTATEs of an unavailable server: class 08 (connection exception) and these. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: the connection was terminated (pg_terminate_backend, fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Messages of node-postgres and TypeORM for a connection that is gone or never came. */
const GONE = new RegExp(
  [
    'Connection terminated',
    'timeout exceeded when trying to connect',
    'not queryable',
    'Cannot use a pool after calling end',
    'Connection is not established',
    'Query read timeout',
  ].join('|'),
  'i',
);

/**
 * TypeORM releases a query runner (a transaction's, a provider's request's) the moment its connection
 * reports an error, such as being terminated; the statements that follow on it throw these. The
 * gateway releases a runner only once its work is over, so here they mean the connection was lost.
 */
const RELEASED_WITH_ITS_CONNECTION = [QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError];

export function isConnectionError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (RELEASED_WITH_ITS_CONNECTION.some((type) => error instanceof type)) return true;
  const e = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string' && (e.code.startsWith('08') || UNAVAILABLE_STATES.has(e.code))) return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && GONE.test(e.message)) return true;
  // TypeORM wraps the driver's error, GraphQL the resolver's or plugin's, AggregateError several attempts.
  const inner = [e.driverError, e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((cause) => isConnectionError(cause, depth + 1));
}

export interface UntilReachable {
  /** When to give up (`Date.now()` milliseconds): the last failure is thrown. */
  deadline: number;
  /** The longest pause between attempts (pauses double from 250 ms). */
  maxPauseMs: number;
  /** Waits between attempts (one that ends early when its owner stops); a plain timer by default. */
  sleep?: (ms: number) => Promise<void>;
  /** Whether to go on trying (false once the owner stops). */
  going?: () => boolean;
}

const pauseFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs `work`, and again while the database cannot be reached, until `deadline`: for what must be
 * recorded once the database is back (an outcome already sent, a key's answer), not for requests.
 * Any other failure, or the last one, is thrown.
 */
export async function untilReachable<T>(work: () => Promise<T>, o: UntilReachable): Promise<T> {
  for (let pause = 250; ; pause = Math.min(pause * 2, o.maxPauseMs)) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionError(error) || !(o.going?.() ?? true) || Date.now() + pause > o.deadline) throw error;
      await (o.sleep ?? pauseFor)(pause);
    }
  }
}
