/**
 * `/graphql`: each request gets its own SQL statement scope, an authenticated identity, a read
 * session built once (a provider's own transaction, its row scope, its loaders), and for a partner
 * the audit of what it read before the answer leaves. Then it is measured and logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { AuthError, type Identity } from '../auth/identity';
import { RowScope } from '../auth/row-scope';
import type { SubjectDirectory } from '../auth/subjects';
import { KeySetUnavailable, verifyBearer, type TokenVerifier } from '../auth/tokens';
import type { Config } from '../config';
import { withSqlScope, type SqlScope } from '../db/sql-counter';
import type { Outbox } from '../services/context';
import type { RequestContext } from './request-context';
import { createLoaders } from '../read/loaders';
import { serviceUnavailable } from '../graphql/errors';
import { isConnectionError } from '../db/connection-errors';
import type { ReplicaReads, ReplicaRunner } from '../db/replica';
import type { Logger } from '../logger';
import type { Services } from '../services/services';
import { IdempotentRequest } from './idempotency';
import type { Metrics } from './metrics';
import { PartnerSession } from './partner-reads';
import { RateLimiter } from './rate-limit';
import { sendError } from './respond';

export const MAX_BODY_BYTES = 1_000_000;

/**
 * A body over MAX_BODY_BYTES is still read, and dropped, up to this many bytes, so that the client, having
 * sent it all, reads the 413 (a connection closed while it still sends is a reset to it, and to the
 * requests it had queued on that connection). A larger one is answered at once and its connection closed.
 */
const DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES;

