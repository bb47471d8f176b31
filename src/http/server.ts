/**
 * The HTTP front on Node's own http server: `/graphql` (src/http/graphql-handler.ts, through Apollo
 * Server 5; for a browser, the explorer of src/http/explorer.ts), `/healthz`, `/readyz` and `/metrics`;
 * a request id for each request; and a graceful stop (src/http/drain.ts): readiness fails at once,
 * answers close their connections, and every request accepted is answered before Apollo stops.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { SubjectDirectory } from '../auth/subjects';
import type { TokenVerifier } from '../auth/tokens';
import { ConfigError, type Config } from '../config';
import type { Outbox } from '../services/context';
import type { RequestContext } from './request-context';
import type { Logger } from '../logger';
import type { Services } from '../services/services';
import { startApollo } from './apollo';
import { Drain, type DrainOutcome } from './drain';
import { createExplorer } from './explorer';
import { graphqlHandler } from './graphql-handler';
import { createMetrics, type Metrics } from './metrics';
import { serveMetrics, startMetricsListener } from './metrics-endpoint';
import { serveRecordPage } from './record-page';
import { documentDownload } from './document-download';
import { send, sendError } from './respond';
import { isConnectionError } from '../db/connection-errors';
import type { ReplicaReads } from '../db/replica';
import { RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE, serviceUnavailable } from '../graphql/errors';
import type { Tracing } from '../telemetry/tracing';
import { tracedRequests } from '../telemetry/http-spans';
import { operationSpans } from '../telemetry/graphql-spans';

export interface GatewayOptions {
  config: Config;
  schema: GraphQLSchema;
  dataSource: DataSource;
  /** The read replica query operations by staff read from (DATABASE_REPLICA_URL), if any. */
  replica?: ReplicaReads | null;
  verifier: TokenVerifier;
  logger: Logger;
  /** Extra readiness checks (workers, later). */
  ready?: () => Promise<boolean>;
  /** The clock; tests fix it. */
  now?: () => Date;
  outbox: Outbox;
  /** Shared with the workers; created here when not given. */
  metrics?: Metrics;
  /** The audit trail partner reads are recorded in, and mutations' idempotency keys (src/services/services.ts). */
  services: Pick<Services, 'audit' | 'idempotency' | 'documents'>;
  /**
   * Tests only: skip the application's row scoping so that row-level security alone must isolate
   * providers. Not reachable from configuration.
   */
  withoutApplicationRowScope?: boolean;
  /** Tracing, when on (src/telemetry/tracing.ts): a span per request and per GraphQL operation. */
  tracing?: Tracing | null;
}

export interface Gateway {
  url: string;
  port: number;
  /** Where `/metrics` is served (METRICS_PORT: a listener of its own, or the main port). */
  metricsUrl: string;
  apollo: ApolloServer<RequestContext>;
  /**
   * The graceful stop. At once `/readyz` answers 503 and every answer says `Connection: close`;
   * after `delayMs` (for a load balancer to notice; new connections are still served) the server
   * stops listening and answers every request it accepted, also those arriving on connections still
   * open, for at most `graceMs`; then it cuts what is left and stops Apollo.
   */
  stop(options?: StopOptions): Promise<DrainOutcome>;
}

export interface StopOptions {
  /** How long to keep serving (new connections too) once draining; default 0. */
  delayMs?: number;
  /** How long to wait for the requests accepted to be answered; default 10 s. */
  graceMs?: number;
}

/** How long `/readyz` waits for the database before it answers 503. */
const READINESS_TIMEOUT_MS = 5_000;

/** The identity provider's key set can be fetched; a failure is logged. */
async function keySetReachable(checkKeySet: () => Promise<void>, logger: Logger): Promise<boolean> {
  try {
    await checkKeySet();
    return true;
  } catch (error) {
    logger.warn({ err: error }, 'readiness: the identity provider key set cannot be fetched');
    return false;
  }
}

/**
 * `/readyz`: the database answers, every migration is applied, the workers run (when they should) and,
 * when tokens are checked against one, the identity provider's key set can be fetched (`jwks`).
 */
