/**
 * The boundary of every mutation (STYLE §3, §11): one transaction, opened here; everything inside
 * uses its EntityManager. `Problems` thrown inside roll it back and come out as payload errors.
 */
import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { londonDate, type CalendarDate } from '../domain/calendar-date';
import { Problems, UserErrorCode, type UserErrorData } from '../domain/problems';
import type { Config } from '../config';
import { SYSTEM, type Actor } from './audit.service';
import type { AuthenticatedContext, Outbox } from './context';
import type { Complaint } from '../entities';
import { forgetLoaded } from '../read/loaders';
import type { RowScope } from '../auth/row-scope';
import type { UserWarningData } from '../domain/warnings';

/** What writing needs: a transaction, who is acting, and the clock. Workers have this too. */
export interface WriteContext {
  tx: EntityManager;
  actor: Actor;
  now: () => Date;
  /** Europe/London date of the change. */
  today: CalendarDate;
  /** The outbox: notifications and their jobs are written in the same transaction. */
  outbox: Outbox;
  config: Config;
  /** The caller's row scope; absent for the gateway's own work (workers), which may touch any row. */
  scope?: RowScope;
  /**
   * In a provider's mutation: ends row-level security's provider scope for the rest of the mutation,
   * once the provider's own rows have been found under it (see PartnerSession.actAsGateway).
   */
  actAsGateway?: () => Promise<void>;
}

/** The gateway's own writing (jobs, delivery, tests of them): the system as actor, on `clock`. */
export function systemWrite(tx: EntityManager, clock: () => Date, outbox: Outbox, config: Config): WriteContext {
  return { tx, actor: SYSTEM, now: clock, today: londonDate(clock()), outbox, config };
}

/**
 * What a service method of a mutation receives: the request plus its transaction. Not the request's
 * reading EntityManager or its loaders: everything a mutation reads and writes goes through `tx`.
 */
export interface TxContext extends Omit<AuthenticatedContext, 'em' | 'loaders'>, WriteContext {
  now: () => Date;
  config: Config;
  scope: RowScope;
}

export interface MutationResult<T> {
  value: T | null;
  errors: UserErrorData[];
}

/** What a complaint mutation's service returns. */
export interface ComplaintChange {
  complaint: Complaint;
  warnings?: UserWarningData[];
}

export async function runMutation<T>(
  ctx: AuthenticatedContext,
  work: (t: TxContext) => Promise<T>,
): Promise<MutationResult<T>> {
  const started = ctx.now();
  const { em, loaders, ...request } = ctx;
  const base = { ...request, actor: { id: ctx.identity.subject, role: ctx.identity.role }, today: londonDate(started) };
  // A provider's request already runs in its own transaction (row-level security): its mutation is a savepoint of it.
  const partner = ctx.partner;
  const providerTransaction = partner?.transaction;
  try {
    const value =
      partner && providerTransaction
        ? await providerTransaction.transaction(async (tx) => {
            const value = await work({ ...base, tx, actAsGateway: () => partner.actAsGateway(tx) });
            await ctx.idempotency?.markCommitted(tx);
            // What the payload reads after the change is read under the provider's scope again (a failed
            // mutation's savepoint rollback restores the setting by itself).
            await partner.restoreProviderScope(tx);
            return value;
          })
        : await em.connection.transaction(async (tx) => {
            const value = await work({ ...base, tx });
            // The request's Idempotency-Key is marked in this transaction: it commits with the change.
            await ctx.idempotency?.markCommitted(tx);
            return value;
          });
    // What the request's loaders cached before the change is stale now.
    forgetLoaded(loaders);
    return { value, errors: [] };
  } catch (error) {
    if (error instanceof Problems) return { value: null, errors: error.errors };
    if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '40001') {
      return {
        value: null,
        errors: [
          {
            code: UserErrorCode.CONFLICT,
            field: null,
            message: 'someone else changed this at the same time: try again',
          },
        ],
      };
    }
    throw error;
  }
}
