/**
 * Triage (SPEC §1.3): into the procedure, to local resolution, not accepted with a reason and an
 * explanation, to a provider's own procedure, or outside the procedure; and escalation from local
 * resolution into the procedure.
 */
import { londonDate } from '../domain/calendar-date';
import { transition } from '../domain/complaint-status';
import { NotAcceptedReason, Role, TriageOutcome } from '../domain/enums';
import { Problems, UserErrorCode, fail } from '../domain/problems';
import { draftNotTriaged } from '../domain/inbound-mail';
import {
  STATUS_OF_OUTCOME,
  checkTriage,
  entersHandling,
  ownedByLineManager,
  takesLocalManager,
  type TriageFacts,
} from '../domain/triage';
import { LONG_TEXT, optionalText, pastDate } from '../domain/validation';
import { Case, Complaint, Provider, Staff } from '../entities';
import type { ComplaintChange } from './mutation';
import { ComplaintStore } from './complaint-store';
import { deadlineState } from '../domain/deadlines';
import type { DeadlineService } from './deadline.service';
import type { TxContext } from './mutation';
import type { IntakeNotices } from './intake-notices';
import { referenced } from './referenced';
import type { RoutingService } from './routing.service';
import { UserWarningCode, warning } from '../domain/warnings';

export interface TriageInput {
  complaintId: string;
  expectedVersion?: number | null;
  outcome: TriageOutcome;
  notAcceptedReason?: NotAcceptedReason | null;
  explanation?: string | null;
  exceptionalCircumstances?: string | null;
  providerId?: string | null;
  localManagerId?: string | null;
  repeatsComplaintId?: string | null;
}

export interface EscalateFromLocalResolutionInput {
  complaintId: string;
  expectedVersion?: number | null;
  escalatedOn?: string | null;
  reason?: string | null;
}

