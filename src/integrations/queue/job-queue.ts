/**
 * The job queue (pg-boss 10, the line that runs on Node 20). Jobs carry only ids; the rows they
 * name are the source of truth. A job is enqueued in the caller's transaction, so it exists if and
 * only if the change that caused it committed. Workers fetch with SKIP LOCKED, so every replica
 * can run them.
 *
 * The workers' loops are this module's, not pg-boss's `work()`: pg-boss 10 completes and fails a
 * fetched batch without awaiting it, so a database that goes away mid-job turned into an unhandled
 * rejection that ended the process. Here every call to the database is awaited and a failure is
 * logged; a job whose completion could not be recorded stays active, expires, and runs again (every
 * handler is idempotent on its rows). A job expires only when its worker has stopped: while a handler
 * runs, its loop keeps the job active (pg-boss 10 has no heartbeat of its own), so a slow handler is
 * never run a second time beside itself; handlers bound their own waits (SMTP and HTTP timeouts).
 */
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { inBatchSpan, inJobSpan, withTraceContext, type Tracer } from '../../telemetry/job-spans';
import { untilReachable } from '../../db/connection-errors';
import { SERVICE_TIME_ZONE } from '../../domain/calendar-date';

export const QUEUES = {
  /** `{ notificationId }`: deliver one notification. */
  delivery: 'notification-delivery',
  /** `{ complaintId, dueOn, kind }`: a reminder before, or a breach alert after, a due date. */
  deadline: 'deadline-alert',
  /** `{ engagementId, step }`: chase a provider that has not given its side (two reminders, then escalation). */
  providerChase: 'provider-chase',
  /** `{ restrictionId, reviewOn }`: remind the CST managers that a contact restriction is due for review. */
  contactReview: 'contact-restriction-review',
  /** `{}`: anonymise closed complaints past the retention period (a pg-boss schedule, daily). */
  retention: 'complaint-retention',
  /** `{}`: seal the audit trail's chain heads into a signed checkpoint (a pg-boss schedule, every few minutes). */
  auditSeal: 'audit-seal',
  /** `{ notificationId }`: a delivery job whose retries were all used up without an outcome (its workers
   *  died while sending): pg-boss moves it here (a dead-letter queue), and the row is failed. */
  undeliverable: 'notification-undeliverable',
  /** `{ inboundMessageId }`: make a received email a draft complaint, or attach it to the complaint it names. */
  inboundMail: 'inbound-mail',
} as const;

/** Each queue's dead-letter queue, where pg-boss puts a job that failed its last retry. */
const DEAD_LETTERS: Partial<Record<QueueName, QueueName>> = { [QUEUES.delivery]: QUEUES.undeliverable };

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const DEAD_LETTER_QUEUES: ReadonlySet<QueueName> = new Set(Object.values(DEAD_LETTERS));

export const QUEUE_SCHEMA = 'pgboss';

/** pg-boss's own queue through which its clock sends scheduled jobs; made by the owner (it creates a table). */
const SCHEDULER_QUEUE = '__pgboss__send-it';

