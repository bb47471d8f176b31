/**
 * The notification machinery of one process: the job queue (always, so that mutations can enqueue),
 * the delivery channels, and — unless WORKERS=off — the workers that deliver and alert.
 */
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { londonDate } from './domain/calendar-date';
import { MailDropSender, SmtpMailSender, type MailSender } from './integrations/email/mail-sender';
import { LetterWriter } from './integrations/post/letter-writer';
import { JobQueue, QUEUES } from './integrations/queue/job-queue';
import { HttpWebhookSender } from './integrations/webhook/webhook-sender';
import type { Logger } from './logger';
import { SYSTEM } from './services/audit.service';
import { DeadlineAlertService, type DeadlineAlertJob } from './services/deadline-alert.service';
import { DeliveryService, type DeliveryMetrics } from './services/delivery.service';
import { ProviderChaseService, type ProviderChaseJob } from './services/provider-chase.service';

export interface WorkersOptions {
  dataSource: DataSource;
  appUrl: string;
  config: Config;
  logger: Logger;
  now?: () => Date;
  metrics?: DeliveryMetrics;
  /** Replaces the mail adapter the configuration would choose (benchmarks). */
  mail?: MailSender;
}

export class Workers {
  readonly queue: JobQueue;
  readonly delivery: DeliveryService;
  private readonly mail: MailSender;
  private readonly alerts = new DeadlineAlertService();
  private readonly chases = new ProviderChaseService();

  constructor(private readonly options: WorkersOptions) {
    const { config, logger } = options;
    const n = config.notifications;
    this.queue = new JobQueue(options.appUrl, { retryLimit: n.retryLimit, retryDelaySeconds: n.retryDelaySeconds, expireSeconds: n.expireSeconds, maintenanceSeconds: n.maintenanceSeconds }, (error) =>
      logger.error({ err: error }, 'job queue error'),
    );
    this.mail = options.mail ?? (n.smtpUrl ? new SmtpMailSender(n.smtpUrl, n.mailFrom) : new MailDropSender(n.mailDir, n.mailFrom));
    this.delivery = new DeliveryService(
      options.dataSource,
      { mail: this.mail, webhook: new HttpWebhookSender(), letters: new LetterWriter(n.letterDir) },
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
    await this.queue.work<{ notificationId: string }>(QUEUES.delivery, n.concurrency, n.pollingSeconds, async ({ notificationId }, attempt) => {
      try {
        await this.delivery.deliver(notificationId, attempt);
      } catch (error) {
        logger.warn({ notificationId, attempt: attempt.retryCount + 1, err: error }, 'delivery failed; will retry');
        throw error;
      }
    });
    await this.queue.work<DeadlineAlertJob>(QUEUES.deadline, 1, n.pollingSeconds, async (job) => {
      const now = (this.options.now ?? (() => new Date()))();
      await dataSource.transaction((tx) =>
        this.alerts.fire({ tx, actor: SYSTEM, now: () => now, today: londonDate(now), outbox: this.queue, config }, job),
      );
    });
    await this.queue.work<ProviderChaseJob>(QUEUES.providerChase, 1, n.pollingSeconds, async (job) => {
      const now = (this.options.now ?? (() => new Date()))();
      await dataSource.transaction((tx) =>
        this.chases.fire({ tx, actor: SYSTEM, now: () => now, today: londonDate(now), outbox: this.queue, config }, job),
      );
    });
  }

  async stop(timeoutMs?: number): Promise<void> {
    await this.queue.stop(timeoutMs);
    await this.mail.close();
  }
}

