/**
 * Delivery (SPEC §4): the worker's side of the outbox. A batch of notifications is claimed with a
 * lease (one statement), sent outside any transaction through the pooled channels, and each outcome
 * recorded within moments of its send's end (one statement for the outcomes that end within
 * RECORD_LINGER_MS of each other, or one transaction per message whose delivery completes a step).
 * No transaction is held while a partner is talked to, so a database connection that dies mid-send
 * cannot roll back a message the peer has accepted; a worker that dies mid-send leaves a lease that
 * expires, and the job runs again. A duplicate is therefore possible only for a message the peer
 * accepted right before a crash (one whose send had ended but whose outcome was not yet written),
 * and it carries the same Message-ID (webhook-id).
 *
 * Transient failures are retried with backoff by the job queue; permanent ones, and the last
 * attempt, make the row FAILED. A job whose every attempt was cut short reaches the dead-letter
 * queue, and `giveUp` fails its row: no row is ever left PENDING without a job that will settle it.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import { NotificationChannel, NotificationStatus, type RecipientKind } from '../domain/enums';
import type { NotificationPayload } from '../entities/notification.entity';
import { DeliveryError } from '../integrations/delivery-error';
import type { MailSender } from '../integrations/email/mail-sender';
import { RetryLater, type Job, type Lifeline } from '../integrations/queue/job-queue';
import { render, type TemplateName } from '../integrations/templates/templates';
import type { WebhookSender } from '../integrations/webhook/webhook-sender';
import type { Outbox } from './context';
import { untilReachable } from '../db/connection-errors';
import { DeliveryEffects } from './delivery-effects.service';
import type { DocumentService } from './document.service';
import { isLetter, produceLetter, type LetterFile } from './letters';
import { GroupCommit } from './group-commit';
import { systemWrite } from './mutation';
import { webhookTarget } from './webhook-target';

export interface Channels {
  mail: MailSender;
  webhook: WebhookSender;
  /** Where letters are kept: a POST letter's PDF waits there to be printed, an email's is kept as sent. */
  documents: DocumentService;
}

export interface DeliveryMetrics {
  delivered(channel: NotificationChannel): void;
  failed(channel: NotificationChannel): void;
}

/** A delivery job's data. */
export interface DeliveryJob {
  notificationId: string;
}

/** A notification as claimed for sending. */
interface Claimed {
  id: string;
  complaintId: string | null;
  channel: NotificationChannel;
  template: TemplateName;
  recipientKind: RecipientKind;
  recipientId: string | null;
  recipientAddress: string;
  idempotencyKey: string;
  payload: NotificationPayload;
  createdAt: Date;
}

/** What one send came to. */
type Outcome =
  | { row: Claimed; job: Job<DeliveryJob>; sent: true; letter: LetterFile | null }
  | { row: Claimed; job: Job<DeliveryJob>; sent: false; error: DeliveryError };

/** The deterministic Message-ID (and webhook-id) of a notification. */
export const messageIdOf = (n: { id: string }) => `<${n.id}@complaints-gateway>`;

/**
 * How long an outcome waits for others to be recorded with it: a third as many statements at full
 * speed (`npm run bench:notify`), against a few more messages that a crash could leave unrecorded.
 */
const RECORD_LINGER_MS = 20;

