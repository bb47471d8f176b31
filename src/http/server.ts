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
import { serveHealth } from './health';
import { corsFor } from './cors';
import { fileDownloads } from './file-download';
import { FileStoreUnavailable } from '../integrations/files/file-store';
import { evidenceUpload } from './evidence-upload';
import { subjectAccessDownload } from './subject-access-download';
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
  services: Pick<Services, 'audit' | 'idempotency' | 'documents' | 'evidenceFiles' | 'subjectAccess'>;
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

/** A request that failed: a dependency that is away is 503 (retryable); anything else 500, logged in full. */
function answerFailure(error: unknown, res: ServerResponse, logger: Logger, requestId: string): void {
  if (isConnectionError(error) && !res.headersSent) {
    // The database went away after the answer was made (a partner's audit could not be written): retryable.
    logger.warn({ err: error, requestId }, 'request failed: database unavailable');
    res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    return sendError(res, 503, serviceUnavailable().message, SERVICE_UNAVAILABLE);
  }
  if (error instanceof FileStoreUnavailable && !res.headersSent) {
    logger.warn({ err: error, requestId }, 'request failed: file store unavailable');
    res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    return sendError(res, 503, 'files cannot be stored or read just now: try again', SERVICE_UNAVAILABLE);
  }
  logger.error({ err: error, requestId }, 'request failed');
  if (res.headersSent) res.end();
  else sendError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
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
  // Plain HTTP endpoints with the bearer token: file downloads and uploads, subject access exports (issue 16).
  const endpoints = [fileDownloads, evidenceUpload, subjectAccessDownload].map((endpoint) =>
    endpoint({ ...options, subjects, now }),
  );

  const { dataSource, ready: workers } = options;
  const health = { dataSource, logger, workers, checkKeySet: options.verifier.checkKeySet };
  const cors = corsFor(config.operations.corsOrigins);
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
      if (path === '/graphql') return cors(req, res) ? undefined : await operations(req, res, requestId);
      if (await serveHealth(req, res, health, drain.isDraining)) return;
      if (path === '/metrics' && req.method === 'GET' && config.metrics.port === 'main') {
        return await serveMetrics(req, res, metrics, config.metrics.token);
      }
      if (serveRecordPage(req, res, path)) return;
      for (const endpoint of endpoints) if (await endpoint(req, res, path, requestId)) return;
      send(res, 404, JSON.stringify({ error: 'not found' }));
    } catch (error) {
      answerFailure(error, res, logger, requestId);
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
