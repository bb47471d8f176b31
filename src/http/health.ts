/**
 * `/healthz` and `/readyz` in one home (SPEC §6): the gateway answers them among its routes (src/http/server.ts),
 * a worker process on a listener of its own with `/metrics` (WORKER_PORT, src/worker-main.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import { pendingMigrations } from '../db/database';
import type { Logger } from '../logger';
import { send } from './respond';

/** What readiness asks. */
export interface ReadinessSources {
  dataSource: DataSource;
  logger: Logger;
  /** The workers run (when this process should run them); absent: nothing to ask. */
  workers?: () => Promise<boolean>;
  /** Fetches the identity provider's key set (the gateway with AUTH_JWKS_URL); a failure is `jwks: false`. */
  checkKeySet?: () => Promise<void>;
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
export async function readiness(sources: ReadinessSources): Promise<{ ok: boolean; checks: Record<string, boolean> }> {
  const { checkKeySet, logger } = sources;
  const jwks = checkKeySet ? keySetReachable(checkKeySet, logger) : Promise.resolve(true);
  const checks: Record<string, boolean> = { database: false, migrations: false, workers: true };
  let timer: NodeJS.Timeout | undefined;
  // A database that does not answer (a half-open connection, a partition) is not ready either: no hanging probe.
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  try {
    await Promise.race([
      (async () => {
        await sources.dataSource.query('SELECT 1');
        checks.database = true;
        checks.migrations = (await pendingMigrations(sources.dataSource)).length === 0;
        checks.workers = sources.workers ? await sources.workers() : true;
      })(),
      late,
    ]);
  } catch (error) {
    logger.warn({ err: error }, 'readiness check failed');
  } finally {
    clearTimeout(timer);
  }
  if (checkKeySet) checks.jwks = await jwks;
  return { ok: Object.values(checks).every(Boolean) && (await jwks), checks };
}

/**
 * Answers `GET /healthz` (alive) and `GET /readyz` (503 `draining` once a stop has begun); false for anything else.
 */
export async function serveHealth(
  req: IncomingMessage,
  res: ServerResponse,
  sources: ReadinessSources,
  draining: boolean,
): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' || (path !== '/healthz' && path !== '/readyz')) return false;
  if (path === '/healthz') {
    send(res, 200, JSON.stringify({ status: 'ok' }));
  } else if (draining) {
    send(res, 503, JSON.stringify({ status: 'draining' }));
  } else {
    const { ok, checks } = await readiness(sources);
    send(res, ok ? 200 : 503, JSON.stringify({ status: ok ? 'ready' : 'not ready', checks }));
  }
  return true;
}
