/**
 * Who handles a complaint (issue 15): a CST manager assigns it to a CST officer or manager still with
 * the service, or takes the assignment away; a CST officer may take an unassigned complaint
 * themself. Audited old → new (the complaint store); the new assignee, when it is not the caller, is
 * told by email.
 */
import { Role } from '../domain/enums';
import { fail, Problems, present, UserErrorCode } from '../domain/problems';
import { Staff } from '../entities';
import type { ComplaintStore } from './complaint-store';
import type { ComplaintChange, TxContext } from './mutation';
import type { NotificationService } from './notification.service';
import type { Recipients } from './recipients';
import { referenced } from './referenced';

export interface AssignInput {
  complaintId: string;
  expectedVersion?: number | null;
  /** The CST officer or manager to handle it; null: no one. */
  assigneeId?: string | null;
}

/** Who may handle complaints. */
const ASSIGNABLE: readonly Role[] = [Role.CST_OFFICER, Role.CST_MANAGER];

export class AssignmentService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  async assign(t: TxContext, input: AssignInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const assigneeId = input.assigneeId ?? null;
    if (t.actor.role === Role.CST_OFFICER) {
      if (assigneeId !== t.actor.id)
        fail(
          UserErrorCode.NOT_PERMITTED,
          'input.assigneeId',
          'a CST officer may take a complaint themself; a CST manager assigns it to others',
        );
      if (complaint.assigneeId !== null && complaint.assigneeId !== t.actor.id)
        fail(
          UserErrorCode.NOT_PERMITTED,
          'input.complaintId',
          'someone else handles this complaint: a CST manager may reassign it',
        );
    }
    let assignee: Staff | null = null;
    if (assigneeId !== null) {
      const problems = new Problems();
      const found = await referenced(
        t.tx,
        Staff,
        assigneeId,
        { field: 'input.assigneeId', what: 'member of staff' },
        problems,
      );
      problems.throwIfAny();
      assignee = present(found, 'input.assigneeId');
      if (!assignee.active || !ASSIGNABLE.includes(assignee.role))
        fail(
          UserErrorCode.INVALID,
          'input.assigneeId',
          'a complaint is handled by a CST officer or manager still with the service',
        );
    }
    // Assigning it to whoever has it already changes nothing, audits nothing and tells no one.
    if (complaint.assigneeId === assigneeId) return { complaint };
    const updated = await this.store.update(t, complaint, { assigneeId }, 'complaint.assigned');
    if (assignee && assignee.id !== t.actor.id) {
      const payload = this.recipients.base(
        t,
        updated,
        'Handle the complaint: its next step is in the work queue.',
        updated.nextDueOn,
      );
      await this.notifications.send(t, [
        this.recipients.staff(
          updated,
          `assigned:${updated.id}:${updated.version}`,
          assignee,
          'complaint-assigned',
          payload,
        ),
      ]);
    }
    return { complaint: updated };
  }
}
