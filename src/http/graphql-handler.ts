/**
 * `/graphql`: each request gets its own SQL statement scope, an authenticated identity, a read
 * session built once (a provider's own transaction, its row scope, its loaders), and for a partner
 * the audit of what it read before the answer leaves. Then it is measured and logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { AuthError } from '../auth/identity';
import { RowScope } from '../auth/row-scope';
import type { SubjectDirectory } from '../auth/subjects';
import { KeySetUnavailable, verifyBearer, type TokenVerifier } from '../auth/tokens';
import type { Config } from '../config';
import { withSqlScope, type SqlScope } from '../db/sql-counter';
import type { Context, Outbox } from '../graphql/context';
import { createLoaders } from '../graphql/loaders';
import { serviceUnavailable } from '../graphql/errors';
import { isConnectionError } from '../db/connection-errors';
import type { Logger } from '../logger';
import type { Services } from '../services/services';
import { IdempotentRequest } from './idempotency';
import type { Metrics } from './metrics';
import { PartnerSession } from './partner-reads';
import { sendError } from './respond';

export const MAX_BODY_BYTES = 1_000_000;

export class BodyTooLarge extends Error {}

export interface GraphQLHandlerOptions {
  apollo: ApolloServer<Context>;
  config: Config;
  dataSource: DataSource;
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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const INVALID_JSON = Symbol('invalid JSON');

/** The request's body: JSON parsed when it says it is JSON, else the text (Apollo judges it). */
async function requestBody(req: IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const raw = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/json') && !contentType.startsWith('application/graphql-response+json')) {
    return raw;
  }
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return INVALID_JSON;
  }
}

function operationOf(body: unknown): string {
  return typeof body === 'object' && body && 'operationName' in body && typeof body.operationName === 'string'
    ? body.operationName
    : 'anonymous';
}

async function writeResult(res: ServerResponse, result: HTTPGraphQLResponse, requestId: string): Promise<void> {
  const headers: Record<string, string> = { 'x-request-id': requestId };
  for (const [key, value] of result.headers) headers[key] = value;
  res.writeHead(result.status ?? 200, headers);
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

export function graphqlHandler(o: GraphQLHandlerOptions) {
  /** The request's context, built once: who calls, what they read with, what they may read. */
  async function contextOf(
    req: IncomingMessage,
    requestId: string,
    sql: SqlScope,
    partner: { session: PartnerSession | null },
    idempotency: IdempotentRequest | null,
  ): Promise<Context> {
    let identity;
    try {
      identity = await o.subjects.resolve(await verifyBearer(o.verifier, req.headers.authorization));
    } catch (error) {
      if (error instanceof AuthError) {
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
      }
      throw isConnectionError(error) || error instanceof KeySetUnavailable ? serviceUnavailable() : error;
    }
    const session = PartnerSession.isPartner(identity)
      ? new PartnerSession(o.dataSource, identity, o.services.audit)
      : null;
    partner.session = session;
    const em = session?.em ?? o.dataSource.manager;
    const scope = new RowScope(identity, o.withoutApplicationRowScope);
    const loaders = createLoaders(em, scope);
    return {
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
    };
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const started = process.hrtime.bigint();
    const sql: SqlScope = { statements: 0 };
    const body = await requestBody(req);
    if (body === INVALID_JSON) return sendError(res, 400, 'the request body is not valid JSON', 'BAD_REQUEST');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const search = new URL(req.url ?? '/', 'http://localhost').search;
    const partner: { session: PartnerSession | null } = { session: null };
    const idempotency = IdempotentRequest.of(
      req,
      o.services.idempotency,
      o.dataSource.manager,
      o.config.idempotency.keyTtlHours,
    );
    let result: HTTPGraphQLResponse;
    try {
      result = await withSqlScope(sql, async () => {
        const response = await o.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
          context: () => contextOf(req, requestId, sql, partner, idempotency),
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
    }
    await writeResult(res, result, requestId);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const operation = operationOf(body);
    o.metrics.requests.inc({ operation });
    o.metrics.latency.observe({ operation }, seconds);
    const status = result.status ?? 200;
    o.logger.info({ requestId, operation, status, ms: Math.round(seconds * 1000), sql: sql.statements }, 'graphql');
  };
}
