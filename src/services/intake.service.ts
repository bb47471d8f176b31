/**
 * Intake (SPEC §1.1–1.2, §1.8, §1.11): recording a complaint with its deadlines and reference,
 * the acknowledgement, evidence, a safeguarding flag and withdrawal.
 */
import { londonDate, type CalendarDate } from '../domain/calendar-date';
import { isServiceUser } from '../domain/complainant-kind';
import { transition } from '../domain/complaint-status';
import {
  CaseStatus,
  Channel,
  ComplainantKind,
  ComplaintStatus,
  ContactMethod,
  CourtNotificationReason,
  Role,
} from '../domain/enums';
import { Problems, UserErrorCode, fail, present } from '../domain/problems';
import { LONG_TEXT, SHORT_TEXT, optionalText, pastInstant, requiredText } from '../domain/validation';
import { checkContactDetails, checkSubjectNamed, checkSummary, type ContactDetails } from '../domain/recorded-details';
import { Case, Child, Complainant, Complaint, CourtNotification, Party, Staff } from '../entities';
import type { ComplaintChange, WriteContext } from './mutation';
import { ComplaintStore } from './complaint-store';
import { deadlineState } from '../domain/deadlines';
import type { DeadlineService } from './deadline.service';
import type { IntakeNotices } from './intake-notices';
import type { CourtNotices } from './court-notices';
import type { TxContext } from './mutation';
import { referenced } from './referenced';
import { RoutingService } from './routing.service';

export interface ComplainantInput {
  kind: ComplainantKind;
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  preferredContact?: ContactMethod | null;
  partyId?: string | null;
  childId?: string | null;
  relationship?: string | null;
  organisation?: string | null;
}

export interface RecordComplaintInput {
  channel: Channel;
  receivedAt: Date;
  cstReceivedAt?: Date | null;
  summary: string;
  caseId?: string | null;
  subjectStaffId?: string | null;
  repeatsComplaintId?: string | null;
  assigneeId?: string | null;
  complainantId?: string | null;
  complainant?: ComplainantInput | null;
}

/** A new complaint's inputs, checked, with the rows they name. */
export interface CheckedComplaint {
  receivedAt: Date;
  cstReceivedAt: Date;
  summary: string;
  kase: Case | null;
  subject: Staff | null;
  repeats: Complaint | null;
  assignee: Staff | null;
  /** A known complainant (complainantId), or the values of a new one. */
  complainant: Complainant | null;
  newComplainant: Partial<Complainant> | null;
}

/** Service users complain about their case; staff complaining about a colleague outside a case have none. */
function checkCase(kind: ComplainantKind, input: RecordComplaintInput, problems: Problems): void {
  if (isServiceUser(kind) && !input.caseId) {
    const message = `a complaint from a service user (${kind}) concerns a case: give caseId`;
    problems.add(UserErrorCode.INVALID, 'input.caseId', message);
  }
  if (kind === ComplainantKind.STAFF_NOT_CASE && input.caseId) {
    const message = 'a complaint about a member of staff unrelated to a case has no case';
    problems.add(UserErrorCode.INVALID, 'input.caseId', message);
  }
  checkSubjectNamed(problems, 'input.subjectStaffId', kind, input.subjectStaffId);
}

