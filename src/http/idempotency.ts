/**
 * `Idempotency-Key` on `/graphql` (SPEC §6). A request that carries the header gets an
 * `IdempotentRequest` in its context. Once Apollo knows the operation is a mutation (the plugin's
 * `didResolveOperation`), the key is claimed for the caller, or the first answer is replayed
 * (`responseForOperation`), or the request is refused; a query ignores the header. The mutation's
 * transaction marks the key committed (src/services/mutation.ts), and the handler stores the answer
 * once the request's own transaction, if any, has ended (src/http/graphql-handler.ts) — or, when
 * the database went away meanwhile, as soon as it is back.
 */
import type { IncomingMessage } from 'node:http';
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse, type HTTPGraphQLResponse } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { Identity } from '../auth/identity';
import { checkKey, IdempotencyError, requestHash, type GraphQLRequestText } from '../domain/idempotency';
import type { RequestContext } from './request-context';
import type { Logger } from '../logger';
import { isConnectionError, untilReachable } from '../db/connection-errors';
import {
  CLAIM_LOCK_SECONDS,
  type IdempotencyService,
  type KeyClaim,
  type StoredAnswer,
} from '../services/idempotency.service';

/** Set on a replayed answer, so a client can tell (the body is the first answer's, byte for byte). */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** One request's key: what it holds, or the answer it replays. */
export class IdempotentRequest {
  private held: KeyClaim | null = null;
  private replay: StoredAnswer | null = null;

  private constructor(
    private readonly service: IdempotencyService,
    /** The pool's manager: the claim and the answer are statements of their own, outside any transaction. */
    private readonly em: EntityManager,
    private readonly header: string,
    private readonly ttlHours: number,
  ) {}

  /** Null when the request has no `Idempotency-Key` header. */
  static of(
    req: IncomingMessage,
    service: IdempotencyService,
    em: EntityManager,
    ttlHours: number,
  ): IdempotentRequest | null {
    // Node joins repeated lines of a header with ", ", as HTTP does.
    const header = req.headers['idempotency-key'];
    if (header === undefined) return null;
    return new IdempotentRequest(service, em, Array.isArray(header) ? header.join(', ') : header, ttlHours);
  }

  /** A mutation is about to run: claim its key, or find the answer to replay; refusals throw `IdempotencyError`. */
  async begin(identity: Identity, request: GraphQLRequestText): Promise<void> {
    const key = checkKey(this.header);
    const caller = { role: identity.role, subject: identity.subject };
    const outcome = await this.service.claim(this.em, caller, key, requestHash(request), this.ttlHours);
    if (outcome.kind === 'replay') this.replay = outcome.answer;
    else this.held = outcome.claim;
  }

  /** The first answer, when this request repeats one (Apollo sends it instead of executing). */
  replayed(): GraphQLResponse | null {
    if (!this.replay) return null;
    return {
      http: { status: this.replay.status, headers: new HeaderMap([[REPLAYED_HEADER, 'true']]) },
      body: { kind: 'single', singleResult: JSON.parse(this.replay.body) },
    };
  }

  /** Inside each mutation's transaction (src/services/mutation.ts): the change commits with the mark. */
  async markCommitted(tx: EntityManager): Promise<void> {
    if (this.held) await this.service.markCommitted(tx, this.held);
  }

  /**
   * After the response is built and the request's transaction ended: the answer is stored when the
   * change committed (a server error's is not: a retry is told the change was made), else the key is
   * freed. Never throws: a response whose change committed must still reach its client.
   */
  async finish(response: HTTPGraphQLResponse | null, logger: Logger, requestId: string): Promise<void> {
    const held = this.held;
    if (!held) return;
    this.held = null;
    const status = response?.status ?? 200;
    const answer = response?.body.kind === 'complete' && status < 500 ? { status, body: response.body.string } : null;
    try {
      await this.service.answer(this.em, held, answer);
    } catch (error) {
      logger.warn({ err: error, requestId }, 'the answer to an idempotency key was not stored');
      // Left so, the key would turn away its client's retries for the whole lock, long after the database is back.
      if (isConnectionError(error)) void this.answerOnceBack(held, answer, logger, requestId);
    }
  }

  /** In the background: stores the answer (or frees the key) once the database answers again, within the lock. */
  private async answerOnceBack(
    held: KeyClaim,
    answer: StoredAnswer | null,
    logger: Logger,
    requestId: string,
  ): Promise<void> {
    const deadline = Date.now() + CLAIM_LOCK_SECONDS * 1000;
    try {
      await untilReachable(() => this.service.answer(this.em, held, answer), { deadline, maxPauseMs: 1_000 });
      logger.info({ requestId }, 'the answer to an idempotency key was stored once the database was back');
    } catch (error) {
      logger.warn({ err: error, requestId }, 'the answer to an idempotency key was not stored');
    }
  }
}

/** The error Apollo sends for a refusal: its HTTP status and, for a retryable one, `Retry-After`. */
function refusal(error: IdempotencyError): GraphQLError {
  const headers = new HeaderMap();
  if (error.retryAfterSeconds !== null) headers.set('retry-after', String(error.retryAfterSeconds));
  // The code is for the error metrics (counted before formatting); src/graphql/errors.ts sets the one sent.
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, http: { status: error.status, headers } },
  });
}

export function idempotencyPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue, request, source }) {
          const idempotent = contextValue.idempotency;
          if (!idempotent || operation?.operation !== 'mutation' || !contextValue.identity) return;
          try {
            await idempotent.begin(contextValue.identity, {
              query: source,
              operationName: request.operationName ?? null,
              variables: request.variables ?? null,
            });
          } catch (error) {
            throw error instanceof IdempotencyError ? refusal(error) : error;
          }
        },
        async responseForOperation({ contextValue }) {
          return contextValue.idempotency?.replayed() ?? null;
        },
      };
    },
  };
}
