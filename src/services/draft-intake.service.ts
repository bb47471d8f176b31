/**
 * Completing the intake of a complaint that arrived by email (issue 16). The draft has its reference,
 * its receipt time and the email's text and attachments; the CST gives what an email cannot say — who
 * complains (their kind and details, or a known complainant), the case, the member of staff complained
 * about — checked exactly as `recordComplaint` checks them. The deadlines are then those of intake for
 * the complainant's kind, a child's complaint gets its owner and its court notification, and the
 * acknowledgement goes out now: not on arrival, when the response date it states and the person it
 * is addressed to were not known, and a message sent to whatever address wrote in could go to a
 * spoofed sender or an auto-responder.
 */
import { londonDate } from '../domain/calendar-date';
import { deadlineState } from '../domain/deadlines';
import { ComplainantKind, Role } from '../domain/enums';
import { UserErrorCode, fail } from '../domain/problems';
import { Complainant, CourtNotification } from '../entities';
import type { ComplaintStore } from './complaint-store';
import type { CourtNotices } from './court-notices';
import type { DeadlineService } from './deadline.service';
import type { IntakeNotices } from './intake-notices';
import type { ComplainantInput, IntakeService } from './intake.service';
import type { ComplaintChange, TxContext } from './mutation';

export interface CompleteIntakeInput {
  complaintId: string;
  expectedVersion?: number | null;
  /** Who complains, when not known yet (or not who the email was matched to); the email defaults to the sender's. */
  complainant?: ComplainantInput | null;
  /** A known complainant instead. */
  complainantId?: string | null;
  caseId?: string | null;
  subjectStaffId?: string | null;
  repeatsComplaintId?: string | null;
  assigneeId?: string | null;
  /** The complaint in the complainant's words, if the email's subject and text are not the best summary. */
  summary?: string | null;
}

export class DraftIntakeService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly deadlines: DeadlineService,
    private readonly intake: IntakeService,
    private readonly notices: IntakeNotices,
    private readonly courtNotices: CourtNotices,
  ) {}

  async complete(t: TxContext, input: CompleteIntakeInput): Promise<ComplaintChange> {
    const draft = await this.store.lock(t, input.complaintId, input.expectedVersion);
    if (!draft.draft)
      fail(UserErrorCode.CONFLICT, 'input.complaintId', `${draft.reference} is not a draft: its intake is complete`);
    const current = await t.tx.getRepository(Complainant).findOneByOrFail({ id: draft.complainantId });
    if (!input.complainant && !input.complainantId && current.kind === ComplainantKind.UNKNOWN)
      fail(
        UserErrorCode.INVALID,
        'input.complainant',
        'who complains is not known yet: give complainant (their kind and details) or complainantId',
      );
    const given = input.complainant ? { ...input.complainant, email: input.complainant.email ?? current.email } : null;
    const checked = await this.intake.check(t, {
      channel: draft.channel,
      receivedAt: draft.receivedAt,
      cstReceivedAt: draft.cstReceivedAt,
      summary: input.summary ?? draft.summary,
      caseId: input.caseId,
      subjectStaffId: input.subjectStaffId,
      repeatsComplaintId: input.repeatsComplaintId,
      assigneeId: input.assigneeId,
      complainantId: input.complainantId ?? (given ? null : current.id),
      complainant: given,
    });
    const complainant = await this.intake.complainantOf(t, checked);
    const { kase, subject } = checked;
    const kind = complainant.kind;
    const serviceAreaId = kase?.serviceAreaId ?? subject?.serviceAreaId ?? null;
    const entering = { ...draft, caseId: kase?.id ?? null, responseDueOn: null, dueReason: null };
    const deadlines = await this.deadlines.atIntake(t.tx, deadlineState(entering, kind), entering.caseId);
    const toCourt = await this.intake.childCourtNotification(t, kind, kase, londonDate(draft.receivedAt));
    if (toCourt) await t.tx.getRepository(CourtNotification).save(Object.assign(toCourt, { complaintId: draft.id }));
    const complaint = await this.store.update(
      t,
      draft,
      {
        draft: false,
        complainantId: complainant.id,
        caseId: entering.caseId,
        serviceAreaId,
        subjectStaffId: subject?.id ?? null,
        repeatsComplaintId: checked.repeats?.id ?? null,
        summary: checked.summary,
        assigneeId:
          checked.assignee?.id ??
          draft.assigneeId ??
          (t.identity.role === Role.CST_OFFICER ? t.identity.staffId : null),
        ownerId: kind === ComplainantKind.CHILD ? await this.intake.childOwner(t, serviceAreaId, subject) : null,
        ...deadlines,
        originalResponseDueOn: deadlines.responseDueOn,
      },
      'complaint.intake-completed',
      { detail: { kind } },
    );
    // The provisional complainant made from the email goes once nothing refers to it.
    if (complainant.id !== current.id && current.kind === ComplainantKind.UNKNOWN)
      await t.tx.query(
        `DELETE FROM complainants WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM complaints WHERE complainant_id = $1)`,
        [current.id],
      );
    const warnings = await this.notices.recorded(t, complaint);
    if (toCourt) await this.courtNotices.courtNotification(t, complaint, toCourt);
    return { complaint, warnings };
  }
}
