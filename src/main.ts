/** `npm start`: configuration, database (embedded unless DATABASE_URL), demo data on first start, HTTP. */
import 'reflect-metadata';
import { createVerifier, loadSecret } from './auth/tokens';
import { ConfigError, loadDotEnv, readConfig, type Config } from './config';
import { openDatabase, type OpenDatabase } from './db/database';
import { createSchema } from './graphql/schema';
import { createMetrics } from './http/metrics';
import { startGateway, type Gateway } from './http/server';
import { createLogger, type Logger } from './logger';
import { logStrayRejections } from './process-guards';
import { seedDemoData } from './seed/seed';
import { createServices } from './services/services';
import { CLOSE_MARGIN_MS, stopOnSignals, WORKERS_STOP_MS } from './shutdown';
import { Workers } from './workers';
import { startInboundMail, type InboundMail } from './inbound-mail';
import { CLOSE_TIMEOUT_MS as INBOUND_CLOSE_MS } from './integrations/inbound-mail/smtp-listener';
import { startTracing, type Tracing } from './telemetry/tracing';
import { readTracing } from './config-tracing';

interface Running {
  db?: OpenDatabase;
  gateway?: Gateway;
  workers?: Workers;
  inbound?: InboundMail | null;
  tracing?: Tracing | null;
}

/**
 * The steps of SIGTERM/SIGINT (SPEC §6), in order: the gateway drains (readiness 503 at once, every
 * request it accepted answered), the workers finish the jobs in hand, then the pool and the embedded
 * PostgreSQL close, last.
 */
function stopInOrder(config: Config, logger: Logger, running: Running): void {
  const { delaySeconds, graceSeconds } = config.shutdown;
  const inboundMs = config.inboundMail.port === null ? 0 : INBOUND_CLOSE_MS;
  const boundMs = Math.max((delaySeconds + graceSeconds) * 1000, inboundMs) + WORKERS_STOP_MS + CLOSE_MARGIN_MS;
  stopOnSignals(logger, boundMs, async () => {
    // The mailbox stops taking mail at once (a sender turned away tries again later), alongside the drain.
    const inbound = running.inbound?.stop();
    // Synchronously from the signal on, readiness fails and answers close their connections.
    const drained = await running.gateway?.stop({ delayMs: delaySeconds * 1000, graceMs: graceSeconds * 1000 });
    logger.info({ ...drained }, 'http stopped');
    await inbound;
    await running.workers?.stop(WORKERS_STOP_MS);
    logger.info('workers stopped');
    await running.db?.close();
    // Last: the spans of the stop itself are exported too.
    await running.tracing?.shutdown();
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  loadDotEnv();
  const config = readConfig();
  // Tracing's settings are OpenTelemetry's own variables, read apart (src/config-tracing.ts).
  const tracingConfig = readTracing(process.env);
  const logger = createLogger(config.logLevel, undefined, { traceIds: tracingConfig.endpoint !== null });
  logStrayRejections(logger);
  const running: Running = {};
  stopInOrder(config, logger, running);
  // Off (nothing loaded) unless OTEL_EXPORTER_OTLP_ENDPOINT is set (src/config-tracing.ts).
  const tracing = (running.tracing = await startTracing(tracingConfig));

  try {
    const db = (running.db = await openDatabase(config, {
      onLog: (line) => logger.debug({ postgres: line }, 'embedded postgres'),
      onProblem: (message, detail) => logger.warn(detail, message),
      onNotice: (message, detail) => logger.info(detail, message),
      replicaUrl: config.databaseReplicaUrl,
    }));
    const database = db.embedded ? `embedded on port ${db.embedded.port}` : 'DATABASE_URL';
    logger.info({ database, replica: db.replica ? 'DATABASE_REPLICA_URL' : 'none' }, 'database ready');
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM service_areas');
    if (n === 0 && config.demoScale > 0) {
      logger.info({ scale: config.demoScale }, 'first start: loading demo data');
      const t = Date.now();
      const counts = await seedDemoData(db.dataSource, { scale: config.demoScale });
      logger.info({ ms: Date.now() - t, complaints: counts.complaints, cases: counts.cases }, 'demo data loaded');
    }
    const services = createServices(config.files);
    const schema = await createSchema(services);
    const metrics = createMetrics(() => running.workers!.queue.depth());
    const workers = (running.workers = new Workers({
      dataSource: db.dataSource,
      appUrl: db.appUrl,
      config,
      logger,
      metrics: metrics.delivery,
      services,
      tracing,
    }));
    await workers.start();
    running.inbound = await startInboundMail({
      config,
      dataSource: db.dataSource,
      outbox: workers.queue,
      services,
      logger,
    });
    const gateway = (running.gateway = await startGateway({
      config,
      schema,
      dataSource: db.dataSource,
      replica: db.replica,
      verifier: createVerifier(config, () => loadSecret(config.dataDir, config.jwtSecret), logger),
      logger,
      outbox: workers.queue,
      metrics,
      services,
      ready: async () => !config.notifications.workers || workers.running,
      tracing,
    }));
    logger.info({ url: gateway.url, startupMs: Date.now() - started }, `gateway ready on ${gateway.url}`);
  } catch (error) {
    await running.inbound?.stop().catch(() => undefined);
    await running.gateway?.stop({ graceMs: 0 }).catch(() => undefined);
    await running.workers?.stop(0).catch(() => undefined);
    await running.db?.close().catch(() => undefined);
    await running.tracing?.shutdown().catch(() => undefined);
    throw error;
  }
}

main().catch((error) => {
  // Bad configuration is one line and a non-zero exit; anything else is a bug, printed in full.
  console.error(error instanceof ConfigError ? `error: ${error.message}` : error);
  process.exit(1);
});
