/**
 * A correction that re-routes a role (issue 15): who is told. The senior manager who now owns a child's
 * complaint is told as the owner is at intake; an approver asked instead of the one now complained
 * about is asked as at submission (ResponseNotices.approvalRequested).
 */
import { isFinal } from '../domain/complaint-status';
import type { Complaint, Staff } from '../entities';
import { ANSWER_STAFF_COMPLAINT } from './intake-notices';
import type { WriteContext } from './mutation';
import type { NotificationService } from './notification.service';
import type { Recipients } from './recipients';

export class CorrectionNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  /** The new owner of a child's complaint still open: what to see to, and by when. */
  async ownerChanged(t: WriteContext, complaint: Complaint, owner: Staff): Promise<void> {
    if (isFinal(complaint.status)) return;
    const contacted = complaint.childContactedOn !== null;
    const payload = this.recipients.base(
      t,
      complaint,
      // Only what to do: not who the complaint is about (SPEC §1.14).
      contacted
        ? 'You now own this complaint: see that the response is sent by the due date.'
        : 'You now own this complaint: make sure a local manager contacts the child by their preferred method.',
      contacted ? complaint.responseDueOn : complaint.childContactDueOn,
    );
    await this.notifications.send(t, [
      this.recipients.staff(
        complaint,
        `owner-changed:${complaint.id}:${complaint.version}`,
        owner,
        'child-complaint-owner',
        payload,
      ),
    ]);
  }

  /** A staff-not-case complaint outside the procedure now about someone else: their line manager answers it. */
  async answererChanged(t: WriteContext, complaint: Complaint, answerer: Staff): Promise<void> {
    const payload = this.recipients.base(t, complaint, ANSWER_STAFF_COMPLAINT, complaint.responseDueOn);
    await this.notifications.send(t, [
      this.recipients.staff(
        complaint,
        `answerer-changed:${complaint.id}:${complaint.version}`,
        answerer,
        'staff-complaint-owner',
        payload,
      ),
    ]);
  }
}
