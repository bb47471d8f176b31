/**
 * Intake (SPEC §1.1–1.2, §1.8, §1.11): recording a complaint with its deadlines and reference,
 * the acknowledgement, evidence, a safeguarding flag and withdrawal.
 */
import { londonDate } from '../domain/calendar-date';
import { isServiceUser } from '../domain/complainant-kind';
import { transition } from '../domain/complaint-status';
import {
  CaseStatus,
  Channel,
  ComplainantKind,
  ComplaintStatus,
  ContactMethod,
  CourtNotificationReason,
  EvidenceKind,
  Role,
} from '../domain/enums';
import { Problems, UserErrorCode, fail } from '../domain/problems';
import { LONG_TEXT, SHORT_TEXT, isId, optionalText, pastInstant, requiredText } from '../domain/validation';
import { Case, Child, Complainant, Complaint, CourtNotification, Evidence, Party, Staff } from '../entities';
import type { ComplaintChange } from '../graphql/payloads';
import { AuditService } from './audit.service';
import { ComplaintStore } from './complaint-store';
import { DeadlineAlertService } from './deadline-alert.service';
import { DeadlineService, deadlineState } from './deadline.service';
import type { IntakeNotices } from './intake-notices';
import type { CourtNotices } from './court-notices';
import type { TxContext } from './mutation';
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

