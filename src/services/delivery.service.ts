/**
 * Delivery (SPEC §4): the worker's side of the outbox. One notification at a time, its row locked
 * while it is sent so that two workers never send it together; retried with backoff on transient
 * failures, FAILED at once on permanent ones and after the last attempt. Delivery completes the
 * domain step it stands for (a court told, a referral made, the acknowledgement sent).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import { NotificationChannel, NotificationStatus } from '../domain/enums';
import { Notification, Provider } from '../entities';
import { DeliveryError } from '../integrations/delivery-error';
import type { MailSender } from '../integrations/email/mail-sender';
import type { LetterWriter } from '../integrations/post/letter-writer';
import { RetryLater } from '../integrations/queue/job-queue';
import { letter, render } from '../integrations/templates/templates';
import type { WebhookSender } from '../integrations/webhook/webhook-sender';
import type { Outbox } from '../graphql/context';
import { DeliveryEffects } from './delivery-effects.service';
import { systemWrite, type WriteContext } from './mutation';

export interface Channels {
  mail: MailSender;
  webhook: WebhookSender;
  letters: LetterWriter;
}

export interface DeliveryMetrics {
  delivered(channel: NotificationChannel): void;
  failed(channel: NotificationChannel): void;
}

/** The deterministic Message-ID (and webhook-id) of a notification. */
export const messageIdOf = (n: Pick<Notification, 'id'>) => `<${n.id}@complaints-gateway>`;

export class DeliveryService {
  constructor(
    private readonly effects: DeliveryEffects,
    private readonly ds: DataSource,
    private readonly channels: Channels,
    private readonly config: Config,
    private readonly outbox: Outbox,
    private readonly metrics?: DeliveryMetrics,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A system write context for the domain effects of delivery. */
  private writer(tx: EntityManager): WriteContext {
    return systemWrite(tx, this.now, this.outbox, this.config);
  }

  /** The webhook's JSON body (Standard Webhooks shape): thin, ids and the reference only. */
  private webhookBody(n: Notification): string {
    const { effect: _effect, ...data } = n.payload;
    return JSON.stringify({ type: n.template, timestamp: n.createdAt.toISOString(), data });
  }

  private async sendOne(tx: EntityManager, n: Notification): Promise<{ letterFile?: string }> {
    const rendered = render(n.template, n.payload);
    switch (n.channel) {
      case NotificationChannel.EMAIL:
        await this.channels.mail.send({ messageId: messageIdOf(n), to: n.recipientAddress, ...rendered });
        return {};
      case NotificationChannel.WEBHOOK: {
        if (!n.recipientAddress)
          throw new DeliveryError('no webhook URL is configured for this partner (HR_WEBHOOK_URL)', true);
        const secret = n.recipientId
          ? (await tx.getRepository(Provider).findOneBy({ id: n.recipientId }))?.webhookSecret
          : this.config.notifications.hrWebhookSecret;
        if (!secret) throw new DeliveryError('no webhook secret is configured for this partner', true);
        await this.channels.webhook.send(
          { url: n.recipientAddress, secret, id: n.idempotencyKey, body: this.webhookBody(n) },
          this.now(),
        );
        return {};
      }
      case NotificationChannel.POST:
        if (!n.recipientAddress)
          throw new DeliveryError('the complainant has neither an email address nor a postal address', true);
        return {
          letterFile: await this.channels.letters.write({
            id: n.id,
            address: n.recipientAddress,
            subject: rendered.subject,
            html: letter(n.recipientAddress, rendered),
          }),
        };
    }
  }

  /**
   * Delivers one notification. Throws `RetryLater` after recording a transient failure that still
   * has attempts left, so that the queue retries it with backoff.
   */
  async deliver(notificationId: string, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
    let retry: string | null = null;
    await this.ds.transaction(async (tx) => {
      const n = await tx
        .getRepository(Notification)
        .findOne({ where: { id: notificationId }, lock: { mode: 'pessimistic_write' } });
      // Gone (its consequence was replaced), already delivered, waiting for the post room, or given up.
      if (!n || n.status !== NotificationStatus.PENDING) return;
      const at = this.now();
      try {
        const { letterFile } = await this.sendOne(tx, n);
        const status =
          n.channel === NotificationChannel.POST ? NotificationStatus.AWAITING_POST : NotificationStatus.SENT;
        await tx.getRepository(Notification).update(n.id, {
          status,
          attempts: n.attempts + 1,
          lastAttemptAt: at,
          lastError: null,
          sentAt: status === NotificationStatus.SENT ? at : null,
          letterFile: letterFile ?? null,
        });
        if (status === NotificationStatus.SENT) await this.effects.apply(this.writer(tx), n.payload.effect ?? {}, at);
        this.metrics?.delivered(n.channel);
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        const last = error.permanent || attempt.retryCount >= attempt.retryLimit;
        await tx.getRepository(Notification).update(n.id, {
          status: last ? NotificationStatus.FAILED : NotificationStatus.PENDING,
          attempts: n.attempts + 1,
          lastAttemptAt: at,
          lastError: error.message.slice(0, 1000),
        });
        if (error.gone && n.recipientId)
          await tx.getRepository(Provider).update(n.recipientId, { webhookDisabledAt: at });
        this.metrics?.failed(n.channel);
        if (!last) retry = error.message;
      }
    });
    if (retry) throw new RetryLater(retry);
  }
}
