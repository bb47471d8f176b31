/** Conduct referrals (SPEC §1.5): the managers referred to, the HR system, and an outcome recorded. */
import { In } from 'typeorm';
import { NotificationChannel, RecipientKind } from '../domain/enums';
import { Complaint, Referral, Staff } from '../entities';
import type { BasePayload } from '../domain/message-payload';
import type { HrWebhookTemplate } from '../partners/webhook-events';
import type { WriteContext } from './mutation';
import type { NotificationService, Outgoing } from './notification.service';
import type { Recipients } from './recipients';
import type { RoutingService } from './routing.service';

export class ReferralNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
    private readonly routing: RoutingService,
  ) {}

  /** Conduct referral: the line manager; the senior manager (and the HR system) for senior referrals. */
  async referral(t: WriteContext, complaint: Complaint, referral: Referral): Promise<void> {
    const key = `referral:${referral.id}`;
    const out: Outgoing[] = [];
    const forAction = referral.level !== 'LINE_MANAGER_FOR_INFORMATION';
    const payload = this.recipients.base(
      t,
      complaint,
      forAction
        ? 'Consider the conduct and record the outcome of the referral.'
        : 'For your information: no action is asked of you.',
    );
    if (referral.recipientId) {
      out.push(
        this.recipients.staff(
          complaint,
          key,
          await t.tx.getRepository(Staff).findOneByOrFail({ id: referral.recipientId }),
          'referral',
          payload,
          { referralId: referral.id },
        ),
      );
    }
    if (referral.copiedLineManagerId) {
      out.push(
        this.recipients.staff(
          complaint,
          key,
          await t.tx.getRepository(Staff).findOneByOrFail({ id: referral.copiedLineManagerId }),
          'referral',
          this.recipients.base(t, complaint, 'For your information: a senior manager has the referral.'),
        ),
      );
    }
    if (referral.sentToHr) {
      out.push(
        this.hr(
          t,
          complaint,
          referral,
          key,
          'referral',
          'Fetch the referral through the graph and record its outcome.',
        ),
      );
    }
    await this.notifications.send(t, out);
  }

  /**
   * Formal action recorded on a referral by a manager: the HR system is told (once per referral), with
   * the thin payload of a senior referral; it reads the referral and records later outcomes in the graph.
   */
  async formalAction(t: WriteContext, complaint: Complaint, referral: Referral): Promise<void> {
    const action = 'Formal action was recorded: fetch the referral through the graph and record later outcomes.';
    await this.notifications.send(t, [
      this.hr(t, complaint, referral, `referral-formal-action:${referral.id}`, 'referral-formal-action', action),
    ]);
  }

  /** The HR system's signed webhook: ids, the reference and a link, nothing about the conduct or the people. */
  private hr(
    t: WriteContext,
    complaint: Complaint,
    referral: Referral,
    key: string,
    template: HrWebhookTemplate,
    action: string,
  ): Outgoing {
    return {
      key: `${key}:hr`,
      complaintId: complaint.id,
      recipientKind: RecipientKind.HR_SYSTEM,
      recipientId: null,
      address: t.config.notifications.hrWebhookUrl ?? '',
      channel: NotificationChannel.WEBHOOK,
      template,
      payload: {
        ...this.recipients.base(t, complaint, action),
        referralId: referral.id,
        staffId: referral.staffId,
        level: referral.level,
      } as BasePayload,
    };
  }

  /**
   * A referral's outcome was recorded (by the HR system, or a manager): the line manager and the
   * senior manager are told that it is there — not what it is (staff personal data stays in the graph).
   */
  async referralOutcome(
    t: WriteContext,
    complaint: Complaint,
    referral: Referral,
    recordedBy: string | null,
  ): Promise<void> {
    const key = `referral-outcome:${referral.id}:${referral.outcome}:${referral.outcomeRecordedAt?.getTime() ?? 0}`;
    const staff = await t.tx.getRepository(Staff).findOneByOrFail({ id: referral.staffId });
    const lineManagerId =
      referral.copiedLineManagerId ??
      (referral.level === 'SENIOR_MANAGER' ? null : referral.recipientId) ??
      staff.lineManagerId;
    const seniorId =
      referral.level === 'SENIOR_MANAGER'
        ? referral.recipientId
        : ((await this.routing.seniorManager(t.tx, staff.serviceAreaId ?? complaint.serviceAreaId, [staff.id]))?.id ??
          null);
    const ids = [...new Set([lineManagerId, seniorId])].filter(
      (id): id is string => Boolean(id) && id !== recordedBy && id !== staff.id,
    );
    const recipients = ids.length ? await t.tx.getRepository(Staff).findBy({ id: In(ids) }) : [];
    const payload = this.recipients.base(
      t,
      complaint,
      'The outcome of the conduct referral has been recorded: read it in the complaint’s referrals.',
    );
    await this.notifications.send(
      t,
      recipients.map((s) => this.recipients.staff(complaint, key, s, 'referral-outcome', payload)),
    );
  }
}
