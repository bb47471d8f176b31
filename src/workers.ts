/**
 * The notification machinery of one process: the job queue (always, so that mutations can enqueue),
 * the delivery channels, and — unless WORKERS=off — the workers that deliver and alert.
 */
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { MailDropSender, SmtpMailSender, type MailSender } from './integrations/email/mail-sender';
import { JobQueue, QUEUES } from './integrations/queue/job-queue';
import { HttpWebhookSender } from './integrations/webhook/webhook-sender';
import type { Logger } from './logger';
import type { DeadlineAlertJob } from './services/deadline-alert.service';
import { DeliveryService, type DeliveryJob, type DeliveryMetrics } from './services/delivery.service';
import { systemWrite, type WriteContext } from './services/mutation';
import type { ProviderChaseJob } from './services/provider-chase.service';
import type { ContactReviewJob } from './services/contact-restriction.service';
import { RetentionService } from './services/retention.service';
import { sealAuditTrail } from './services/audit-seal.service';
import { configuredSigner } from './integrations/audit-seal/seal-key';
import type { Services } from './services/services';
import type { InboundMailJob } from './services/inbound-mail.service';
import type { Tracing } from './telemetry/tracing';

/** Notifications one delivery loop claims and sends at once. */
const DELIVERY_BATCH = 50;

/** A retention run still active after this long (its worker died) is retried; runs are idempotent. */
const RETENTION_EXPIRE_SECONDS = 4 * 3600;

/** A sealing still active after this long (its worker died) is retried. */
const SEAL_EXPIRE_SECONDS = 600;

export interface WorkersOptions {
  dataSource: DataSource;
  appUrl: string;
  config: Config;
  logger: Logger;
  now?: () => Date;
  metrics?: DeliveryMetrics;
  /** Replaces the mail adapter the configuration would choose (benchmarks). */
  mail?: MailSender;
  /** The services (src/services/services.ts) whose jobs the workers run. */
  services: Pick<
    Services,
    | 'audit'
    | 'alerts'
    | 'chases'
    | 'contactRestrictions'
    | 'deliveryEffects'
    | 'documents'
    | 'inboundMail'
    | 'emailComplaints'
    | 'files'
  >;
  /** Tracing, when on: a span per job batch and job, linked to the request that enqueued it. */
  tracing?: Tracing | null;
}

export class Workers {
  readonly queue: JobQueue;
  readonly delivery: DeliveryService;
  private readonly mail: MailSender;
  readonly retention: RetentionService;

  constructor(private readonly options: WorkersOptions) {
    const { config, logger } = options;
    const n = config.notifications;
    // The queue's clock (the retention schedule) runs where workers run, looking as often as they poll.
    const clockSeconds = n.workers ? Math.min(30, Math.max(1, Math.ceil(n.pollingSeconds))) : undefined;
    this.queue = new JobQueue(
      options.appUrl,
      {
        loops: n.workers ? n.concurrency + 4 : 0,
        retryLimit: n.retryLimit,
        retryDelaySeconds: n.retryDelaySeconds,
        expireSeconds: n.expireSeconds,
        maintenanceSeconds: n.maintenanceSeconds,
      },
      (error) => logger.error({ err: error }, 'job queue error'),
      clockSeconds,
      options.tracing?.tracer,
    );
    // Delivery and retention bind this process's database, channels and queue; their rules are the services'.
    this.retention = new RetentionService(options.services.audit, options.dataSource, config, options.services.files);
    this.mail =
      options.mail ??
      (n.smtpUrl ? new SmtpMailSender(n.smtpUrl, n.mailFrom) : new MailDropSender(n.mailDir, n.mailFrom));
    this.delivery = new DeliveryService(
      options.services.deliveryEffects,
      options.dataSource,
      { mail: this.mail, webhook: new HttpWebhookSender(), documents: options.services.documents },
      config,
      this.queue,
      options.metrics,
      options.now,
    );
  }

  get running(): boolean {
    return this.queue.running;
  }

