/** `npm start`: configuration, database (embedded unless DATABASE_URL), demo data on first start, HTTP. */
import 'reflect-metadata';
import { createVerifier, loadSecret } from './auth/tokens';
import { ConfigError, loadDotEnv, readConfig } from './config';
import { openDatabase, type OpenDatabase } from './db/database';
import { createSchema } from './graphql/schema';
import { createMetrics } from './http/metrics';
import { startGateway, type Gateway } from './http/server';
import { createLogger } from './logger';
import { logStrayRejections } from './process-guards';
import { seedDemoData } from './seed/seed';
import { createServices } from './services/services';
import { Workers } from './workers';

async function main(): Promise<void> {
  const started = Date.now();
  loadDotEnv();
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  logStrayRejections(logger);
  let db: OpenDatabase | undefined;
  let gateway: Gateway | undefined;
  let workers: Workers | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 20_000).unref();
    try {
      await gateway?.stop();
      logger.debug('http stopped');
      await workers?.stop();
      logger.debug('workers stopped');
      await db?.close();
      clearTimeout(force);
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));

  try {
    db = await openDatabase(config, {
      onLog: (line) => logger.debug({ postgres: line }, 'embedded postgres'),
      onProblem: (message, detail) => logger.warn(detail, message),
    });
    logger.info({ database: db.embedded ? `embedded on port ${db.embedded.port}` : 'DATABASE_URL' }, 'database ready');
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM service_areas');
    if (n === 0 && config.demoScale > 0) {
      logger.info({ scale: config.demoScale }, 'first start: loading demo data');
      const t = Date.now();
      const counts = await seedDemoData(db.dataSource, { scale: config.demoScale });
      logger.info({ ms: Date.now() - t, complaints: counts.complaints, cases: counts.cases }, 'demo data loaded');
    }
    const services = createServices();
    const schema = await createSchema(services);
    const metrics = createMetrics(() => workers!.queue.depth());
    workers = new Workers({
      dataSource: db.dataSource,
      appUrl: db.appUrl,
      config,
      logger,
      metrics: metrics.delivery,
      services,
    });
    await workers.start();
    gateway = await startGateway({
      config,
      schema,
      dataSource: db.dataSource,
      verifier: createVerifier(config, () => loadSecret(config.dataDir, config.jwtSecret)),
      logger,
      outbox: workers.queue,
      metrics,
      services,
      ready: async () => !config.notifications.workers || workers!.running,
    });
    logger.info({ url: gateway.url, startupMs: Date.now() - started }, `gateway ready on ${gateway.url}`);
  } catch (error) {
    await gateway?.stop(0).catch(() => undefined);
    await workers?.stop(0).catch(() => undefined);
    await db?.close().catch(() => undefined);
    throw error;
  }
}

main().catch((error) => {
  // Bad configuration is one line and a non-zero exit; anything else is a bug, printed in full.
  console.error(error instanceof ConfigError ? `error: ${error.message}` : error);
  process.exit(1);
});
