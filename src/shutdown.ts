/**
 * Stopping a process on SIGTERM or SIGINT (SPEC §6): its steps in order, once, within a bound.
 * Exit 0 when they are done; exit 1 when one fails or they take longer than the bound.
 */
import type { Logger } from './logger';

/** The workers' time to finish the jobs in hand. */
export const WORKERS_STOP_MS = 5_000;
/** After the steps that wait on others: closing the pool and the embedded PostgreSQL. */
export const CLOSE_MARGIN_MS = 5_000;

/** Runs `steps` on the first SIGTERM or SIGINT (a second one changes nothing). */
export function stopOnSignals(logger: Logger, boundMs: number, steps: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ boundMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, boundMs).unref();
    try {
      await steps();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
}
