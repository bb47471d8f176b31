/**
 * The transactional outbox (SPEC §4): a Notification row per message and recipient, with an
 * idempotency key naming the event instance and the recipient, written in the same transaction
 * as the change that causes it, with its delivery job. Who is told of what is decided per event by
 * the notices (`*-notices.ts`); what each may see, by the payload built for their kind of recipient
 * (`recipients.ts`).
 */

import { NotificationChannel, NotificationStatus, RecipientKind } from '../domain/enums';
import { QUEUES } from '../integrations/queue/job-queue';
import type { TemplatePayload } from '../domain/message-payload';
import type { TemplateName } from '../integrations/templates/templates';
import type { DeliveryEffect } from '../entities/notification.entity';
import type { WriteContext } from './mutation';

/** One message to one recipient, as an event's notices decide it; `effect` is what its delivery completes. */
export interface Outgoing {
  key: string;
  complaintId: string | null;
  recipientKind: RecipientKind;
  recipientId: string | null;
  address: string;
  channel: NotificationChannel;
  template: TemplateName;
  payload: TemplatePayload;
  effect?: DeliveryEffect;
}

export class NotificationService {
  /** Writes the rows (once per idempotency key) and their jobs. Returns how many were new. */
  async send(t: WriteContext, outgoing: Outgoing[]): Promise<number> {
    let created = 0;
    for (const o of outgoing) {
      const [row] = await t.tx.query(
        `INSERT INTO notifications (complaint_id, recipient_kind, recipient_id, recipient_address, channel, template,
                                    idempotency_key, payload, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [
          o.complaintId,
          o.recipientKind,
          o.recipientId,
          o.address,
          o.channel,
          o.template,
          o.key,
          { ...o.payload, effect: o.effect ?? {} },
          NotificationStatus.PENDING,
        ],
      );
      if (!row) continue;
      created += 1;
      await t.outbox.enqueue(
        t.tx,
        QUEUES.delivery,
        { notificationId: row.id },
        { singletonKey: `notification:${row.id}` },
      );
    }
    return created;
  }

  /**
   * Pending messages that a replaced or removed consequence made pointless. A message a worker is
   * sending right now (its lease live) cannot be called back: it stays, and is recorded as it ends.
   */
  async cancelPending(t: WriteContext, effect: keyof DeliveryEffect, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await t.tx.query(
      `DELETE FROM notifications
        WHERE status = $3 AND payload->'effect'->>$1 = ANY($2::text[])
          AND (lease_until IS NULL OR lease_until < now())`,
      [effect, ids, NotificationStatus.PENDING],
    );
  }
}
