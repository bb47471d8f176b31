/** A complaint recorded, triaged, or flagged for safeguarding: who is told (SPEC §4). */
import { contactHow, contactMethodFor, contactTask, unreachableInWriting } from '../domain/child-contact';
import { ComplainantKind } from '../domain/enums';
import { Case, Complainant, Complaint, Provider, Staff } from '../entities';
import type { WriteContext } from './mutation';
import type { NotificationService, Outgoing } from './notification.service';
import type { Recipients } from './recipients';
import type { RoutingService } from './routing.service';
import { UserWarningCode, warning, type UserWarningData } from '../domain/warnings';

/** What the line manager who owns a staff-not-case complaint must do (§2.3). */
export const ANSWER_STAFF_COMPLAINT =
  'Consider the complaint about a member of staff and send the complainant your written reply ' +
  'within 15 working days of its receipt.';

export class IntakeNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
    private readonly routing: RoutingService,
  ) {}

  /**
   * Complaint recorded: the acknowledgement; the owner of a child's complaint. A child with neither an
   * email nor a postal address is acknowledged by a contact: a local manager is asked to make it (§5.2),
   * and the acknowledgement stays open until the contact is recorded. Returns what the CST should know.
   */
  async recorded(t: WriteContext, complaint: Complaint): Promise<UserWarningData[]> {
    const complainant = await t.tx.getRepository(Complainant).findOneByOrFail({ id: complaint.complainantId });
    const byContact = complainant.kind === ComplainantKind.CHILD && unreachableInWriting(complainant);
    const task = byContact ? await this.childContactTask(t, complaint, complainant) : null;
    const out = task
      ? [task.outgoing]
      : [
          await this.recipients.complainant(
            t,
            complaint,
            `complaint-recorded:${complaint.id}`,
            'acknowledgement',
            { dueOn: complaint.responseDueOn },
            { acknowledgesComplaintId: complaint.id },
          ),
        ];
    // The owner is told unless the contact task is theirs already.
    if (complaint.ownerId && task?.outgoing.recipientId !== complaint.ownerId) {
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
    return task?.warnings ?? [];
  }

  /** The local manager's task: contact the child by a method needing no address, by the acknowledgement's due date. */
  private async childContactTask(
    t: WriteContext,
    complaint: Complaint,
    complainant: Complainant,
  ): Promise<{ outgoing: Outgoing; warnings: UserWarningData[] } | null> {
    const routed = await this.routing.childContactManager(t.tx, complaint);
    if (!routed) return null;
    const preferred = complainant.preferredContact;
    const method = contactMethodFor(preferred, complainant.phone);
    const payload = this.recipients.base(t, complaint, contactTask(method, preferred), complaint.acknowledgementDueOn);
    const warnings = [
      warning(
        UserWarningCode.CHILD_CONTACT_NEEDED,
        `no email or postal address is held for the child: ${routed.staff.firstName} ${routed.staff.lastName} ` +
          `is asked to contact them ${contactHow(method)}, which acknowledges the complaint`,
      ),
    ];
    if (routed.fallback) warnings.push(routed.fallback);
    return {
      outgoing: this.recipients.staff(
        complaint,
        `child-contact-task:${complaint.id}`,
        routed.staff,
        'child-contact-task',
        payload,
      ),
      warnings,
    };
  }

  /**
   * Not accepted, referred to a provider, local resolution: the complainant, and the provider or local
   * manager; a staff-not-case complaint outside the procedure: its owner, who answers it.
   */
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
    } else if (complaint.status === 'OUTSIDE_PROCEDURE' && complaint.ownerId) {
      // A staff-not-case complaint (§2.3): the employee's line manager owns and answers it.
      const owner = await t.tx.getRepository(Staff).findOneByOrFail({ id: complaint.ownerId });
      out.push(
        this.recipients.staff(
          complaint,
          key,
          owner,
          'staff-complaint-owner',
          this.recipients.base(t, complaint, ANSWER_STAFF_COMPLAINT, complaint.responseDueOn),
        ),
      );
    } else if (complaint.status === 'OUTSIDE_PROCEDURE' && complaint.localManagerId) {
      // A professional's concern (or another outside the procedure) routed to a named local manager.
      const manager = await t.tx.getRepository(Staff).findOneByOrFail({ id: complaint.localManagerId });
      const action = 'Consider it outside the complaints procedure and reply to the complainant.';
      out.push(
        this.recipients.staff(
          complaint,
          key,
          manager,
          'outside-procedure-manager',
          this.recipients.base(t, complaint, action, complaint.responseDueOn),
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
