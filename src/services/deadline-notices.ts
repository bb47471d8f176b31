/** Deadlines (SPEC §4): reminders, breaches, and due dates that a hearing moved. */
import { Complaint } from '../entities';
import type { WriteContext } from './mutation';
import type { NotificationService } from './notification.service';
import type { Recipients } from './recipients';

export class DeadlineNotices {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  /** A reminder before a due date: the assigned CST officer, else the CST mailbox. */
  async reminder(t: WriteContext, complaint: Complaint, dueOn: string): Promise<void> {
    await this.notifications.send(t, [
      await this.recipients.cst(
        t,
        complaint,
        `reminder:${complaint.id}:${dueOn}`,
        'deadline-reminder',
        this.recipients.base(t, complaint, 'Make sure the step is done in time.', dueOn),
      ),
    ]);
  }

  /** A due date moved earlier (a hearing was listed or brought forward): the CST. */
  async dueDateMoved(t: WriteContext, complaint: Complaint, move: { from: string; to: string }): Promise<void> {
    const payload = {
      ...this.recipients.base(
        t,
        complaint,
        `A hearing of the case changed: the due date moved from ${move.from} to ${move.to}. Re-plan the work.`,
        move.to,
      ),
    };
    await this.notifications.send(t, [
      await this.recipients.cst(
        t,
        complaint,
        `due-date-moved:${complaint.id}:${move.from}:${move.to}`,
        'due-date-moved',
        payload,
      ),
    ]);
  }

  /** A hearing listed on or before an extended due date, which recomputation leaves alone: the CST. */
  async extensionOverrun(t: WriteContext, complaint: Complaint, hearingOn: string): Promise<void> {
    const payload = this.recipients.base(
      t,
      complaint,
      `A hearing is listed on ${hearingOn}, on or before the extended due date: ` +
        'consider responding before the hearing.',
      complaint.responseDueOn,
    );
    await this.notifications.send(t, [
      await this.recipients.cst(
        t,
        complaint,
        `extension-overrun:${complaint.id}:${complaint.responseDueOn}:${hearingOn}`,
        'extension-overrun',
        payload,
      ),
    ]);
  }

  /** A breach, the working day after a missed due date: the CST managers. */
  async breach(t: WriteContext, complaint: Complaint, dueOn: string): Promise<void> {
    const managers = await this.recipients.cstManagers(t);
    const payload = this.recipients.base(t, complaint, 'Find out why and make sure it is done now.', dueOn);
    await this.notifications.send(
      t,
      managers.map((m) =>
        this.recipients.staff(complaint, `breach:${complaint.id}:${dueOn}`, m, 'deadline-breach', payload),
      ),
    );
  }
}