  async start(): Promise<void> {
    const { config, logger, dataSource } = this.options;
    const n = config.notifications;
    await this.queue.start();
    if (!n.workers) return;
    // Delivery claims whole batches (one statement), sends them side by side and records outcomes as they end.
    const every = { pollingSeconds: n.pollingSeconds, batchSize: DELIVERY_BATCH };
    const deliveryLoops = { ...every, concurrency: n.concurrency };
    await this.queue.workBatch<DeliveryJob>(QUEUES.delivery, deliveryLoops, async (jobs, life) => {
      const retry = await this.delivery.deliverBatch(jobs, life);
      for (const [jobId, error] of retry) {
        const job = jobs.find((j) => j.id === jobId)!;
        logger.warn(
          { notificationId: job.data.notificationId, attempt: job.retryCount + 1, err: error },
          'delivery failed; will retry',
        );
      }
      return retry;
    });
    await this.queue.work<DeliveryJob>(QUEUES.undeliverable, { ...every, concurrency: 1 }, async (job) => {
      await this.delivery.giveUp(job.notificationId);
      logger.error({ notificationId: job.notificationId }, 'delivery cut short on every attempt: notification FAILED');
    });
    // Jobs that change the domain run as the gateway, each in its own transaction, on one clock reading.
    const asGateway = (work: (t: WriteContext) => Promise<unknown>) => {
      const now = (this.options.now ?? (() => new Date()))();
      return dataSource.transaction((tx) => work(systemWrite(tx, () => now, this.queue, config)));
    };
    const single = { pollingSeconds: n.pollingSeconds, batchSize: 10, concurrency: 1 };
    await this.queue.work<DeadlineAlertJob>(QUEUES.deadline, single, (job) =>
      asGateway((t) => this.options.services.alerts.fire(t, job)).then(() => undefined),
    );
    await this.queue.work<ProviderChaseJob>(QUEUES.providerChase, single, (job) =>
      asGateway((t) => this.options.services.chases.fire(t, job)).then(() => undefined),
    );
    await this.queue.work<ContactReviewJob>(QUEUES.contactReview, single, (job) =>
      asGateway((t) => this.options.services.contactRestrictions.fireReview(t, job)).then(() => undefined),
    );
    // A received email becomes a draft complaint or correspondence; a failed attempt says why on the message.
    await this.queue.work<InboundMailJob>(QUEUES.inboundMail, single, (job) =>
      asGateway((t) => this.options.services.emailComplaints.process(t, job)).then(
        () => undefined,
        async (error: unknown) => {
          await this.options.services.inboundMail
            .noteFailure(dataSource.manager, job.inboundMessageId, error)
            .catch(() => undefined);
          throw error;
        },
      ),
    );
    await this.queue.work(QUEUES.retention, { ...single, batchSize: 1 }, async () => {
      const run = await this.retention.run({ now: this.options.now ?? (() => new Date()) });
      logger.info(
        {
          today: run.today,
          years: run.years,
          anonymised: run.anonymised.length,
          kept: run.kept.length,
          failed: run.failed.length,
        },
        'retention run',
      );
      for (const f of run.failed)
        logger.error(
          { complaintId: f.complaintId, err: new Error(f.error) },
          'retention: a complaint could not be anonymised',
        );
      // Fails the job, so it is retried (with backoff) for the complaints left.
      if (run.failed.length) throw new Error(`${run.failed.length} complaint(s) could not be anonymised`);
    });
    await this.queue.schedule(QUEUES.retention, config.retention.schedule, RETENTION_EXPIRE_SECONDS);
    await this.startSealing();
  }

  /** Seals the audit trail's chain heads into signed checkpoints on AUDIT_SEAL_SCHEDULE (SPEC §5). */
  private async startSealing(): Promise<void> {
    const { config, logger, dataSource } = this.options;
    const signer = configuredSigner(config.auditSeal);
    if (!signer) {
      logger.error(
        'AUDIT_SEAL_KEY_FILE is not set: the audit trail is not sealed, so a truncated, deleted or re-hashed chain ' +
          'goes undetected by audit:verify',
      );
      await this.queue.schedule(QUEUES.auditSeal, null, SEAL_EXPIRE_SECONDS);
      return;
    }
    const single = { pollingSeconds: config.notifications.pollingSeconds, batchSize: 1, concurrency: 1 };
    await this.queue.work(QUEUES.auditSeal, single, async () => {
      const sealed = await sealAuditTrail(dataSource, signer, (this.options.now ?? (() => new Date()))());
      logger.info({ ...sealed, keyId: signer.keyId }, 'audit trail sealed');
    });
    await this.queue.schedule(QUEUES.auditSeal, config.auditSeal.schedule, SEAL_EXPIRE_SECONDS);
  }

  async stop(timeoutMs?: number): Promise<void> {
    await this.queue.stop(timeoutMs);
    await this.mail.close();
  }
}