export class TriageService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly deadlines: DeadlineService,
    private readonly notices: IntakeNotices,
    private readonly routing: RoutingService,
  ) {}

  async triage(t: TxContext, input: TriageInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    transition('triage', complaint.status);
    // An emailed complaint is triaged once the CST knows who complains and about what (issue 16).
    if (complaint.draft)
      fail(UserErrorCode.ILLEGAL_TRANSITION, 'input.complaintId', draftNotTriaged(complaint.reference));
    const problems = new Problems();
    const { outcome } = input;
    const explanation = optionalText(problems, 'input.explanation', input.explanation, LONG_TEXT);
    const exceptional = optionalText(
      problems,
      'input.exceptionalCircumstances',
      input.exceptionalCircumstances,
      LONG_TEXT,
    );
    const kase = complaint.caseId ? await t.tx.getRepository(Case).findOneByOrFail({ id: complaint.caseId }) : null;
    const facts: TriageFacts = {
      outcome,
      kind: await this.store.kindOf(t, complaint),
      reference: complaint.reference,
      involvementEndedOn: kase?.involvementEndedOn ?? null,
      receivedOn: londonDate(complaint.receivedAt),
      byCstManager: t.identity.role === Role.CST_MANAGER,
      childContacted: complaint.childContactedOn !== null,
      notAcceptedReason: input.notAcceptedReason ?? null,
      explanation,
      exceptionalCircumstances: exceptional,
      providerNamed: Boolean(input.providerId),
      localManagerNamed: Boolean(input.localManagerId),
    };
    const { late } = checkTriage(facts, problems);
    const changes: Partial<Complaint> = {
      status: STATUS_OF_OUTCOME[outcome],
      triageOutcome: outcome,
      triagedAt: t.now(),
      triageNote: explanation,
      notAcceptedReason: outcome === TriageOutcome.NOT_ACCEPTED ? facts.notAcceptedReason : null,
      exceptionalCircumstances: entersHandling(outcome) && late ? exceptional : null,
    };
    Object.assign(changes, await this.namedRows(t, complaint, input, problems));
    const warnings =
      late && entersHandling(outcome)
        ? [warning(UserWarningCode.ACCEPTED_OUT_OF_TIME, `accepted out of time: ${exceptional}`)]
        : [];
    if (ownedByLineManager(facts.kind, outcome)) {
      const routed = await this.lineManagerOwner(t, complaint, problems);
      if (routed?.fallback) warnings.push(routed.fallback);
      changes.ownerId = routed?.staff.id ?? null;
    }
    problems.throwIfAny();

    const updated = await this.store.update(t, complaint, changes, 'complaint.triaged');
    await this.notices.triaged(t, updated);
    return { complaint: updated, warnings };
  }

  /** A staff-not-case complaint outside the procedure: the employee's line manager (else the area's senior manager). */
  private async lineManagerOwner(t: TxContext, complaint: Complaint, problems: Problems) {
    const subject = complaint.subjectStaffId
      ? await t.tx.getRepository(Staff).findOneBy({ id: complaint.subjectStaffId })
      : null;
    const routed = subject ? await this.routing.staffComplaintAnswerer(t.tx, subject, complaint.serviceAreaId) : null;
    if (!routed) {
      const message =
        'the member of staff complained about has no line manager, and their service area no senior manager, ' +
        'to answer it: have their line manager recorded, then triage it';
      problems.add(UserErrorCode.INVALID, 'input.outcome', message);
    }
    return routed;
  }

  /** The rows triage names (the earlier complaint of a repeat, the provider, the local manager), checked. */
  private async namedRows(
    t: TxContext,
    complaint: Complaint,
    input: TriageInput,
    problems: Problems,
  ): Promise<Partial<Complaint>> {
    const changes: Partial<Complaint> = {};
    const { outcome } = input;
    if (outcome === TriageOutcome.NOT_ACCEPTED && input.notAcceptedReason === NotAcceptedReason.REPEAT) {
      const earlierId = input.repeatsComplaintId ?? complaint.repeatsComplaintId;
      const field = 'input.repeatsComplaintId';
      if (earlierId && earlierId === complaint.id) {
        problems.add(UserErrorCode.INVALID, field, 'a complaint does not repeat itself: name the earlier one');
      } else {
        const missing = 'name the earlier complaint that answered the same issue';
        const earlier = await referenced(
          t.tx,
          Complaint,
          earlierId,
          { field, what: 'earlier complaint', missing },
          problems,
        );
        if (earlier) changes.repeatsComplaintId = earlier.id;
      }
    }
    if (outcome === TriageOutcome.REFERRED_TO_PROVIDER) {
      const provider = await referenced(
        t.tx,
        Provider,
        input.providerId,
        {
          field: 'input.providerId',
          what: 'provider',
          missing: 'name the provider whose procedure takes the complaint',
        },
        problems,
      );
      changes.referredProviderId = provider?.id ?? null;
    }
    if (takesLocalManager(outcome, Boolean(input.localManagerId))) {
      const field = 'input.localManagerId';
      const manager = await referenced(
        t.tx,
        Staff,
        input.localManagerId,
        { field, what: 'member of staff', missing: 'name the local manager who will put it right' },
        problems,
      );
      if (manager && manager.role !== Role.LINE_MANAGER && manager.role !== Role.SENIOR_MANAGER) {
        problems.add(UserErrorCode.INVALID, field, 'the local manager is a line manager or a senior manager');
      } else if (manager && manager.id === complaint.subjectStaffId) {
        problems.add(UserErrorCode.NOT_PERMITTED, field, 'the complaint is about this manager: choose another');
      }
      changes.localManagerId = manager?.id ?? null;
    }
    return changes;
  }

  /** The complainant stays unhappy: the complaint enters the procedure; deadlines count from the escalation date. */
  async escalateFromLocalResolution(t: TxContext, input: EscalateFromLocalResolutionInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const status = transition('escalateFromLocalResolution', complaint.status);
    const problems = new Problems();
    const escalatedOn = pastDate(problems, 'input.escalatedOn', input.escalatedOn ?? t.today, t.today);
    const reason = optionalText(problems, 'input.reason', input.reason, LONG_TEXT);
    if (escalatedOn && escalatedOn < londonDate(complaint.receivedAt)) {
      problems.add(
        UserErrorCode.INVALID,
        'input.escalatedOn',
        'a complaint cannot be escalated before it was received',
      );
    }
    problems.throwIfAny();
    const kind = await this.store.kindOf(t, complaint);
    const entering = { ...complaint, status, procedureStartOn: escalatedOn!, dueReason: null, responseDueOn: null };
    const fresh = await this.deadlines.atIntake(t.tx, deadlineState(entering, kind), complaint.caseId);
    const updated = await this.store.update(
      t,
      complaint,
      {
        status,
        procedureStartOn: escalatedOn!,
        escalatedFromLocalResolutionAt: t.now(),
        responseDueOn: fresh.responseDueOn,
        originalResponseDueOn: fresh.responseDueOn,
        dueReason: fresh.dueReason,
      },
      'complaint.escalated-from-local-resolution',
      { detail: reason ? { reason } : undefined },
    );
    return { complaint: updated };
  }
}
