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

async function main(): Promise<void> {
  loadDotEnv();
  const config = readConfig(process.env, 'worker');
  if (!config.databaseUrl) throw new ConfigError('a worker process needs DATABASE_URL (the database the gateway uses)');
  if (!config.notifications.workers) throw new ConfigError('WORKERS=off: this process would do nothing');
  const logger = createLogger(config.logLevel);
  logStrayRejections(logger);
  const db = await openDatabase(config);
  const workers = new Workers({
    dataSource: db.dataSource,
    appUrl: db.appUrl,
    config,
    logger,
    services: createServices(config.files),
  });
  await workers.start();
  logger.info('workers ready');
  // As the gateway's stop (src/main.ts), without HTTP: the jobs in hand finish, then the pool closes.
  stopOnSignals(logger, WORKERS_STOP_MS + CLOSE_MARGIN_MS, async () => {
    await workers.stop(WORKERS_STOP_MS);
    logger.info('workers stopped');
    await db.close();
  });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `error: ${error.message}` : error);
  process.exit(1);
});