export interface RetryPolicy {
  /** Worker loops this process runs (sizes the queue's connection pool). */
  loops?: number;
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
    // Dead-letter queues first: a queue names its dead-letter queue by a foreign key.
    const names = Object.values(QUEUES).sort((a, b) => Number(!!DEAD_LETTERS[a]) - Number(!!DEAD_LETTERS[b]));
    for (const name of names) {
      const deadLetter = DEAD_LETTERS[name];
      const options = { name, retryBackoff: true, ...(deadLetter ? { deadLetter } : {}) };
      if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
      else if (deadLetter) await boss.updateQueue(name, options);
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

/** A fetched job: its data and which attempt this is. */
export interface Job<T> {
  id: string;
  data: T;
  retryCount: number;
  retryLimit: number;
  /** How long the job may run without a sign of life before it is taken for a dead worker's. */
  expireInSeconds: number;
}

export type Handler<T> = (data: T, attempt: { retryCount: number; retryLimit: number; jobId: string }) => Promise<void>;

/** A running batch's hold on its jobs, which a handler can extend to what it holds with them. */
export interface Lifeline {
  /**
   * Calls `renew` each time the batch's jobs are kept active (every third of their expiry), right
   * after: what the handler holds for them (a lease) lives exactly as long as they do.
   */
  alongside(renew: () => Promise<void>): void;
}

/** Handles a fetched batch; resolves with the jobs that failed (by id, with why), all others completed. */
export type BatchHandler<T> = (jobs: Job<T>[], life: Lifeline) => Promise<Map<string, Error>>;

/** A failure that should be retried later (the job fails; pg-boss backs off). */
export class RetryLater extends Error {}

export interface WorkOptions {
  /** Loops fetching side by side. */
  concurrency: number;
  /** Pause after a fetch that found fewer jobs than `batchSize`. */
  pollingSeconds: number;
  batchSize: number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;
  /** Set once the pool is closing: running jobs are no longer kept active (they expire and run again). */
  private closing = false;
  private readonly loops = new Set<Promise<void>>();
  /** The sleeping loops' alarms, rung by stop(). */
  private readonly sleepers = new Set<() => void>();

  /**
   * `clockSeconds` turns on pg-boss's clock (cron schedules) in this process, checking that often:
   * only processes that run workers need it.
   */
  constructor(
    appUrl: string,
    private readonly policy: RetryPolicy,
    private readonly onError: (error: Error) => void,
    clockSeconds?: number,
    /** Tracing (src/telemetry/job-spans.ts): a span per batch and per job, and the enqueuer's context in job data. */
    private readonly tracer: Tracer | null = null,
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
      // Each worker loop fetches and settles its own batches: a connection per two loops, and two for the rest.
      max: Math.max(4, 2 + Math.ceil((policy.loops ?? 0) / 2)),
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
    await this.boss.send(queue, this.tracer ? withTraceContext(data) : data, {
      db: inTransaction(tx),
      retryLimit: this.policy.retryLimit,
      retryDelay: this.policy.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: this.policy.expireSeconds,
      startAfter: options.startAfter,
      singletonKey: options.singletonKey,
      ...(DEAD_LETTERS[queue] ? { deadLetter: DEAD_LETTERS[queue] } : {}),
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
    const { retryLimit, retryDelaySeconds: retryDelay } = this.policy;
    const options = {
      tz: SERVICE_TIME_ZONE,
      retryLimit,
      retryDelay,
      retryBackoff: true,
      expireInSeconds: expireSeconds,
    };
    await this.boss.schedule(queue, cron, {}, options);
  }

  /**
   * Runs `handler` on every job of `queue`, one job at a time per loop. A handler that throws
   * (`RetryLater` or anything) fails only its own job, which pg-boss retries with exponential backoff
   * until the retry limit; the batch's other jobs complete.
   */
  async work<T extends object>(queue: QueueName, options: WorkOptions, handler: Handler<T>): Promise<void> {
    await this.workBatch<T>(queue, options, async (jobs) => {
      const failed = new Map<string, Error>();
      await Promise.all(
        jobs.map(async (job) => {
          try {
            const attempt = { retryCount: job.retryCount, retryLimit: job.retryLimit, jobId: job.id };
            await inJobSpan(this.tracer, queue, job, () => handler(job.data, attempt));
          } catch (error) {
            failed.set(job.id, error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      return failed;
    });
  }

  /** Runs `handler` on batches of `queue`'s jobs in `concurrency` loops until `stop()`. */
  async workBatch<T extends object>(queue: QueueName, options: WorkOptions, handler: BatchHandler<T>): Promise<void> {
    if (!this.started) throw new Error('the job queue is not started');
    for (let i = 0; i < options.concurrency; i++) {
      const loop = this.loop(queue, options, handler);
      this.loops.add(loop);
      void loop.finally(() => this.loops.delete(loop));
    }
  }

  private async loop<T extends object>(queue: QueueName, options: WorkOptions, handler: BatchHandler<T>) {
    while (this.started) {
      let jobs: Job<T>[] = [];
      try {
        // pg-boss's fetch answers [] when the database cannot be reached.
        jobs = await this.boss.fetch<T>(queue, { batchSize: options.batchSize, includeMetadata: true });
        const run = async () =>
          this.settle(queue, jobs, await this.keepingActive(queue, jobs, (life) => this.run(handler, jobs, life)));
        if (jobs.length) await inBatchSpan(this.tracer, queue, jobs, run);
      } catch (error) {
        this.onError(new Error(`${queue}: ${message(error)}`));
      }
      if (jobs.length < options.batchSize) await this.sleep(options.pollingSeconds * 1000);
    }
  }

  /**
   * Runs `work` while keeping `jobs` active: every third of their expiry, they are given it again
   * from now (until the queue closes, after stop()'s bound for running jobs), and then whatever the
   * handler holds alongside them. Only a worker that stopped (died, froze, lost the database) lets its
   * jobs expire and run again elsewhere; one that is merely slow (a partner that takes longer than the
   * expiry to answer) keeps them, so they are neither run twice at once nor settled by a stale run.
   */
  private async keepingActive<T, R>(
    queue: QueueName,
    jobs: Job<T>[],
    work: (life: Lifeline) => Promise<R>,
  ): Promise<R> {
    // A dead letter is made by pg-boss with the table's default expiry (15 minutes), not its queue's:
    // it is given the policy's at once, before its handler runs, so a worker that dies holding it
    // delays the notification's outcome by one expiry, as it would a delivery.
    const deadLetter = DEAD_LETTER_QUEUES.has(queue);
    const seconds = deadLetter
      ? this.policy.expireSeconds
      : Math.min(...jobs.map((job) => Number(job.expireInSeconds)));
    const ids = jobs.map((job) => job.id);
    const renewals: (() => Promise<void>)[] = [];
    let beating = false;
    const beat = async () => {
      if (beating || this.closing) return;
      beating = true;
      try {
        await this.boss.getDb().executeSql(
          `UPDATE ${QUEUE_SCHEMA}.job SET expire_in = (now() - started_on) + make_interval(secs => $3)
            WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`,
          [queue, ids, seconds],
        );
        for (const renew of renewals) await renew();
      } catch (error) {
        this.onError(new Error(`${queue}: keeping jobs active: ${message(error)}`));
      } finally {
        beating = false;
      }
    };
    // pg-boss gives every job an expiry; a job without one would simply not be kept.
    const timer = seconds > 0 ? setInterval(() => void beat(), (seconds * 1000) / 3) : undefined;
    try {
      if (deadLetter) await beat();
      return await work({ alongside: (renew) => renewals.push(renew) });
    } finally {
      clearInterval(timer);
    }
  }

  private async run<T>(handler: BatchHandler<T>, jobs: Job<T>[], life: Lifeline): Promise<Map<string, Error>> {
    try {
      return await handler(jobs, life);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return new Map(jobs.map((job) => [job.id, failure]));
    }
  }

  /**
   * Records the batch's outcome. A database that went away is waited for, up to half the jobs' expiry:
   * left active, the jobs (a delivery whose claim met the outage) would wait out their whole expiry
   * before running again. What still cannot be recorded is left active, to expire and run again.
   */
  private async settle<T>(queue: QueueName, jobs: Job<T>[], failed: Map<string, Error>): Promise<void> {
    const completed = jobs.filter((job) => !failed.has(job.id)).map((job) => job.id);
    const deadline = Date.now() + (this.policy.expireSeconds * 1000) / 2;
    if (completed.length) await this.onceReachable(deadline, () => this.boss.complete(queue, completed));
    for (const [id, error] of failed) {
      await this.onceReachable(deadline, () => this.boss.fail(queue, id, { message: message(error) }));
    }
  }

  /** Runs `work`, again while the database cannot be reached (and the queue runs), until `deadline`. */
  private async onceReachable(deadline: number, work: () => Promise<unknown>): Promise<void> {
    const going = () => this.started;
    await untilReachable(work, { deadline, maxPauseMs: 2_000, sleep: (ms) => this.sleep(ms), going });
  }

  /** Waits `ms`, or less if the queue stops meanwhile. */
  private sleep(ms: number): Promise<void> {
    if (!this.started) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
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
    for (const wake of [...this.sleepers]) wake();
    await Promise.race([
      Promise.allSettled([...this.loops]),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
    // Jobs still running after the bound stay active and expire: another worker runs them again.
    this.closing = true;
    await this.boss.stop({ graceful: false, close: true, wait: true });
  }
}
