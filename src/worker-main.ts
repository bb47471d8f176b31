/**
 * The entry point of a worker process (`node dist/src/worker-main.js`), as main.ts is the gateway's: the
 * workers of src/workers.ts apart from the gateway, for deployments and the crash test. Needs DATABASE_URL (it
 * shares the gateway's database). Its own `/healthz`, `/readyz` and `/metrics` on WORKER_PORT (src/http/health.ts
 * and src/http/metrics.ts, as the gateway's), so an orchestrator can probe it and Prometheus scrape it.
 */
import 'reflect-metadata';
import { ConfigError, loadDotEnv, readConfig } from './config';
import { openDatabase } from './db/database';
import { serveHealth, type ReadinessSources } from './http/health';
import { createMetrics, type Metrics } from './http/metrics';
import { serveMetrics, startSideListener, type SideListener } from './http/metrics-endpoint';
import { send } from './http/respond';
import { createLogger } from './logger';
import { logStrayRejections } from './process-guards';
import { createServices } from './services/services';
import { CLOSE_MARGIN_MS, stopOnSignals, WORKERS_STOP_MS } from './shutdown';
import { Workers } from './workers';
import { startInboundMail } from './inbound-mail';
import { CLOSE_TIMEOUT_MS as INBOUND_CLOSE_MS } from './integrations/inbound-mail/smtp-listener';
import { startTracing } from './telemetry/tracing';
import { readTracing } from './config-tracing';

interface Endpoint {
  listener: SideListener;
  /** From the stop on, `/readyz` answers 503 `draining`. */
  drain(): void;
}

/** WORKER_PORT's listener: health as the gateway answers it, and the metrics (behind METRICS_TOKEN when set). */
async function startEndpoint(port: number, host: string, health: ReadinessSources, metrics: Metrics, token?: string) {
  let draining = false;
  const listener = await startSideListener(port, host, 'WORKER_PORT', (req, res) => {
    const answered = async () => {
      if (await serveHealth(req, res, health, draining)) return;
      if (req.method === 'GET' && (req.url ?? '/').split('?')[0] === '/metrics')
        return serveMetrics(req, res, metrics, token);
      send(res, 404, JSON.stringify({ error: 'not found' }));
    };
    answered().catch((error: unknown) => {
      health.logger.error({ err: error }, 'worker endpoint request failed');
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal error' }));
    });
  });
  return { listener, drain: () => (draining = true) } satisfies Endpoint;
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = readConfig(process.env, 'worker');
  const tracingConfig = readTracing(process.env);
  if (!config.databaseUrl) throw new ConfigError('a worker process needs DATABASE_URL (the database the gateway uses)');
  if (!config.notifications.workers && config.inboundMail.port === null)
    throw new ConfigError('WORKERS=off and no INBOUND_SMTP_PORT: this process would do nothing');
  const logger = createLogger(config.logLevel, undefined, { traceIds: tracingConfig.endpoint !== null });
  logStrayRejections(logger);
  const tracing = await startTracing(tracingConfig);
  const db = await openDatabase(config);
  const services = createServices(config.files);
  const metrics = createMetrics(() => workers.queue.depth());
  const workers = new Workers({
    dataSource: db.dataSource,
    appUrl: db.appUrl,
    config,
    logger,
    metrics: metrics.delivery,
    services,
    tracing,
  });
  let endpoint: Endpoint | undefined;
  let inbound: Awaited<ReturnType<typeof startInboundMail>> | undefined;
  try {
    await workers.start();
    inbound = await startInboundMail({ config, dataSource: db.dataSource, outbox: workers.queue, services, logger });
    const { workerPort } = config.operations;
    const health = { dataSource: db.dataSource, logger, workers: async () => workers.running };
    if (workerPort !== null)
      endpoint = await startEndpoint(workerPort, config.host, health, metrics, config.metrics.token);
  } catch (error) {
    await inbound?.stop().catch(() => undefined);
    await workers.stop(0).catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
  logger.info({ url: endpoint?.listener.origin ?? null }, 'workers ready');
  // As the gateway's stop (src/main.ts): readiness fails at once, the mailbox stops, the jobs in hand finish,
  // then the pool closes.
  const inboundMs = inbound ? INBOUND_CLOSE_MS : 0;
  stopOnSignals(logger, inboundMs + WORKERS_STOP_MS + CLOSE_MARGIN_MS, async () => {
    endpoint?.drain();
    await inbound?.stop();
    await workers.stop(WORKERS_STOP_MS);
    logger.info('workers stopped');
    await endpoint?.listener.close();
    await db.close();
    await tracing?.shutdown();
  });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `error: ${error.message}` : error);
  process.exit(1);
});
