/** What a delivered message completes in the procedure: a court told, a referral made, a complaint acknowledged. */
import { Complaint, CourtNotification } from '../entities';
import { SYSTEM } from './audit.service';
import { ComplaintStore } from './complaint-store';
import type { WriteContext } from './mutation';
import type { DeliveryEffect } from '../entities/notification.entity';

export class DeliveryEffects {
  constructor(private readonly store: ComplaintStore) {}

  async apply(t: WriteContext, effect: DeliveryEffect, at: Date): Promise<void> {
    const { tx } = t;
    if (effect.courtNotificationId) {
      const cn = await tx.getRepository(CourtNotification).findOneBy({ id: effect.courtNotificationId });
      if (cn && !cn.sentAt) {
        await tx.getRepository(CourtNotification).update(cn.id, { sentAt: at });
        const complaint = await this.store.lock(t, cn.complaintId);
        const updated = await this.store.update(t, complaint, {}, 'court-notification.sent', {
          edit: false,
          actor: SYSTEM,
          entity: { type: 'CourtNotification', id: cn.id },
          detail: { reason: cn.reason, courtId: cn.courtId, sentAt: at },
        });
        await this.store.closeIfDone(t, updated);
      }
    }
    if (effect.referralId)
      await tx.query('UPDATE referrals SET referred_at = $2 WHERE id = $1 AND referred_at IS NULL', [
        effect.referralId,
        at,
      ]);
    if (effect.providerEngagementId) {
      await tx.query('UPDATE provider_engagements SET requested_at = $2 WHERE id = $1 AND requested_at IS NULL', [
        effect.providerEngagementId,
        at,
      ]);
    }
    if (effect.acknowledgesComplaintId) {
      const complaint = await tx.getRepository(Complaint).findOneBy({ id: effect.acknowledgesComplaintId });
      if (complaint && !complaint.acknowledgedAt) {
        await this.store.update(
          t,
          await this.store.lock(t, complaint.id),
          { acknowledgedAt: at },
          'complaint.acknowledged',
          {
            edit: false,
            actor: SYSTEM,
            detail: { by: 'acknowledgement sent' },
          },
        );
      }
    }
  }
}