export interface AddEvidenceInput {
  complaintId: string;
  expectedVersion?: number | null;
  kind: EvidenceKind;
  description: string;
  source: string;
  receivedAt?: Date | null;
  rejected?: boolean | null;
  rejectionReason?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class IntakeService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly deadlines: DeadlineService,
    private readonly routing: RoutingService,
    private readonly audit: AuditService,
    private readonly notices: IntakeNotices,
    private readonly courtNotices: CourtNotices,
    private readonly alerts: DeadlineAlertService,
  ) {}

  private async find<T extends { id: string }>(
    t: TxContext,
    entity: new () => T,
    id: string | null | undefined,
    field: string,
    problems: Problems,
    what: string,
  ): Promise<T | null> {
    if (!id) return null;
    const found = isId(id)
      ? await t.tx.getRepository(entity).createQueryBuilder('e').where('e.id = :id', { id }).getOne()
      : null;
    if (!found) problems.add(UserErrorCode.NOT_FOUND, field, `no ${what} has the id "${id}"`);
    return found;
  }

  /** Checks a new complainant against their kind and the case; returns the values to store. */
  private async complainantValues(
    t: TxContext,
    input: ComplainantInput,
    kase: Case | null,
    problems: Problems,
  ): Promise<Partial<Complainant>> {
    const f = (name: string) => `input.complainant.${name}`;
    const values: Partial<Complainant> = {
      kind: input.kind,
      firstName: requiredText(problems, f('firstName'), input.firstName, SHORT_TEXT),
      lastName: requiredText(problems, f('lastName'), input.lastName, SHORT_TEXT),
      email: optionalText(problems, f('email'), input.email, SHORT_TEXT),
      phone: optionalText(problems, f('phone'), input.phone, SHORT_TEXT),
      address: optionalText(problems, f('address'), input.address, SHORT_TEXT),
      preferredContact: input.preferredContact ?? null,
      relationship: optionalText(problems, f('relationship'), input.relationship, SHORT_TEXT),
      organisation: optionalText(problems, f('organisation'), input.organisation, SHORT_TEXT),
      partyId: null,
      childId: null,
    };
    if (values.email && !EMAIL.test(values.email))
      problems.add(UserErrorCode.INVALID, f('email'), `${f('email')} is not an email address`);
    if (input.kind === ComplainantKind.ADULT_PARTY) {
      if (!input.partyId)
        problems.add(UserErrorCode.INVALID, f('partyId'), 'an adult service user is a party of the case: give partyId');
      const party = await this.find(t, Party, input.partyId, f('partyId'), problems, 'party');
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
      const child = await this.find(t, Child, input.childId, f('childId'), problems, 'child');
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

  /** `CMP-YYYY-NNNNNN`, numbered per year of receipt. */
  private async nextReference(t: TxContext, year: number): Promise<string> {
    const [{ last }] = await t.tx.query(
      `INSERT INTO reference_counters (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last`,
      [year],
    );
    return `CMP-${year}-${String(last).padStart(6, '0')}`;
  }

  async record(t: TxContext, input: RecordComplaintInput): Promise<ComplaintChange> {
    const problems = new Problems();
    const now = t.now();
    const receivedAt = pastInstant(problems, 'input.receivedAt', input.receivedAt, now);
    const cstReceivedAt = pastInstant(problems, 'input.cstReceivedAt', input.cstReceivedAt ?? now, now);
    if (receivedAt && cstReceivedAt && cstReceivedAt < receivedAt) {
      problems.add(
        UserErrorCode.INVALID,
        'input.cstReceivedAt',
        'the CST cannot receive a complaint before it was received',
      );
    }
    const summary = requiredText(problems, 'input.summary', input.summary, LONG_TEXT);
    const kase = await this.find(t, Case, input.caseId, 'input.caseId', problems, 'case');
    const subject = await this.find(
      t,
      Staff,
      input.subjectStaffId,
      'input.subjectStaffId',
      problems,
      'member of staff',
    );
    const repeats = await this.find(
      t,
      Complaint,
      input.repeatsComplaintId,
      'input.repeatsComplaintId',
      problems,
      'complaint',
    );
    const assignee = await this.find(t, Staff, input.assigneeId, 'input.assigneeId', problems, 'member of staff');
    if (assignee && assignee.role !== Role.CST_OFFICER && assignee.role !== Role.CST_MANAGER) {
      problems.add(UserErrorCode.INVALID, 'input.assigneeId', 'complaints are assigned to a CST officer or manager');
    }

    let complainant: Complainant | null = null;
    let newComplainant: Partial<Complainant> | null = null;
    if (Boolean(input.complainantId) === Boolean(input.complainant)) {
      problems.add(
        UserErrorCode.INVALID,
        'input.complainant',
        'give either complainantId (a known complainant) or complainant (a new one)',
      );
    } else if (input.complainantId) {
      complainant = await this.find(
        t,
        Complainant,
        input.complainantId,
        'input.complainantId',
        problems,
        'complainant',
      );
    } else {
      newComplainant = await this.complainantValues(t, input.complainant!, kase, problems);
    }
    const kind = complainant?.kind ?? newComplainant?.kind ?? input.complainant?.kind;
    if (kind && isServiceUser(kind)) {
      if (!input.caseId)
        problems.add(
          UserErrorCode.INVALID,
          'input.caseId',
          `a complaint from a service user (${kind}) concerns a case: give caseId`,
        );
    }
    if (kind === ComplainantKind.STAFF_NOT_CASE) {
      if (input.caseId)
        problems.add(
          UserErrorCode.INVALID,
          'input.caseId',
          'a complaint about a member of staff unrelated to a case has no case',
        );
      if (!input.subjectStaffId)
        problems.add(UserErrorCode.INVALID, 'input.subjectStaffId', 'name the member of staff complained about');
    }
    problems.throwIfAny();

    // Repeat complainants are matched through their party or child (§1.2).
    if (newComplainant && (newComplainant.partyId || newComplainant.childId)) {
      complainant = await t.tx.getRepository(Complainant).findOne({
        where: newComplainant.partyId ? { partyId: newComplainant.partyId } : { childId: newComplainant.childId! },
        order: { createdAt: 'ASC' },
      });
    }
    if (!complainant) {
      complainant = await t.tx.getRepository(Complainant).save(t.tx.getRepository(Complainant).create(newComplainant!));
    }

    const receivedOn = londonDate(receivedAt!);
    const serviceAreaId = kase?.serviceAreaId ?? subject?.serviceAreaId ?? null;
    let ownerId: string | null = null;
    if (complainant.kind === ComplainantKind.CHILD) {
      const owner = await this.routing.seniorManager(t.tx, serviceAreaId, [subject?.id ?? null]);
      if (!owner)
        fail(
          UserErrorCode.INVALID,
          'input.caseId',
          "no senior manager in the case's service area can own a child's complaint",
        );
      ownerId = owner.id;
    }
    const draft = t.tx.getRepository(Complaint).create({
      reference: await this.nextReference(t, Number(receivedOn.slice(0, 4))),
      status: ComplaintStatus.RECEIVED,
      channel: input.channel,
      summary,
      complainantId: complainant.id,
      caseId: kase?.id ?? null,
      serviceAreaId,
      subjectStaffId: subject?.id ?? null,
      assigneeId: assignee?.id ?? (t.identity.role === Role.CST_OFFICER ? t.identity.staffId : null),
      ownerId,
      repeatsComplaintId: repeats?.id ?? null,
      receivedAt: receivedAt!,
      cstReceivedAt,
      procedureStartOn: receivedOn,
      responseDueOn: null,
      dueReason: null,
      childContactedOn: null,
      acknowledgedAt: null,
      version: 1,
    });
    const deadlines = await this.deadlines.atIntake(t.tx, deadlineState(draft, complainant.kind), draft.caseId);
    Object.assign(draft, deadlines, { originalResponseDueOn: deadlines.responseDueOn });
    draft.nextDueOn = await this.deadlines.nextDue(t.tx, draft, complainant.kind);
    const complaint = await t.tx.getRepository(Complaint).save(draft);
    // A child's complaint on an ongoing case is notified to the court before the next hearing (§5.4).
    let childCourtNotification: CourtNotification | null = null;
    if (complainant.kind === ComplainantKind.CHILD && kase?.status === CaseStatus.OPEN) {
      childCourtNotification = await t.tx.getRepository(CourtNotification).save(
        t.tx.getRepository(CourtNotification).create({
          complaintId: complaint.id,
          reason: CourtNotificationReason.CHILD_COMPLAINT,
          consequenceKey: 'court-notification:child-complaint',
          courtId: await this.routing.courtFor(t.tx, kase.id, now),
          dueOn: await this.deadlines.courtActionDue(t.tx, kase.id, receivedOn, null),
        }),
      );
      complaint.nextDueOn = await this.deadlines.nextDue(t.tx, complaint, complainant.kind);
      await t.tx.getRepository(Complaint).update(complaint.id, { nextDueOn: complaint.nextDueOn });
    }
    await this.audit.record(t.tx, t.actor, {
      action: 'complaint.recorded',
      entityType: 'Complaint',
      entityId: complaint.id,
      complaintId: complaint.id,
      caseId: complaint.caseId,
      change: {
        reference: complaint.reference,
        status: complaint.status,
        channel: complaint.channel,
        kind: complainant.kind,
        receivedAt: complaint.receivedAt,
        cstReceivedAt: complaint.cstReceivedAt,
        cstDueOn: complaint.cstDueOn,
        acknowledgementDueOn: complaint.acknowledgementDueOn,
        responseDueOn: complaint.responseDueOn,
        dueReason: complaint.dueReason,
        childContactDueOn: complaint.childContactDueOn,
        ownerId: complaint.ownerId,
        caseId: complaint.caseId,
        subjectStaffId: complaint.subjectStaffId,
        repeatsComplaintId: complaint.repeatsComplaintId,
      },
    });
    await this.notices.recorded(t, complaint);
    if (childCourtNotification) await this.courtNotices.courtNotification(t, complaint, childCourtNotification);
    await this.alerts.schedule(t, complaint.id, complaint.nextDueOn);
    return { complaint };
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

  async addEvidence(t: TxContext, input: AddEvidenceInput): Promise<{ complaint: Complaint; evidence: Evidence }> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const problems = new Problems();
    const description = requiredText(problems, 'input.description', input.description, LONG_TEXT);
    const source = requiredText(problems, 'input.source', input.source, SHORT_TEXT);
    const receivedAt = pastInstant(problems, 'input.receivedAt', input.receivedAt ?? t.now(), t.now());
    const rejectionReason = optionalText(problems, 'input.rejectionReason', input.rejectionReason, LONG_TEXT);
    if (input.rejected && !rejectionReason) {
      problems.add(
        UserErrorCode.INVALID,
        'input.rejectionReason',
        'evidence that is not accepted needs the reason (obtained covertly, or disproportionate to consider: §3.3)',
      );
    }
    if (!input.rejected && rejectionReason)
      problems.add(UserErrorCode.INVALID, 'input.rejectionReason', 'only rejected evidence has a rejection reason');
    if (
      [ComplaintStatus.NOT_ACCEPTED, ComplaintStatus.REFERRED_TO_PROVIDER, ComplaintStatus.WITHDRAWN].includes(
        complaint.status,
      )
    ) {
      problems.add(
        UserErrorCode.ILLEGAL_TRANSITION,
        null,
        `evidence cannot be added to a complaint that is ${complaint.status}`,
      );
    }
    problems.throwIfAny();
    const evidence = await t.tx.getRepository(Evidence).save(
      t.tx.getRepository(Evidence).create({
        complaintId: complaint.id,
        kind: input.kind,
        description,
        source,
        receivedAt: receivedAt!,
        rejected: Boolean(input.rejected),
        rejectionReason,
      }),
    );
    const updated = await this.store.update(t, complaint, {}, input.rejected ? 'evidence.rejected' : 'evidence.added', {
      entity: { type: 'Evidence', id: evidence.id },
      detail: { kind: evidence.kind, source, rejected: evidence.rejected, rejectionReason },
    });
    return { complaint: updated, evidence };
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
