/**
 * A database outage never stops the process (SPEC §6). The gateway's own code awaits every call to
 * the database; pg-boss 10's internal workers (its cron clock) complete jobs without awaiting, so a
 * database that goes away at that moment rejects a promise nobody holds. Node would end the process
 * for it; here it is logged and counted instead, and the work it belonged to is retried by the queue.
 */
import type { Logger } from './logger';

export function logStrayRejections(logger: Logger, counted?: () => void): void {
  process.on('unhandledRejection', (reason) => {
    counted?.();
    logger.error({ err: reason }, 'a promise rejected with no handler (kept running)');
  });
}
