/** A complaint recorded, triaged, or flagged for safeguarding: who is told (SPEC §4). */
import { Case, Complaint, Provider, Staff } from '../entities';
import type { WriteContext } from './mutation';
import type { NotificationService, Outgoing } from './notification.service';
import type { Recipients } from './recipients';
import type { RoutingService } from './routing.service';

export class IntakeNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
    private readonly routing: RoutingService,
  ) {}

  /** Complaint recorded: the acknowledgement; the owner of a child's complaint. */
  async recorded(t: WriteContext, complaint: Complaint): Promise<void> {
    const out = [
      await this.recipients.complainant(
        t,
        complaint,
        `complaint-recorded:${complaint.id}`,
        'acknowledgement',
        { dueOn: complaint.responseDueOn },
        { acknowledgesComplaintId: complaint.id },
      ),
    ];
    if (complaint.ownerId) {
      const owner = await t.tx.getRepository(Staff).findOneByOrFail({ id: complaint.ownerId });
      out.push(
        this.recipients.staff(
          complaint,
          `complaint-recorded:${complaint.id}`,
          owner,
          'child-complaint-owner',
          this.recipients.base(
            t,
            complaint,
            'Make sure a local manager contacts the child by their preferred method.',
            complaint.childContactDueOn,
          ),
        ),
      );
    }
    await this.notifications.send(t, out);
  }

  /** Not accepted, referred to a provider, local resolution: the complainant, and the provider or local manager. */
  async triaged(t: WriteContext, complaint: Complaint): Promise<void> {
    const key = `triaged:${complaint.id}`;
    const out: Outgoing[] = [];
    if (complaint.status === 'NOT_ACCEPTED') {
      out.push(
        await this.recipients.complainant(t, complaint, key, 'not-accepted', { explanation: complaint.triageNote }),
      );
    } else if (complaint.status === 'REFERRED_TO_PROVIDER' && complaint.referredProviderId) {
      out.push(
        await this.recipients.complainant(t, complaint, key, 'referred-to-provider', {
          explanation: complaint.triageNote,
        }),
      );
      const provider = await t.tx.getRepository(Provider).findOneByOrFail({ id: complaint.referredProviderId });
      out.push(
        this.recipients.provider(
          complaint,
          key,
          provider,
          'provider-referral',
          this.recipients.base(
            t,
            complaint,
            'Consider it under your own complaints procedure and contact the complainant.',
          ),
        ),
      );
    } else if (complaint.status === 'LOCAL_RESOLUTION' && complaint.localManagerId) {
      out.push(await this.recipients.complainant(t, complaint, key, 'local-resolution', {}));
      const manager = await t.tx.getRepository(Staff).findOneByOrFail({ id: complaint.localManagerId });
      out.push(
        this.recipients.staff(
          complaint,
          key,
          manager,
          'local-manager',
          this.recipients.base(
            t,
            complaint,
            'Put it right and send the complainant your written reply.',
            complaint.responseDueOn,
          ),
        ),
      );
    }
    await this.notifications.send(t, out);
  }

  /** Safeguarding: at once to the case practitioner's line manager and the senior manager. */
  async safeguarding(t: WriteContext, complaint: Complaint): Promise<void> {
    const key = `safeguarding:${complaint.id}:${complaint.safeguardingFlaggedAt?.getTime() ?? 0}`;
    const kase = complaint.caseId ? await t.tx.getRepository(Case).findOneBy({ id: complaint.caseId }) : null;
    const practitionerId = kase?.practitionerId ?? complaint.subjectStaffId;
    const recipients = new Map<string, Staff>();
    const lineManager = practitionerId ? await this.routing.lineManagerOf(t.tx, practitionerId) : null;
    if (lineManager) recipients.set(lineManager.id, lineManager);
    const senior = await this.routing.seniorManager(t.tx, complaint.serviceAreaId, [complaint.subjectStaffId]);
    if (senior) recipients.set(senior.id, senior);
    const payload = this.recipients.base(t, complaint, 'Consider the risk to the child now (s16A Children Act).');
    await this.notifications.send(
      t,
      [...recipients.values()].map((s) => this.recipients.staff(complaint, key, s, 'safeguarding-alert', payload)),
    );
  }
}