async function readiness(options: GatewayOptions): Promise<{ ok: boolean; checks: Record<string, boolean> }> {
  const { checkKeySet } = options.verifier;
  const jwks = checkKeySet ? keySetReachable(checkKeySet, options.logger) : Promise.resolve(true);
  const checks: Record<string, boolean> = { database: false, migrations: false, workers: true };
  let timer: NodeJS.Timeout | undefined;
  // A database that does not answer (a half-open connection, a partition) is not ready either: no hanging probe.
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  try {
    await Promise.race([
      (async () => {
        await options.dataSource.query('SELECT 1');
        checks.database = true;
        checks.migrations = !(await options.dataSource.showMigrations());
        checks.workers = options.ready ? await options.ready() : true;
      })(),
      late,
    ]);
  } catch (error) {
    options.logger.warn({ err: error }, 'readiness check failed');
  } finally {
    clearTimeout(timer);
  }
  if (checkKeySet) checks.jwks = await jwks;
  return { ok: Object.values(checks).every(Boolean) && (await jwks), checks };
}

/** Listens on the configured port; resolves with the port taken (PORT=0: any free one). */
function listen(server: http.Server, config: Config): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(`PORT ${config.port} is in use: stop the other process or set PORT`)
          : error,
      ),
    );
    server.listen(config.port, config.host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, logger } = options;
  const metrics = options.metrics ?? createMetrics();
  const explorer = createExplorer(config);
  const apollo = await startApollo(options.schema, config, logger, metrics, !!options.tracing);
  const now = options.now ?? (() => new Date());
  const subjects = new SubjectDirectory(options.dataSource, { ttlMs: config.auth.subjectCacheSeconds * 1000 });
  const graphql = graphqlHandler({
    ...options,
    apollo,
    metrics,
    replica: options.replica ?? null,
    now,
    subjects,
    withoutApplicationRowScope: options.withoutApplicationRowScope === true,
  });
  const documents = documentDownload({ ...options, subjects, now });
  const operations = options.tracing ? operationSpans(options.tracing.tracer, graphql) : graphql;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId =
      typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : randomUUID();
    const path = (req.url ?? '/').split('?')[0];
    try {
      // The explorer's page (GET /graphql from a browser) and its files, when it is on.
      if (explorer && (await explorer.serve(req, res))) return;
      if (path === '/graphql') return await operations(req, res, requestId);
      if (path === '/healthz' && req.method === 'GET') return send(res, 200, JSON.stringify({ status: 'ok' }));
      if (path === '/readyz' && req.method === 'GET') {
        if (drain.isDraining) return send(res, 503, JSON.stringify({ status: 'draining' }));
        const { ok, checks } = await readiness(options);
        return send(res, ok ? 200 : 503, JSON.stringify({ status: ok ? 'ready' : 'not ready', checks }));
      }
      if (path === '/metrics' && req.method === 'GET' && config.metrics.port === 'main') {
        return await serveMetrics(req, res, metrics, config.metrics.token);
      }
      if (serveRecordPage(req, res, path)) return;
      if (await documents(req, res, path, requestId)) return;
      send(res, 404, JSON.stringify({ error: 'not found' }));
    } catch (error) {
      if (isConnectionError(error) && !res.headersSent) {
        // The database went away after the answer was made (a partner's audit could not be written): retryable.
        logger.warn({ err: error, requestId }, 'request failed: database unavailable');
        res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
        return sendError(res, 503, serviceUnavailable().message, SERVICE_UNAVAILABLE);
      }
      logger.error({ err: error, requestId }, 'request failed');
      if (res.headersSent) res.end();
      else sendError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    }
  }

  const serve = options.tracing ? tracedRequests(options.tracing.tracer, handle) : handle;
  const server = http.createServer((req, res) => drain.serve(req, res, serve));
  const drain = new Drain(server);
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, config);
  const metricsListener = await startMetricsListener(config, metrics).catch(async (error: unknown) => {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  });
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    metricsUrl: metricsListener?.url ?? `http://localhost:${port}/metrics`,
    apollo,
    stop: async ({ delayMs = 0, graceMs = 10_000 } = {}) => {
      drain.begin();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const outcome = await drain.stop(graceMs);
      await metricsListener?.close();
      await apollo.stop();
      return outcome;
    },
  };
}
