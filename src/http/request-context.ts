/**
 * The context the HTTP layer builds and its plugins use: a Context whose partner session and
 * idempotency key are the full objects.
 */
import type { Context } from '../services/context';
import type { IdempotentRequest } from './idempotency';
import type { PartnerSession } from './partner-reads';

export interface RequestContext extends Context {
  partner?: PartnerSession | null;
  idempotency?: IdempotentRequest | null;
  /**
   * Set for staff when there is a read replica: called once the operation is known to be a query, it
   * gives the context the replica's EntityManager and loaders over it (src/http/graphql-handler.ts).
   * It is given the context: Apollo executes a shallow copy of the one the context function built.
   */
  readFromReplica?: ((context: RequestContext) => void) | null;
}
