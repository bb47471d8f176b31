/** Extending the response deadline in exceptional cases (SPEC §1.6, procedure §4.12). */
import { transition } from '../domain/complaint-status';
import { DueReason } from '../domain/enums';
import { Problems, UserErrorCode } from '../domain/problems';
import { dateAfter, requiredText } from '../domain/validation';
import { DeadlineExtension } from '../entities';
import type { ComplaintChange } from './mutation';
import type { ComplaintStore } from './complaint-store';
import type { DeadlineService } from './deadline.service';
import type { TxContext } from './mutation';
import type { ResponseNotices } from './response-notices';
import type { WorkingCalendar } from './working-calendar';
import { UserWarningCode, warning } from '../domain/warnings';

export interface ExtendResponseDeadlineInput {
  complaintId: string;
  expectedVersion?: number | null;
  newDueOn: string;
  reason: string;
}

export class DeadlineExtensionService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly calendar: WorkingCalendar,
    private readonly deadlines: DeadlineService,
    private readonly notices: ResponseNotices,
  ) {}

  /** Exceptional cases (§4.12): a reason and a new date; the complainant is sent an update. */
  async extend(t: TxContext, input: ExtendResponseDeadlineInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    transition('extendResponseDeadline', complaint.status);
    const problems = new Problems();
    const reason = requiredText(problems, 'input.reason', input.reason);
    const current = complaint.responseDueOn;
    const newDueOn =
      current && current > t.today
        ? dateAfter(problems, 'input.newDueOn', input.newDueOn, current, 'the current due date')
        : dateAfter(problems, 'input.newDueOn', input.newDueOn, t.today, 'today');
    if (newDueOn && !(await this.calendar.of(t.tx)).isWorkingDay(newDueOn)) {
      problems.add(UserErrorCode.INVALID, 'input.newDueOn', `${newDueOn} is not a working day`);
    }
    problems.throwIfAny();
    const extension = await t.tx.getRepository(DeadlineExtension).save(
      t.tx.getRepository(DeadlineExtension).create({
        complaintId: complaint.id,
        previousDueOn: complaint.responseDueOn,
        newDueOn: newDueOn!,
        reason,
        extendedById: t.identity.staffId,
      }),
    );
    const updated = await this.store.update(
      t,
      complaint,
      { responseDueOn: newDueOn!, dueReason: DueReason.EXTENDED },
      'deadline.extended',
      {
        entity: { type: 'DeadlineExtension', id: extension.id },
        detail: { reason },
      },
    );
    await this.notices.extended(t, updated, extension);
    // Court actions due "with the response" move with it.
    await this.deadlines.recompute(t, complaint.id, 'the response deadline was extended', { alertCst: false });
    const hearings = await this.deadlines.hearings(t.tx, complaint.caseId);
    const before = hearings
      .filter((h) => h.status === 'LISTED' && h.date > t.today && h.date <= newDueOn!)
      .map((h) => h.date);
    return {
      complaint: await this.store.reload(t, updated),
      warnings: before.length
        ? [
            warning(
              UserWarningCode.HEARING_BEFORE_DUE_DATE,
              `a hearing is listed on ${before[0]}, before the new due date: the response should reach the court first`,
            ),
          ]
        : [],
    };
  }
}
