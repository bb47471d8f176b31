/**
 * The entry point of a worker process without HTTP (`node dist/src/worker-main.js`), as main.ts is
 * the gateway's: the workers of src/workers.ts apart from the gateway, for deployments and the
 * crash test. Needs DATABASE_URL (it shares the gateway's database).
 */
import 'reflect-metadata';
import { ConfigError, loadDotEnv, readConfig } from './config';
import { openDatabase } from './db/database';
import { createLogger } from './logger';
import { logStrayRejections } from './process-guards';
import { createServices } from './services/services';
import { CLOSE_MARGIN_MS, stopOnSignals, WORKERS_STOP_MS } from './shutdown';
import { Workers } from './workers';
import { startInboundMail } from './inbound-mail';
import { CLOSE_TIMEOUT_MS as INBOUND_CLOSE_MS } from './integrations/inbound-mail/smtp-listener';
import { startTracing } from './telemetry/tracing';
import { readTracing } from './config-tracing';

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
  const services = createServices();
  const workers = new Workers({
    dataSource: db.dataSource,
    appUrl: db.appUrl,
    config,
    logger,
    services,
    tracing,
  });
  await workers.start();
  const inbound = await startInboundMail({
    config,
    dataSource: db.dataSource,
    outbox: workers.queue,
    services,
    logger,
  });
  logger.info('workers ready');
  // As the gateway's stop (src/main.ts), without HTTP: the mailbox stops, the jobs in hand finish, the pool closes.
  const inboundMs = inbound ? INBOUND_CLOSE_MS : 0;
  stopOnSignals(logger, inboundMs + WORKERS_STOP_MS + CLOSE_MARGIN_MS, async () => {
    await inbound?.stop();
    await workers.stop(WORKERS_STOP_MS);
    logger.info('workers stopped');
    await db.close();
    await tracing?.shutdown();
  });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `error: ${error.message}` : error);
  process.exit(1);
});
