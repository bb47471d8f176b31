/**
 * What every resolver and service receives: the caller, the request's EntityManager and its loaders
 * (built per request by src/http/graphql-handler.ts, as a RequestContext).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { Identity } from '../auth/identity';
import type { RowScope } from '../auth/row-scope';
import type { Config } from '../config';
import type { SqlScope } from '../db/sql-counter';
import type { QueueName, EnqueueOptions } from '../integrations/queue/job-queue';
import type { Loaders } from '../read/loaders';
import type { ReadContext } from '../read/read-context';

/** Enqueues a job in the caller's transaction (the job queue). */
export interface Outbox {
  enqueue(tx: EntityManager, queue: QueueName, data: object, options?: EnqueueOptions): Promise<void>;
}

/** A partner's request (src/http/partner-reads.ts): what it read, and a provider's one transaction. */
export interface PartnerRequest {
  readonly reads: { note(info: GraphQLResolveInfo, source: unknown, coordinate: string): void };
  /** The provider's transaction, when one is open: its mutations run inside it (in a savepoint). */
  readonly transaction: EntityManager | null;
  /** For a step the gateway takes on the provider's behalf: row-level security set aside in `tx`. */
  actAsGateway(tx: EntityManager): Promise<void>;
  restoreProviderScope(tx: EntityManager): Promise<void>;
}

/** The request's `Idempotency-Key` (src/http/idempotency.ts): marked in the mutation's transaction. */
export interface IdempotencyMark {
  markCommitted(tx: EntityManager): Promise<void>;
}

export interface Context extends ReadContext {
  requestId: string;
  /** Null only until authentication has run; resolvers never see null (the auth checker refuses first). */
  identity: Identity | null;
  em: EntityManager;
  /** Which rows the caller may read: every read and every row lock goes through it. */
  scope: RowScope;
  loaders: Loaders;
  config: Config;
  sql: SqlScope;
  /** The clock (tests set it to make "today" fixed). */
  now: () => Date;
  outbox: Outbox;
  /**
   * A partner's request: what it read (audited before the response leaves) and a provider's
   * transaction; null for staff.
   */
  partner?: PartnerRequest | null;
  /** Its metrics label (src/http/metrics.ts), given once its operation is resolved; until then null. */
  operationLabel?: { value: string | null };
  /** The request's `Idempotency-Key`, when it has one: each mutation marks it in its transaction. */
  idempotency?: IdempotencyMark | null;
}

/** A context whose caller is known. */
export interface AuthenticatedContext extends Context {
  identity: Identity;
}
