/** What every resolver receives: the caller, the request's EntityManager and its loaders. */
import type { EntityManager } from 'typeorm';
import type { Identity } from '../auth/identity';
import type { RowScope } from '../auth/row-scope';
import type { IdempotentRequest } from '../http/idempotency';
import type { PartnerSession } from '../http/partner-reads';
import type { Config } from '../config';
import type { SqlScope } from '../db/sql-counter';
import type { QueueName, EnqueueOptions } from '../integrations/queue/job-queue';
import type { Loaders } from './loaders';

/** Enqueues a job in the caller's transaction (the job queue). */
export interface Outbox {
  enqueue(tx: EntityManager, queue: QueueName, data: object, options?: EnqueueOptions): Promise<void>;
}

export interface Context {
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
  partner?: PartnerSession | null;
  /** Its metrics label (src/http/metrics.ts), given once its operation is resolved; until then null. */
  operationLabel?: { value: string | null };
  /** The request's `Idempotency-Key`, when it has one: each mutation marks it in its transaction. */
  idempotency?: IdempotentRequest | null;
}

/** A context whose caller is known. */
export interface AuthenticatedContext extends Context {
  identity: Identity;
}