/** Why a row whose every attempt was cut short is FAILED. */
const CUT_SHORT =
  'delivery was cut short on every attempt (the worker stopped or lost the database): ' +
  'it may or may not have reached the recipient';

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

  /** The webhook's JSON body (Standard Webhooks shape): thin, ids and the reference only. */
  private webhookBody(n: Claimed): string {
    const { effect: _effect, ...data } = n.payload;
    return JSON.stringify({ type: n.template, timestamp: n.createdAt.toISOString(), data });
  }

  /** Sends one notification; a letter to the complainant comes back, to be kept with the outcome. */
  private async sendOne(n: Claimed): Promise<LetterFile | null> {
    const rendered = render(n.template, n.payload);
    if (n.channel === NotificationChannel.POST && !n.recipientAddress)
      throw new DeliveryError('the complainant has neither an email address nor a postal address', true);
    const letter = isLetter(n)
      ? await produceLetter(this.config.notifications.letterhead, n, rendered, this.now())
      : null;
    switch (n.channel) {
      case NotificationChannel.EMAIL: {
        const { subject, text, html } = rendered;
        // The complainant's letter rides along as a PDF: the same document as the one kept (its digest).
        const attachments = letter
          ? [{ filename: letter.filename, content: letter.bytes, contentType: letter.contentType }]
          : undefined;
        await this.channels.mail.send({
          messageId: messageIdOf(n),
          to: n.recipientAddress,
          subject,
          text,
          html,
          attachments,
        });
        return letter;
      }
      case NotificationChannel.WEBHOOK: {
        // To the endpoint as it stands now, signed with the current secret and, during a rotation's grace period,
        // the previous one; stamped with the wall clock (the receiver checks it against its own).
        const { url, secrets } = await webhookTarget(this.ds, this.config, n, this.now());
        if (!url) throw new DeliveryError('no webhook URL is configured for this partner (HR_WEBHOOK_URL)', true);
        await this.channels.webhook.send({ url, secrets, id: n.idempotencyKey, body: this.webhookBody(n) });
        return null;
      }
      case NotificationChannel.POST:
        // The PDF is the letter: kept as the complaint's document, it waits there to be printed and posted.
        return letter;
    }
  }

  /**
   * Delivers a batch of jobs. Resolves with the jobs to retry later (a transient failure with
   * attempts left, a message another worker is sending); every other job is done.
   */
  async deliverBatch(jobs: Job<DeliveryJob>[], life: Lifeline): Promise<Map<string, Error>> {
    const token = randomUUID();
    const byId = new Map(jobs.map((job) => [job.data.notificationId, job]));
    const claimed = await this.claim([...byId.keys()], token);
    // The lease lives as long as the jobs: however long a partner takes, a live worker keeps the rows
    // it is sending (neither claimed again nor cancelled); a dead one lets both run out together.
    life.alongside(() => this.renewLease(token));
    const retry = new Map<string, Error>();
    const claimedIds = new Set(claimed.map((c) => c.id));
    for (const id of await this.heldElsewhere([...byId.keys()].filter((id) => !claimedIds.has(id))))
      retry.set(byId.get(id)!.id, new RetryLater('another worker holds this notification'));
    // Each outcome is recorded soon after its send ends (grouped with those that end within RECORD_LINGER_MS),
    // so a worker that dies leaves unrecorded only the messages of its last moments, not the whole batch.
    const recorder = new GroupCommit<Outcome>(
      (group) => this.persistently(() => this.record(group, token)),
      RECORD_LINGER_MS,
    );
    const outcomes = await Promise.all(
      claimed.map(async (row) => {
        const outcome = await this.attempt(row, byId.get(row.id)!);
        recorder.add(outcome);
        return outcome;
      }),
    );
    await recorder.done();
    for (const o of outcomes) {
      if (o.sent) this.metrics?.delivered(o.row.channel);
      else {
        this.metrics?.failed(o.row.channel);
        if (!this.isLast(o)) retry.set(o.job.id, new RetryLater(o.error.message));
      }
    }
    return retry;
  }

  private async attempt(row: Claimed, job: Job<DeliveryJob>): Promise<Outcome> {
    try {
      return { row, job, sent: true, letter: await this.sendOne(row) };
    } catch (error) {
      // Anything unexpected (a template that cannot render) is recorded and retried like a transient failure.
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError(error instanceof Error ? error.message : String(error), false);
      return { row, job, sent: false, error: failure };
    }
  }

  private isLast(o: Outcome & { sent: false }): boolean {
    return o.error.permanent || o.job.retryCount >= o.job.retryLimit;
  }

  /** Leases the PENDING, unleased rows among `ids` to this batch; each claim counts as an attempt. */
  private async claim(ids: string[], token: string): Promise<Claimed[]> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [Record<string, unknown>[], number] = await this.ds.query(
      `UPDATE notifications
          SET lease_until = now() + make_interval(secs => $3), lease_token = $2, attempts = attempts + 1,
              last_attempt_at = $4
        WHERE id = ANY($1::uuid[]) AND status = $5
          AND (lease_until IS NULL OR lease_until < now())
        RETURNING id, complaint_id, channel, template, recipient_kind, recipient_id, recipient_address,
                  idempotency_key, payload, created_at`,
      [ids, token, this.config.notifications.expireSeconds, this.now(), NotificationStatus.PENDING],
    );
    return rows.map((r) => ({
      id: r.id as string,
      complaintId: r.complaint_id as string | null,
      channel: r.channel as NotificationChannel,
      template: r.template as TemplateName,
      recipientKind: r.recipient_kind as RecipientKind,
      recipientId: r.recipient_id as string | null,
      recipientAddress: r.recipient_address as string,
      idempotencyKey: r.idempotency_key as string,
      payload: r.payload as NotificationPayload,
      createdAt: r.created_at as Date,
    }));
  }

  /** Gives this batch's lease, on the rows it has not yet recorded, its whole length again from now. */
  private async renewLease(token: string): Promise<void> {
    await this.ds.query(
      `UPDATE notifications SET lease_until = now() + make_interval(secs => $2) WHERE lease_token = $1 AND status = $3`,
      [token, this.config.notifications.expireSeconds, NotificationStatus.PENDING],
    );
  }

  /** Of rows this batch did not claim, those still PENDING: another worker's lease has not run out. */
  private async heldElsewhere(ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM notifications WHERE id = ANY($1::uuid[]) AND status = $2`,
      [ids, NotificationStatus.PENDING],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Records outcomes under this batch's lease: plain ones in one statement, steps with their row. A
   * letter is kept in the transaction that records its outcome, only when the outcome was recorded.
   */
  private async record(outcomes: Outcome[], token: string): Promise<void> {
    const at = this.now();
    const plain = outcomes.filter((o) => !this.completesStep(o));
    if (plain.length) {
      // An endpoint that answered 410 is disabled in the same transaction as its message is failed.
      const gone = plain.filter((o) => !o.sent && o.error.gone && o.row.recipientId).map((o) => o.row.recipientId);
      const letters = plain.some((o) => o.sent && o.letter);
      const write = async (em: EntityManager) => {
        const [rows]: [{ id: string }[], number] = await em.query(
          `UPDATE notifications n
              SET status = v.status::notification_status, last_error = v.error,
                  sent_at = CASE WHEN v.status = $6 THEN $2::timestamptz END, lease_until = NULL, lease_token = NULL
             FROM unnest($3::uuid[], $4::text[], $5::text[]) AS v(id, status, error)
            WHERE n.id = v.id AND n.lease_token = $1
            RETURNING n.id`,
          [
            token,
            at,
            plain.map((o) => o.row.id),
            plain.map((o) => this.statusOf(o)),
            plain.map((o) => (o.sent ? null : o.error.message.slice(0, 1000))),
            NotificationStatus.SENT,
          ],
        );
        const recorded = new Set(rows.map((r) => r.id));
        for (const o of plain) if (recorded.has(o.row.id)) await this.keepLetter(em, o, at);
        if (gone.length)
          await em.query(
            'UPDATE providers SET webhook_disabled_at = $2 WHERE id = ANY($1::uuid[]) AND webhook_disabled_at IS NULL',
            [gone, at],
          );
      };
      await (gone.length || letters ? this.ds.transaction(write) : write(this.ds.manager));
    }
    for (const o of outcomes.filter((o) => this.completesStep(o))) await this.recordStep(o, token, at);
  }

  /** A sent message that completes a step: its row, its letter and the step, in one transaction. */
  private async recordStep(o: Outcome, token: string, at: Date): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const [, updated] = await tx.query(
        `UPDATE notifications SET status = $4, sent_at = $3, last_error = NULL, lease_until = NULL,
                lease_token = NULL
          WHERE id = $1 AND lease_token = $2`,
        [o.row.id, token, at, NotificationStatus.SENT],
      );
      if (!updated) return;
      await this.keepLetter(tx, o, at);
      await this.effects.apply(
        systemWrite(tx, () => at, this.outbox, this.config),
        o.row.payload.effect!,
        at,
      );
    });
  }

  /** Keeps a sent letter as the complaint's document (once per notification). */
  private async keepLetter(em: EntityManager, o: Outcome, at: Date): Promise<void> {
    const complaintId = o.row.complaintId;
    if (!o.sent || !o.letter || !complaintId) return;
    const { row } = o;
    await this.channels.documents.keepLetter(
      em,
      {
        notificationId: row.id,
        complaintId,
        template: row.template,
        channel: row.channel,
        recipientKind: row.recipientKind,
        recipientId: row.recipientId,
        letter: o.letter,
      },
      at,
    );
  }

  /** A sent email or webhook whose delivery completes a step (a court told, a complaint acknowledged). */
  private completesStep(o: Outcome): boolean {
    return o.sent && o.row.channel !== NotificationChannel.POST && Object.keys(o.row.payload.effect ?? {}).length > 0;
  }

  private statusOf(o: Outcome): NotificationStatus {
    if (o.sent)
      return o.row.channel === NotificationChannel.POST ? NotificationStatus.AWAITING_POST : NotificationStatus.SENT;
    return this.isLast(o) ? NotificationStatus.FAILED : NotificationStatus.PENDING;
  }

  /**
   * Recording an outcome outlives a lost connection: it is tried again (a message the peer accepted
   * must not be sent twice because one connection was cut) for up to half the lease.
   */
  private async persistently(work: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + (this.config.notifications.expireSeconds * 1000) / 2;
    await untilReachable(work, { deadline, maxPauseMs: 5_000 });
  }

  /**
   * The dead-letter queue's side: a delivery job used up its retries without recording an outcome
   * (its workers stopped or lost the database mid-send). The row becomes FAILED — visible, and
   * retryable by `retryNotification` — once no lease is live; it may have reached its recipient.
   */
  async giveUp(notificationId: string): Promise<void> {
    const [, failed] = await this.ds.query(
      `UPDATE notifications
          SET status = $2, lease_until = NULL, lease_token = NULL, last_error = $4
        WHERE id = $1 AND status = $3 AND (lease_until IS NULL OR lease_until < now())`,
      [notificationId, NotificationStatus.FAILED, NotificationStatus.PENDING, CUT_SHORT],
    );
    if (failed) return;
    const held = await this.heldElsewhere([notificationId]);
    if (held.length) throw new RetryLater('a worker is still delivering this notification');
  }
}
