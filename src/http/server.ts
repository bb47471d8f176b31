/**
 * The HTTP front: `/graphql` through Apollo Server 5 on Node's own http server, plus
 * `/healthz`, `/readyz` and `/metrics`. Each GraphQL request gets a request id, its own
 * SQL statement scope, an authenticated identity and per-request loaders.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { AuthError } from '../auth/identity';
import { RowScope } from '../auth/row-scope';
import { PartnerSession } from './partner-reads';
import { verifyBearer, type TokenVerifier } from '../auth/tokens';
import { ConfigError, type Config } from '../config';
import { withSqlScope, type SqlScope } from '../db/sql-counter';
import type { Context, Outbox } from '../graphql/context';
import { createFormatError } from '../graphql/errors';
import { createLoaders } from '../graphql/loaders';
import type { Logger } from '../logger';
import { createMetrics, type Metrics } from './metrics';
import type { Services } from '../services/services';

export interface GatewayOptions {
  config: Config;
  schema: GraphQLSchema;
  dataSource: DataSource;
  verifier: TokenVerifier;
  logger: Logger;
  /** Extra readiness checks (workers, later). */
  ready?: () => Promise<boolean>;
  /** The clock; tests fix it. */
  now?: () => Date;
  outbox: Outbox;
  /** Shared with the workers; created here when not given. */
  metrics?: Metrics;
  /** The audit trail partner reads are recorded in (src/services/services.ts). */
  services: Pick<Services, 'audit'>;
  /**
   * Tests only: skip the application's row scoping so that row-level security alone must isolate
   * providers. Not reachable from configuration.
   */
  withoutApplicationRowScope?: boolean;
}

export interface Gateway {
  url: string;
  port: number;
  apollo: ApolloServer<Context>;
  /** Stops taking requests, lets those in flight finish (bounded), then stops Apollo. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

class BodyTooLarge extends Error {}

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

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, schema, dataSource, verifier, logger } = options;
  const metrics = options.metrics ?? createMetrics();
  const development = config.nodeEnv === 'development';
  // Query limits checked before any resolver runs; the limits themselves are never disclosed.
  const armor = new ApolloArmor({
    maxDepth: { n: 15, exposeLimits: false, flattenFragments: true },
    maxAliases: { n: 15, exposeLimits: false },
    maxDirectives: { n: 30, exposeLimits: false },
    maxTokens: { n: 3000, exposeLimits: false },
    costLimit: { maxCost: 20_000, objectCost: 2, scalarCost: 1, depthCostFactor: 1.2, exposeLimits: false },
    blockFieldSuggestion: { enabled: !development },
  }).protect();
  const apollo = new ApolloServer<Context>({
    schema,
    // Set explicitly rather than left to defaults (which follow NODE_ENV differently).
    introspection: development,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    validationRules: armor.validationRules,
    // Shutdown is ordered by main.ts (HTTP, then workers, then the database), not by Apollo.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    formatError: createFormatError((error) => logger.error({ err: error }, 'unexpected error'), development),
    plugins: [
      ...armor.plugins,
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors }) {
              for (const e of errors)
                metrics.errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
            },
            // A provider's request reads in its own transaction, opened only once the request is valid.
            async executionDidStart({ contextValue }) {
              await contextValue.partner?.begin();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const inFlight = new Set<Promise<unknown>>();

  async function graphql(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const started = process.hrtime.bigint();
    const sql: SqlScope = { statements: 0 };
    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBody(req);
      const contentType = req.headers['content-type'] ?? '';
      if (contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json')) {
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          send(
            res,
            400,
            JSON.stringify({
              errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
            }),
          );
          return;
        }
      } else {
        body = raw;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const now = options.now ?? (() => new Date());
    let session = null as PartnerSession | null;
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async (): Promise<Context> => {
          let identity;
          try {
            identity = await verifyBearer(verifier, req.headers.authorization);
          } catch (error) {
            if (error instanceof AuthError) {
              throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
            }
            throw error;
          }
          if (PartnerSession.isPartner(identity)) {
            session = new PartnerSession(dataSource, identity, options.services.audit);
          }
          const em = session?.em ?? dataSource.manager;
          const scope = new RowScope(identity, options.withoutApplicationRowScope === true);
          return {
            requestId,
            identity,
            em,
            scope,
            loaders: createLoaders(em, scope),
            config,
            sql,
            now,
            outbox: options.outbox,
            partner: session,
          };
        },
      });
    let result: Awaited<ReturnType<typeof execute>>;
    try {
      result = await withSqlScope(sql, async () => {
        const response = await execute();
        // Nothing a partner read leaves the gateway unaudited: no audit, no response.
        await session?.finish(now());
        return response;
      });
    } catch (error) {
      await session?.abandon();
      throw error;
    }
    const responseHeaders: Record<string, string> = { 'x-request-id': requestId };
    for (const [key, value] of result.headers) responseHeaders[key] = value;
    res.writeHead(result.status ?? 200, responseHeaders);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const operation =
      typeof body === 'object' && body && 'operationName' in body && typeof body.operationName === 'string'
        ? body.operationName
        : 'anonymous';
    metrics.requests.inc({ operation });
    metrics.latency.observe({ operation }, seconds);
    logger.info(
      { requestId, operation, status: result.status ?? 200, ms: Math.round(seconds * 1000), sql: sql.statements },
      'graphql',
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId =
      typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : randomUUID();
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/graphql') return await graphql(req, res, requestId);
      if (path === '/healthz' && req.method === 'GET') return send(res, 200, JSON.stringify({ status: 'ok' }));
      if (path === '/readyz' && req.method === 'GET') {
        const checks = { database: false, migrations: false, workers: true };
        try {
          await dataSource.query('SELECT 1');
          checks.database = true;
          checks.migrations = !(await dataSource.showMigrations());
          checks.workers = options.ready ? await options.ready() : true;
        } catch (error) {
          logger.warn({ err: error }, 'readiness check failed');
        }
        const ok = checks.database && checks.migrations && checks.workers;
        return send(res, ok ? 200 : 503, JSON.stringify({ status: ok ? 'ready' : 'not ready', checks }));
      }
      if (path === '/metrics' && req.method === 'GET') {
        return send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
      }
      send(res, 404, JSON.stringify({ error: 'not found' }));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        send(
          res,
          413,
          JSON.stringify({
            errors: [
              {
                message: `the request body is larger than ${MAX_BODY_BYTES} bytes`,
                extensions: { code: 'BAD_REQUEST' },
              },
            ],
          }),
        );
        return;
      }
      logger.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent)
        send(
          res,
          500,
          JSON.stringify({
            errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          }),
        );
      else res.end();
    }
  }

  const server = http.createServer((req, res) => {
    const work = handle(req, res);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(`PORT ${config.port} is in use: stop the other process or set PORT`)
          : error,
      ),
    );
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    apollo,
    stop: async (graceMs = 10_000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, graceMs).unref())]);
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
