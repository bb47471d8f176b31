/**
 * The inbound mailbox (issue 16): what the SMTP listener hands over once a message's data has arrived.
 * A message is refused with a reason, or stored — raw bytes, what it says, its attachments and the
 * job that will make it a draft complaint or correspondence — in one transaction, before the sender is
 * answered 250. Bounces, automatic replies and unreadable messages are stored QUARANTINED, with no job.
 * Also the CST managers' list of what arrived.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { InboundMessageStatus } from '../domain/enums';
import { quarantineReason, refusal, storableText, type ReceivedMessage, type Refusal } from '../domain/inbound-mail';
import { SqlParams } from '../db/entity-sql';
import { InboundAttachment, InboundMessage, InboundMessageSource } from '../entities';
import { QUEUES } from '../integrations/queue/job-queue';
import { columnKeyset, cursorPart, keysetPage, type PageArgs } from '../read/keyset-page';
import type { Selection } from '../read/look-ahead';
import type { Connection } from '../read/paging';
import type { Context } from './context';
import { requireId } from './ids';
import type { WriteContext } from './mutation';

/** The body text kept with a message (the whole message is kept as received). */
export const MESSAGE_TEXT_LIMIT = 100_000;

/** The job that makes a stored message a draft complaint or correspondence. */
export interface InboundMailJob {
  inboundMessageId: string;
}

export interface StoredMessage {
  id: string;
  status: InboundMessageStatus;
  /** The same bytes were stored before (the sender retried after an answer it did not get). */
  duplicate: boolean;
}

export interface InboundMessageFilterInput {
  status?: InboundMessageStatus | null;
  complaintId?: string | null;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const NEWEST_FIRST = columnKeyset<InboundMessage>('t', 'received_at', 'DESC', 'receivedAt', cursorPart.timestamp);

export class InboundMailService {
  /** Refused before anything is stored: too many attachments, or nothing in the body. */
  refusal(message: ReceivedMessage, maxAttachments: number): Refusal | null {
    // A message that could not be parsed at all is kept (quarantined), not refused for what could not be read.
    if (message.unparseable) return null;
    return refusal({ attachments: message.attachments.length, text: message.text.trim() }, maxAttachments);
  }

  /**
   * Stores a message in the caller's transaction, with its job unless it is quarantined. Stored once:
   * the same bytes again (a sending server that did not hear our 250 and retried) find the first copy.
   */
  async store(t: WriteContext, message: ReceivedMessage): Promise<StoredMessage> {
    const digest = sha256(message.raw);
    const reason = quarantineReason(message);
    const status = reason ? InboundMessageStatus.QUARANTINED : InboundMessageStatus.RECEIVED;
    const inserted: { id: string }[] = await t.tx
      .createQueryBuilder()
      .insert()
      .into(InboundMessage)
      .values({
        receivedAt: message.arrivedAt,
        status,
        reason,
        processedAt: reason ? message.arrivedAt : null,
        envelopeFrom: message.envelopeFrom || null,
        envelopeTo: message.envelopeTo,
        messageId: storableText(message.messageId, 1000) || null,
        fromAddress: storableText(message.fromAddress, 1000) || null,
        fromName: storableText(message.fromName, 1000) || null,
        subject: storableText(message.subject, 10_000),
        sentAt: message.sentAt && !Number.isNaN(message.sentAt.getTime()) ? message.sentAt : null,
        text: storableText(message.text, MESSAGE_TEXT_LIMIT),
        sizeBytes: message.raw.length,
        attachmentCount: message.attachments.length,
        sha256: digest,
      })
      .orIgnore()
      .returning(['id'])
      .execute()
      .then((r) => r.raw);
    if (inserted.length === 0) {
      const first = await t.tx.getRepository(InboundMessage).findOneByOrFail({ sha256: digest });
      return { id: first.id, status: first.status, duplicate: true };
    }
    const id = inserted[0].id;
    await t.tx.getRepository(InboundMessageSource).insert({ inboundMessageId: id, raw: message.raw });
    if (message.attachments.length)
      await t.tx.getRepository(InboundAttachment).insert(
        message.attachments.map((a, position) => ({
          inboundMessageId: id,
          position,
          fileName: storableText(a.fileName, 1000) || null,
          contentType: storableText(a.contentType, 255).toLowerCase() || 'application/octet-stream',
          sizeBytes: a.content.length,
          sha256: sha256(a.content),
          content: a.content,
        })),
      );
    if (!reason) await t.outbox.enqueue(t.tx, QUEUES.inboundMail, { inboundMessageId: id } satisfies InboundMailJob);
    return { id, status, duplicate: false };
  }

  /** A processing attempt failed (it is retried): the message says why while it waits. */
  async noteFailure(em: EntityManager, inboundMessageId: string, error: unknown): Promise<void> {
    const why = error instanceof Error ? error.message : String(error);
    await em.query(
      `UPDATE inbound_messages SET reason = $2, updated_at = now() WHERE id = $1 AND status = 'RECEIVED'`,
      [inboundMessageId, storableText(`processing failed (it is retried): ${why}`, 1000)],
    );
  }

  /** What the mailbox received, newest first (CST managers: the quarantine among it). */
  list(
    ctx: Context,
    args: PageArgs & { filter?: InboundMessageFilterInput | null },
    selection: Selection,
  ): Promise<Connection<InboundMessage>> {
    const filter = (p: SqlParams) => {
      const where: string[] = [];
      if (args.filter?.status) where.push(`t.status = ${p.p(args.filter.status)}`);
      if (args.filter?.complaintId)
        where.push(`t.complaint_id = ${p.p(requireId(args.filter.complaintId, 'filter.complaintId'))}`);
      return where;
    };
    return keysetPage(ctx, { type: InboundMessage, keyset: NEWEST_FIRST, filter }, args, selection);
  }
}
