/**
 * The job queue (pg-boss 10, the line that runs on Node 20). Jobs carry only ids; the rows they
 * name are the source of truth. A job is enqueued in the caller's transaction, so it exists if and
 * only if the change that caused it committed. Workers fetch with SKIP LOCKED, so every replica
 * can run them.
 */
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';

export const QUEUES = {
  /** `{ notificationId }`: deliver one notification. */
  delivery: 'notification-delivery',
  /** `{ complaintId, dueOn, kind }`: a reminder before, or a breach alert after, a due date. */
  deadline: 'deadline-alert',
  /** `{ engagementId, step }`: chase a provider that has not given its side (two reminders, then escalation). */
  providerChase: 'provider-chase',
  /** `{}`: anonymise closed complaints past the retention period (a pg-boss schedule, daily). */
  retention: 'complaint-retention',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const QUEUE_SCHEMA = 'pgboss';

/**
 * pg-boss's own queue through which its clock sends scheduled jobs; made by the owner, since making
 * a queue creates a table.
 */
const SCHEDULER_QUEUE = '__pgboss__send-it';

export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  expireSeconds: number;
  maintenanceSeconds: number;
}

/** pg-boss's `db` option: its SQL runs on the transaction's connection. */
function inTransaction(tx: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const rows = await tx.query(text, values);
      return { rows: Array.isArray(rows) ? rows : [] };
    },
  };
}

/**
 * Creates (or migrates) pg-boss's schema and queues as the owner and grants the application role
 * what the workers need. Runs at start-up, before the application role connects.
 */
export async function prepareQueues(ownerUrl: string, appUser: string | null): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: QUEUE_SCHEMA,
    migrate: true,
    supervise: false,
    schedule: false,
    max: 1,
  });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    for (const name of Object.values(QUEUES)) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, retryBackoff: true });
    }
    if (!(await boss.getQueue(SCHEDULER_QUEUE))) await boss.createQueue(SCHEDULER_QUEUE);
    if (appUser) {
      const role = `"${appUser.replace(/"/g, '""')}"`;
      const db = boss.getDb();
      await db.executeSql(`GRANT USAGE ON SCHEMA ${QUEUE_SCHEMA} TO ${role}`, []);
      await db.executeSql(
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`,
        [],
      );
      await db.executeSql(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`, []);
      await db.executeSql(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`, []);
    }
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true });
  }
}

export interface EnqueueOptions {
  startAfter?: Date;
  /** At most one queued job with this key (pg-boss singleton). */
  singletonKey?: string;
}

export type Handler<T> = (data: T, attempt: { retryCount: number; retryLimit: number; jobId: string }) => Promise<void>;

/** A failure that should be retried later (the job fails; pg-boss backs off). */
export class RetryLater extends Error {}

export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;

  /**
   * `clockSeconds` turns on pg-boss's clock (cron schedules) in this process, checking that often:
   * only processes that run workers need it.
   */
  constructor(
    appUrl: string,
    private readonly policy: RetryPolicy,
    onError: (error: Error) => void,
    clockSeconds?: number,
  ) {
    this.boss = new PgBoss({
      connectionString: appUrl,
      schema: QUEUE_SCHEMA,
      migrate: false,
      // Maintenance (expiring active jobs of dead workers, deleting old ones) runs in every replica.
      supervise: true,
      maintenanceIntervalSeconds: policy.maintenanceSeconds,
      // Every replica's clock may look; pg-boss lets one per interval send, once per cron minute.
      schedule: clockSeconds !== undefined,
      ...(clockSeconds !== undefined
        ? { cronMonitorIntervalSeconds: clockSeconds, cronWorkerIntervalSeconds: clockSeconds }
        : {}),
      max: 4,
      application_name: 'complaints-gateway-queue',
    });
    this.boss.on('error', onError);
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
  }

  get running(): boolean {
    return this.started;
  }

  /** Enqueues in the caller's transaction. */
  async enqueue(tx: EntityManager, queue: QueueName, data: object, options: EnqueueOptions = {}): Promise<void> {
    await this.boss.send(queue, data, {
      db: inTransaction(tx),
      retryLimit: this.policy.retryLimit,
      retryDelay: this.policy.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: this.policy.expireSeconds,
      startAfter: options.startAfter,
      singletonKey: options.singletonKey,
    });
  }

  /**
   * Sends `{}` to `queue` at every time `cron` names (Europe/London); null removes the schedule.
   * Idempotent: every replica calls it at start-up. A run that takes longer than `expireSeconds` is retried.
   */
  async schedule(queue: QueueName, cron: string | null, expireSeconds: number): Promise<void> {
    if (cron === null) {
      await this.boss.unschedule(queue);
      return;
    }
    await this.boss.schedule(
      queue,
      cron,
      {},
      {
        tz: 'Europe/London',
        retryLimit: this.policy.retryLimit,
        retryDelay: this.policy.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: expireSeconds,
      },
    );
  }

  /**
   * Runs `concurrency` workers on a queue, each fetching up to `batchSize` jobs and handling them
   * side by side (pg-boss waits a polling interval after every fetch, so batches carry the load).
   * A handler that throws (`RetryLater` or anything) fails only its own job, which pg-boss retries
   * with exponential backoff until the retry limit; the batch's other jobs complete.
   */
  async work<T extends object>(
    queue: QueueName,
    concurrency: number,
    pollingSeconds: number,
    handler: Handler<T>,
    batchSize = 10,
  ): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      await this.boss.work<T>(
        queue,
        { batchSize, includeMetadata: true, pollingIntervalSeconds: pollingSeconds },
        async (jobs) => {
          await Promise.all(
            jobs.map(async (job) => {
              try {
                await handler(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit, jobId: job.id });
              } catch (error) {
                await this.boss.fail(queue, job.id, {
                  message: error instanceof Error ? error.message : String(error),
                });
              }
            }),
          );
        },
      );
    }
  }

  /** Jobs waiting or running (the queue depth for /metrics). */
  async depth(): Promise<number> {
    let total = 0;
    for (const name of Object.values(QUEUES)) total += await this.boss.getQueueSize(name);
    return total;
  }

  /** Stops fetching, lets running jobs finish (up to `timeoutMs`), then closes the pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, close: true, wait: true, timeout: timeoutMs });
  }
}
