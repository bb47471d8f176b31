/**
 * Children's complaints (SPEC §1.8, §5): the contact with the child by their preferred method, which
 * starts the 20-working-day response deadline.
 */
import { londonDate, londonInstant, type CalendarDate } from '../domain/calendar-date';
import { isOpen } from '../domain/complaint-status';
import { childResponseDue } from '../domain/deadlines';
import { ComplainantKind, type ContactMethod, DueReason } from '../domain/enums';
import { Problems, UserErrorCode, fail } from '../domain/problems';
import { LONG_TEXT, SHORT_TEXT, optionalText, pastDate } from '../domain/validation';
import { Child, Complainant, Complaint, Party } from '../entities';
import type { ComplaintChange } from './mutation';
import { ComplaintStore } from './complaint-store';
import { DeadlineService } from './deadline.service';
import type { TxContext } from './mutation';
import type { WorkingCalendar } from './working-calendar';
import { UserWarningCode, warning, type UserWarningData } from '../domain/warnings';

export interface ChildContactInput {
  complaintId: string;
  expectedVersion?: number | null;
  contactedOn: string;
  method: ContactMethod;
  /** A meeting (true) or a discussion (false). */
  met: boolean;
  supporter?: string | null;
  note?: string | null;
}

const fullName = (p: { firstName: string; lastName: string }) =>
  `${p.firstName} ${p.lastName}`.trim().toLowerCase().replace(/\s+/g, ' ');

export class ChildComplaintService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly calendar: WorkingCalendar,
    private readonly deadlines: DeadlineService,
  ) {}

  async recordContact(t: TxContext, input: ChildContactInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const complainant = await t.tx.getRepository(Complainant).findOneByOrFail({ id: complaint.complainantId });
    if (complainant.kind !== ComplainantKind.CHILD)
      fail(UserErrorCode.INVALID, 'input.complaintId', `${complaint.reference} is not a child's complaint`);
    if (!isOpen(complaint.status)) {
      fail(
        UserErrorCode.ILLEGAL_TRANSITION,
        null,
        `a complaint that is ${complaint.status} needs no contact with the child`,
      );
    }
    if (complaint.childContactedOn)
      fail(
        UserErrorCode.CONFLICT,
        'input.complaintId',
        `the contact with the child was recorded for ${complaint.childContactedOn}`,
      );
    const problems = new Problems();
    const contactedOn = pastDate(problems, 'input.contactedOn', input.contactedOn, t.today);
    if (contactedOn && contactedOn < londonDate(complaint.receivedAt)) {
      problems.add(
        UserErrorCode.INVALID,
        'input.contactedOn',
        'the child cannot be contacted about the complaint before it was received',
      );
    }
    const supporter = optionalText(problems, 'input.supporter', input.supporter, SHORT_TEXT);
    const note = optionalText(problems, 'input.note', input.note, LONG_TEXT);
    if (supporter && !input.met)
      problems.add(UserErrorCode.INVALID, 'input.supporter', 'a supporter attends a meeting with the child');
    if (supporter && complaint.caseId) {
      const parties = await t.tx.getRepository(Party).findBy({ caseId: complaint.caseId });
      if (parties.some((p) => fullName(p) === supporter.toLowerCase().replace(/\s+/g, ' '))) {
        problems.add(
          UserErrorCode.INVALID,
          'input.supporter',
          'the supporter should not be a party to the proceedings (§5.2)',
        );
      }
    }
    problems.throwIfAny();
    const warnings: UserWarningData[] = [];
    const child = complainant.childId ? await t.tx.getRepository(Child).findOneBy({ id: complainant.childId }) : null;
    const preferred = complainant.preferredContact ?? child?.preferredContact ?? null;
    if (preferred && preferred !== input.method)
      warnings.push(
        warning(
          UserWarningCode.CONTACT_NOT_AS_PREFERRED,
          `the child prefers ${preferred}; contact was by ${input.method}`,
        ),
      );
    const due = childResponseDue(await this.calendar.of(t.tx), contactedOn!);
    const extended = complaint.dueReason === DueReason.EXTENDED;
    // Talking to the child acknowledges their complaint, if nothing did before (a child without an
    // email or postal address is acknowledged only this way, §5.1–5.2).
    const acknowledged = complaint.acknowledgedAt
      ? {}
      : { acknowledgedAt: this.contactInstant(t, complaint, contactedOn!) };
    const updated = await this.store.update(
      t,
      complaint,
      {
        childContactedOn: contactedOn!,
        childContactMethod: input.method,
        childMet: input.met,
        childSupporter: supporter,
        childContactNote: note,
        ...(extended ? {} : { responseDueOn: due.dueOn, dueReason: due.reason }),
        originalResponseDueOn: complaint.originalResponseDueOn ?? due.dueOn,
        ...acknowledged,
      },
      'child.contacted',
    );
    // Court actions due "with the response" now have a date.
    await this.deadlines.recompute(t, updated.id, 'the child was contacted');
    return { complaint: await this.store.reload(t, updated), warnings };
  }

  /** When the contact acknowledged the complaint: now if it was today, else midday that day (never before receipt). */
  private contactInstant(t: TxContext, complaint: Complaint, contactedOn: CalendarDate): Date {
    if (contactedOn === t.today) return t.now();
    const midday = londonInstant(contactedOn, 12);
    return midday < complaint.receivedAt ? complaint.receivedAt : midday;
  }
}
