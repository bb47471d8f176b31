/** What a delivered message completes in the procedure: a court told, a referral made, a complaint acknowledged. */
import { Complaint, CourtNotification } from '../entities';
import { SYSTEM } from './audit.service';
import type { ComplaintStore } from './complaint-store';
import type { CourtActionService } from './court-action.service';
import type { WriteContext } from './mutation';
import type { DeliveryEffect } from '../entities/notification.entity';

export class DeliveryEffects {
  constructor(
    private readonly store: ComplaintStore,
    private readonly courtActions: CourtActionService,
  ) {}

  async apply(t: WriteContext, effect: DeliveryEffect, at: Date): Promise<void> {
    const { tx } = t;
    if (effect.courtNotificationId) {
      const cn = await tx.getRepository(CourtNotification).findOneBy({ id: effect.courtNotificationId });
      if (cn && !cn.sentAt) await this.courtActions.markSent(t, cn, at, { edit: false, actor: SYSTEM });
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