export class BodyTooLarge extends Error {
  /** Whether the whole body was read: otherwise the connection must close after the answer. */
  constructor(readonly drained: boolean) {
    super(`the request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length']) > DRAIN_LIMIT_BYTES) return Promise.reject(new BodyTooLarge(false));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) {
        req.pause();
        settle(new BodyTooLarge(false));
      }
    });
    req.on('end', () => settle(size > MAX_BODY_BYTES ? new BodyTooLarge(true) : null));
    req.on('error', (error) => settle(error));
    req.on('close', () => settle(new Error('the request was aborted before its body was read')));
  });
}

export interface GraphQLHandlerOptions {
  apollo: ApolloServer<RequestContext>;
  config: Config;
  dataSource: DataSource;
  /** The read replica (DATABASE_REPLICA_URL): a staff query's reads go there (src/db/replica.ts). */
  replica: ReplicaReads | null;
  verifier: TokenVerifier;
  /** Who a token may name (src/auth/subjects.ts). */
  subjects: SubjectDirectory;
  logger: Logger;
  metrics: Metrics;
  outbox: Outbox;
  services: Pick<Services, 'audit' | 'idempotency'>;
  now: () => Date;
  withoutApplicationRowScope: boolean;
}

const INVALID_JSON = Symbol('invalid JSON');

/** The media types whose body is parsed as JSON (matched without regard to case, as media types are). */
const JSON_TYPES = ['application/json', 'application/graphql-response+json'];

/** The request's body: JSON parsed when it says it is JSON, else the text (Apollo judges it). */
async function requestBody(req: IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const raw = await readBody(req);
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (!JSON_TYPES.some((type) => contentType.startsWith(type))) return raw;
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return INVALID_JSON;
  }
}

const REFUSED = Symbol('refused');

/** The request's body, or REFUSED once it has been answered 413 (too large) or 400 (not JSON). */
async function bodyOrRefusal(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  try {
    const body = await requestBody(req);
    if (body !== INVALID_JSON) return body;
    sendError(res, 400, 'the request body is not valid JSON', 'BAD_REQUEST');
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    // Not read to its end: the connection cannot carry another request.
    if (!error.drained) res.setHeader('connection', 'close');
    sendError(res, 413, error.message, 'BAD_REQUEST');
  }
  return REFUSED;
}

/** Longest client text (the operation name) a log line carries. */
const LOGGED_NAME_MAX = 100;

/** The operation name the client gave, for the log only (metrics use OperationLabels): truncated. */
function operationOf(body: unknown): string {
  const name =
    typeof body === 'object' && body && 'operationName' in body && typeof body.operationName === 'string'
      ? body.operationName
      : 'anonymous';
  return name.length > LOGGED_NAME_MAX ? `${name.slice(0, LOGGED_NAME_MAX)}…` : name;
}

async function writeResult(res: ServerResponse, result: HTTPGraphQLResponse, requestId: string): Promise<void> {
  const headers: Record<string, string> = { 'x-request-id': requestId };
  for (const [key, value] of result.headers) headers[key] = value;
  if (result.body.kind === 'complete') {
    // Its length known: sent as one body, not in chunked encoding.
    headers['content-length'] = String(Buffer.byteLength(result.body.string));
    res.writeHead(result.status ?? 200, headers);
    res.end(result.body.string);
    return;
  }
  res.writeHead(result.status ?? 200, headers);
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** What a request turned out to be, for its metrics and log line. */
interface Seen {
  /** Whether authentication succeeded (its context was built). */
  authenticated: boolean;
  /** Its metrics label, given by the Apollo plugin once the operation is resolved. */
  label: { value: string | null };
  /** The operation name the client gave, truncated. */
  name: string;
}

/**
 * Measured and logged once the answer has gone (or the connection has closed), whoever wrote it: the
 * label is bounded (OperationLabels), the status is the one sent, the logged name is truncated.
 */
function measure(o: GraphQLHandlerOptions, res: ServerResponse, requestId: string, sql: SqlScope, seen: Seen): void {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const operation = o.metrics.operations.of(seen.authenticated, seen.label.value);
    const status = res.writableFinished ? res.statusCode : 'aborted';
    o.metrics.requests.inc({ operation, status });
    o.metrics.latency.observe({ operation }, seconds);
    const ms = Math.round(seconds * 1000);
    o.logger.info({ requestId, operation: seen.name, status, ms, sql: sql.statements }, 'graphql');
  });
}

/**
 * Who calls (401 when the token is bad or names no known user or partner), counted against their rate
 * limit: by subject once the token is verified, by address when it is not.
 */
async function identify(
  o: Pick<GraphQLHandlerOptions, 'verifier' | 'subjects'>,
  rateLimiter: RateLimiter,
  req: IncomingMessage,
): Promise<Identity> {
  try {
    const verified = await verifyBearer(o.verifier, req.headers.authorization);
    rateLimiter.check(`subject:${verified.subject}`);
    return await o.subjects.resolve(verified);
  } catch (error) {
    if (error instanceof AuthError) {
      rateLimiter.check(`address:${req.socket.remoteAddress}`);
      throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
    }
    throw isConnectionError(error) || error instanceof KeySetUnavailable ? serviceUnavailable() : error;
  }
}

/** A request's connection to the read replica, once its query was given one: released when the request ends. */
interface ReplicaHold {
  runner: ReplicaRunner | null;
}

/**
 * Where a staff query reads: the replica's runner, made once the operation is known to be a query
 * (a mutation, its payload included, reads from the primary). A provider keeps its one transaction on
 * the primary, where its read audit is written; other partners' reads are audited on the primary too.
 */
function replicaReads(o: GraphQLHandlerOptions, hold: ReplicaHold): (context: RequestContext) => void {
  return (context) => {
    if (!o.replica || hold.runner) return;
    hold.runner = o.replica.runner();
    context.em = hold.runner.manager;
    context.loaders = createLoaders(context.em, context.scope);
  };
}

export function graphqlHandler(o: GraphQLHandlerOptions) {
  const rateLimiter = new RateLimiter(o.config.rateLimitPerMinute);
  /** The request's context, built once: who calls, what they read with, what they may read. */
  async function contextOf(
    req: IncomingMessage,
    requestId: string,
    sql: SqlScope,
    partner: { session: PartnerSession | null },
    idempotency: IdempotentRequest | null,
    seen: Seen,
    replica: ReplicaHold,
  ): Promise<RequestContext> {
    const identity = await identify(o, rateLimiter, req);
    const session = PartnerSession.isPartner(identity)
      ? new PartnerSession(o.dataSource, identity, o.services.audit)
      : null;
    partner.session = session;
    seen.authenticated = true;
    const em = session?.em ?? o.dataSource.manager;
    const scope = new RowScope(identity, o.withoutApplicationRowScope);
    const loaders = createLoaders(em, scope);
    const context: RequestContext = {
      requestId,
      identity,
      em,
      scope,
      loaders,
      config: o.config,
      sql,
      now: o.now,
      outbox: o.outbox,
      partner: session,
      idempotency,
      operationLabel: seen.label,
    };
    if (!session && o.replica) context.readFromReplica = replicaReads(o, replica);
    return context;
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const sql: SqlScope = { statements: 0 };
    const seen: Seen = { authenticated: false, label: { value: null }, name: 'anonymous' };
    measure(o, res, requestId, sql, seen);
    const body = await bodyOrRefusal(req, res);
    if (body === REFUSED) return;
    seen.name = operationOf(body);
    const headers = headerMapOf(req);
    const search = new URL(req.url ?? '/', 'http://localhost').search;
    const partner: { session: PartnerSession | null } = { session: null };
    const idempotency = IdempotentRequest.of(
      req,
      o.services.idempotency,
      o.dataSource.manager,
      o.config.idempotency.keyTtlHours,
    );
    const replica: ReplicaHold = { runner: null };
    let result: HTTPGraphQLResponse;
    try {
      result = await withSqlScope(sql, async () => {
        const response = await o.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
          context: () => contextOf(req, requestId, sql, partner, idempotency, seen, replica),
        });
        // Nothing a partner read leaves the gateway unaudited: no audit, no response.
        await partner.session?.finish(o.now());
        // Stored before it is sent, once a provider's transaction has committed the change (or not).
        await idempotency?.finish(response, o.logger, requestId);
        return response;
      });
    } catch (error) {
      await partner.session?.abandon();
      await idempotency?.finish(null, o.logger, requestId);
      throw error;
    } finally {
      // The replica's connection, if the request took one, goes back to its pool whatever happened.
      await replica.runner?.release();
    }
    await writeResult(res, result, requestId);
  };
}