export class IntakeService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly deadlines: DeadlineService,
    private readonly routing: RoutingService,
    private readonly notices: IntakeNotices,
    private readonly courtNotices: CourtNotices,
  ) {}

  /** Checks a new complainant against their kind and the case; returns the values to store. */
  private async complainantValues(
    t: TxContext,
    input: ComplainantInput,
    kase: Case | null,
    problems: Problems,
  ): Promise<Partial<Complainant>> {
    const f = (name: string) => `input.complainant.${name}`;
    const { firstName, lastName, email, phone, address, preferredContact } = input;
    // Every detail is checked (absent ones as empty), as a correction checks those it is given.
    const details = checkContactDetails(problems, f, {
      firstName: firstName ?? null,
      lastName: lastName ?? null,
      email: email ?? null,
      phone: phone ?? null,
      address: address ?? null,
      preferredContact: preferredContact ?? null,
    }) as ContactDetails;
    // A preferred method nothing can reach yet does not stop a complaint being recorded (what a child asked
    // for is kept, and the acknowledgement becomes a contact task: intake-notices); a correction must fix it.
    const values: Partial<Complainant> = {
      kind: input.kind,
      ...details,
      relationship: optionalText(problems, f('relationship'), input.relationship, SHORT_TEXT),
      organisation: optionalText(problems, f('organisation'), input.organisation, SHORT_TEXT),
      partyId: null,
      childId: null,
    };
    if (input.kind === ComplainantKind.ADULT_PARTY) {
      if (!input.partyId)
        problems.add(UserErrorCode.INVALID, f('partyId'), 'an adult service user is a party of the case: give partyId');
      const party = await referenced(t.tx, Party, input.partyId, { field: f('partyId'), what: 'party' }, problems);
      if (party && kase && party.caseId !== kase.id)
        problems.add(UserErrorCode.INVALID, f('partyId'), `the party is not a party of case ${kase.caseNumber}`);
      values.partyId = party?.id ?? null;
    } else if (input.partyId) {
      problems.add(
        UserErrorCode.INVALID,
        f('partyId'),
        `partyId is only for ADULT_PARTY complainants, not ${input.kind}`,
      );
    }
    if (input.kind === ComplainantKind.CHILD) {
      if (!input.childId)
        problems.add(UserErrorCode.INVALID, f('childId'), 'a child complainant is a child of the case: give childId');
      const child = await referenced(t.tx, Child, input.childId, { field: f('childId'), what: 'child' }, problems);
      if (child && kase && child.caseId !== kase.id)
        problems.add(UserErrorCode.INVALID, f('childId'), `the child is not a child of case ${kase.caseNumber}`);
      values.childId = child?.id ?? null;
      values.preferredContact ??= child?.preferredContact ?? null;
    } else if (input.childId) {
      problems.add(UserErrorCode.INVALID, f('childId'), `childId is only for CHILD complainants, not ${input.kind}`);
    }
    if (input.kind === ComplainantKind.NON_PARTY && !values.relationship) {
      problems.add(
        UserErrorCode.INVALID,
        f('relationship'),
        'a non-party complainant needs their relationship to the service user',
      );
    }
    return values;
  }

  /**
   * `CMP-YYYY-NNNNNN`, numbered per year of receipt from that year's sequence (migration
   * ReferenceSequences), so concurrent intakes do not queue on one counter. A sequence is not
   * transactional: an intake that rolls back leaves its number unused. References are unique and
   * increase within a year in the order they are drawn, with possible gaps.
   */
  async nextReference(t: WriteContext, year: number): Promise<string> {
    const [{ reference }] = await t.tx.query('SELECT next_complaint_reference($1) AS reference', [year]);
    return reference;
  }

  async record(t: TxContext, input: RecordComplaintInput): Promise<ComplaintChange> {
    const checked = await this.check(t, input);
    const complainant = await this.complainantOf(t, checked);
    const { kase, subject } = checked;
    const receivedOn = londonDate(checked.receivedAt);
    const serviceAreaId = kase?.serviceAreaId ?? subject?.serviceAreaId ?? null;
    const draft = t.tx.getRepository(Complaint).create({
      reference: await this.nextReference(t, Number(receivedOn.slice(0, 4))),
      status: ComplaintStatus.RECEIVED,
      channel: input.channel,
      summary: checked.summary,
      complainantId: complainant.id,
      caseId: kase?.id ?? null,
      serviceAreaId,
      subjectStaffId: subject?.id ?? null,
      assigneeId: checked.assignee?.id ?? (t.identity.role === Role.CST_OFFICER ? t.identity.staffId : null),
      ownerId: complainant.kind === ComplainantKind.CHILD ? await this.childOwner(t, serviceAreaId, subject) : null,
      repeatsComplaintId: checked.repeats?.id ?? null,
      receivedAt: checked.receivedAt,
      cstReceivedAt: checked.cstReceivedAt,
      procedureStartOn: receivedOn,
      responseDueOn: null,
      dueReason: null,
      childContactedOn: null,
      acknowledgedAt: null,
      version: 1,
    });
    const deadlines = await this.deadlines.atIntake(t.tx, deadlineState(draft, complainant.kind), draft.caseId);
    Object.assign(draft, deadlines, { originalResponseDueOn: deadlines.responseDueOn });
    const toCourt = await this.childCourtNotification(t, complainant.kind, kase, receivedOn);
    const complaint = await this.store.create(t, draft, complainant.kind, toCourt ? [toCourt.dueOn] : []);
    if (toCourt)
      await t.tx.getRepository(CourtNotification).save(Object.assign(toCourt, { complaintId: complaint.id }));
    const warnings = await this.notices.recorded(t, complaint);
    if (toCourt) await this.courtNotices.courtNotification(t, complaint, toCourt);
    return { complaint, warnings };
  }

  /** A child's complaint on an ongoing case is notified to the court before the next hearing (§5.4); unsaved. */
  async childCourtNotification(
    t: TxContext,
    kind: ComplainantKind,
    kase: Case | null,
    receivedOn: CalendarDate,
  ): Promise<CourtNotification | null> {
    if (kind !== ComplainantKind.CHILD || kase?.status !== CaseStatus.OPEN) return null;
    return t.tx.getRepository(CourtNotification).create({
      reason: CourtNotificationReason.CHILD_COMPLAINT,
      consequenceKey: 'court-notification:child-complaint',
      courtId: await this.routing.courtFor(t.tx, kase.id, t.now()),
      dueOn: await this.deadlines.courtActionDue(t.tx, kase.id, receivedOn, null),
    });
  }

  /** Every check of a new complaint, all problems at once; the rows it names. */
  async check(t: TxContext, input: RecordComplaintInput): Promise<CheckedComplaint> {
    const problems = new Problems();
    const now = t.now();
    const receivedAt = pastInstant(problems, 'input.receivedAt', input.receivedAt, now);
    const cstReceivedAt = pastInstant(problems, 'input.cstReceivedAt', input.cstReceivedAt ?? now, now);
    if (receivedAt && cstReceivedAt && cstReceivedAt < receivedAt) {
      const message = 'the CST cannot receive a complaint before it was received';
      problems.add(UserErrorCode.INVALID, 'input.cstReceivedAt', message);
    }
    const summary = checkSummary(problems, 'input.summary', input.summary);
    const named = (field: string, what: string) => ({ field: `input.${field}`, what });
    const kase = await referenced(t.tx, Case, input.caseId, named('caseId', 'case'), problems);
    const staff = named('subjectStaffId', 'member of staff');
    const subject = await referenced(t.tx, Staff, input.subjectStaffId, staff, problems);
    const repeatsComplaint = named('repeatsComplaintId', 'complaint');
    const repeats = await referenced(t.tx, Complaint, input.repeatsComplaintId, repeatsComplaint, problems);
    const assignee = await referenced(t.tx, Staff, input.assigneeId, named('assigneeId', 'member of staff'), problems);
    if (assignee && assignee.role !== Role.CST_OFFICER && assignee.role !== Role.CST_MANAGER) {
      problems.add(UserErrorCode.INVALID, 'input.assigneeId', 'complaints are assigned to a CST officer or manager');
    }
    let complainant: Complainant | null = null;
    let newComplainant: Partial<Complainant> | null = null;
    if (Boolean(input.complainantId) === Boolean(input.complainant)) {
      const message = 'give either complainantId (a known complainant) or complainant (a new one)';
      problems.add(UserErrorCode.INVALID, 'input.complainant', message);
    } else if (input.complainant) {
      newComplainant = await this.complainantValues(t, input.complainant, kase, problems);
    } else {
      const reference = named('complainantId', 'complainant');
      complainant = await referenced(t.tx, Complainant, input.complainantId, reference, problems);
    }
    const kind = complainant?.kind ?? newComplainant?.kind ?? input.complainant?.kind;
    if (kind) checkCase(kind, input, problems);
    if (kind === ComplainantKind.UNKNOWN) {
      const message =
        'who complains must be known: UNKNOWN is only for an emailed complaint until its intake is completed';
      problems.add(
        UserErrorCode.INVALID,
        input.complainant ? 'input.complainant.kind' : 'input.complainantId',
        message,
      );
    }
    problems.throwIfAny();
    return {
      receivedAt: present(receivedAt, 'input.receivedAt'),
      cstReceivedAt: present(cstReceivedAt, 'input.cstReceivedAt'),
      summary,
      kase,
      subject,
      repeats,
      assignee,
      complainant,
      newComplainant,
    };
  }

  /** The known complainant, else a repeat complainant matched through their party or child (§1.2), else a new one. */
  async complainantOf(t: TxContext, checked: CheckedComplaint): Promise<Complainant> {
    const { complainant, newComplainant } = checked;
    if (complainant) return complainant;
    const repository = t.tx.getRepository(Complainant);
    const known =
      newComplainant?.partyId || newComplainant?.childId
        ? await repository.findOne({
            where: newComplainant.partyId ? { partyId: newComplainant.partyId } : { childId: newComplainant.childId! },
            order: { createdAt: 'ASC' },
          })
        : null;
    return known ?? (await repository.save(repository.create(newComplainant ?? {})));
  }

  /** A child's complaint is owned by the senior manager of the area, never one complained about (§5). */
  async childOwner(t: TxContext, serviceAreaId: string | null, subject: Staff | null): Promise<string> {
    const owner = await this.routing.seniorManager(t.tx, serviceAreaId, [subject?.id ?? null]);
    if (!owner) {
      fail(
        UserErrorCode.INVALID,
        'input.caseId',
        "no senior manager in the case's service area can own a child's complaint",
      );
    }
    return owner.id;
  }

  /** The acknowledgement is a tracked step (§4.2). */
  async acknowledge(
    t: TxContext,
    input: { complaintId: string; expectedVersion?: number | null; acknowledgedAt?: Date | null },
  ): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const problems = new Problems();
    const at = pastInstant(problems, 'input.acknowledgedAt', input.acknowledgedAt ?? t.now(), t.now());
    if (at && at < complaint.receivedAt)
      problems.add(
        UserErrorCode.INVALID,
        'input.acknowledgedAt',
        'a complaint cannot be acknowledged before it was received',
      );
    if (complaint.acknowledgedAt)
      problems.add(
        UserErrorCode.CONFLICT,
        'input.complaintId',
        `${complaint.reference} was acknowledged on ${complaint.acknowledgedAt.toISOString()}`,
      );
    problems.throwIfAny();
    return { complaint: await this.store.update(t, complaint, { acknowledgedAt: at }, 'complaint.acknowledged') };
  }

  /** s16A Children Act (FOI 2018): recorded at once and in the audit trail; alerts follow with notifications. */
  async flagSafeguarding(
    t: TxContext,
    input: { complaintId: string; expectedVersion?: number | null; concern: string },
  ): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const problems = new Problems();
    const concern = requiredText(problems, 'input.concern', input.concern, LONG_TEXT);
    problems.throwIfAny();
    const note = complaint.safeguardingNote ? `${complaint.safeguardingNote}\n\n${concern}` : concern;
    const flaggedAt = t.now();
    const updated = await this.store.update(
      t,
      complaint,
      { safeguardingFlaggedAt: flaggedAt, safeguardingNote: note },
      'complaint.safeguarding-flagged',
    );
    // An immediate alert, every time a concern is flagged.
    await this.notices.safeguarding(t, updated);
    return { complaint: updated };
  }

  /** A complainant may withdraw at any open state (§1.11). */
  async withdraw(
    t: TxContext,
    input: { complaintId: string; expectedVersion?: number | null; reason?: string | null },
  ): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const problems = new Problems();
    const reason = optionalText(problems, 'input.reason', input.reason, LONG_TEXT);
    problems.throwIfAny();
    const status = transition('withdraw', complaint.status);
    return {
      complaint: await this.store.update(
        t,
        complaint,
        { status, withdrawnAt: t.now(), withdrawalReason: reason },
        'complaint.withdrawn',
      ),
    };
  }
}
