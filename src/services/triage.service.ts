/**
 * Triage (SPEC §1.3): into the procedure, to local resolution, not accepted with a reason and an
 * explanation, to a provider's own procedure, or outside the procedure; and escalation from local
 * resolution into the procedure.
 */
import { addMonths, londonDate } from '../domain/calendar-date';
import { transition } from '../domain/complaint-status';
import { complaintDeadlines } from '../domain/deadlines';
import { ComplainantKind, ComplaintStatus, NotAcceptedReason, Role, TriageOutcome } from '../domain/enums';
import { Problems, UserErrorCode } from '../domain/problems';
import { LONG_TEXT, isId, optionalText, pastDate } from '../domain/validation';
import { Case, Complaint, Provider, Staff } from '../entities';
import type { ComplaintChange } from '../graphql/payloads';
import { ComplaintStore } from './complaint-store';
import { DeadlineService, deadlineState } from './deadline.service';
import type { TxContext } from './mutation';
import { NotificationService } from './notification.service';

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

const STATUS_OF: Record<TriageOutcome, ComplaintStatus> = {
  [TriageOutcome.ACCEPTED]: ComplaintStatus.ACCEPTED,
  [TriageOutcome.LOCAL_RESOLUTION]: ComplaintStatus.LOCAL_RESOLUTION,
  [TriageOutcome.NOT_ACCEPTED]: ComplaintStatus.NOT_ACCEPTED,
  [TriageOutcome.REFERRED_TO_PROVIDER]: ComplaintStatus.REFERRED_TO_PROVIDER,
  [TriageOutcome.OUTSIDE_PROCEDURE]: ComplaintStatus.OUTSIDE_PROCEDURE,
};

/** Kinds answered outside the procedure (§2.2, §2.3, footnote 2). */
const OUTSIDE_KINDS = new Set([
  ComplainantKind.NON_PARTY,
  ComplainantKind.STAFF_NOT_CASE,
  ComplainantKind.PROFESSIONAL,
]);

/** Received more than six calendar months after the service's involvement ended (§3.2). */
export function outOfTime(receivedOn: string, involvementEndedOn: string | null): boolean {
  return involvementEndedOn !== null && receivedOn > addMonths(involvementEndedOn, 6);
}

export class TriageService {
  private readonly store = new ComplaintStore();
  private readonly deadlines = new DeadlineService();
  private readonly notifications = new NotificationService();

  async triage(t: TxContext, input: TriageInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    transition('triage', complaint.status);
    const kind = await this.store.kindOf(t, complaint);
    const problems = new Problems();
    const isManager = t.identity.role === Role.CST_MANAGER;
    const outcome = input.outcome;
    const explanation = optionalText(problems, 'input.explanation', input.explanation, LONG_TEXT);
    const exceptional = optionalText(
      problems,
      'input.exceptionalCircumstances',
      input.exceptionalCircumstances,
      LONG_TEXT,
    );
    const kase = complaint.caseId ? await t.tx.getRepository(Case).findOneByOrFail({ id: complaint.caseId }) : null;
    const late = outOfTime(londonDate(complaint.receivedAt), kase?.involvementEndedOn ?? null);
    const changes: Partial<Complaint> = {
      status: STATUS_OF[outcome],
      triageOutcome: outcome,
      triagedAt: t.now(),
      triageNote: explanation,
      notAcceptedReason: null,
      exceptionalCircumstances: null,
    };

    if (
      OUTSIDE_KINDS.has(kind) &&
      outcome !== TriageOutcome.OUTSIDE_PROCEDURE &&
      outcome !== TriageOutcome.NOT_ACCEPTED
    ) {
      problems.add(
        UserErrorCode.INVALID,
        'input.outcome',
        `a ${kind} complaint is answered outside the procedure (OUTSIDE_PROCEDURE) or not accepted`,
      );
    }
    if (!OUTSIDE_KINDS.has(kind) && outcome === TriageOutcome.OUTSIDE_PROCEDURE) {
      problems.add(
        UserErrorCode.INVALID,
        'input.outcome',
        `a service user's complaint (${kind}) is not answered outside the procedure`,
      );
    }
    if (outcome !== TriageOutcome.NOT_ACCEPTED && input.notAcceptedReason) {
      problems.add(
        UserErrorCode.INVALID,
        'input.notAcceptedReason',
        'a reason for not accepting goes only with the NOT_ACCEPTED outcome',
      );
    }

    // Acceptance out of time is a CST manager's discretion, with the circumstances recorded (§3.2).
    const entersHandling = outcome === TriageOutcome.ACCEPTED || outcome === TriageOutcome.LOCAL_RESOLUTION;
    if (entersHandling && late) {
      if (!isManager) {
        problems.add(
          UserErrorCode.NOT_PERMITTED,
          'input.outcome',
          `${complaint.reference} was received more than six months after involvement ended (${kase!.involvementEndedOn}): only a CST manager may accept it`,
        );
      } else if (!exceptional) {
        problems.add(
          UserErrorCode.INVALID,
          'input.exceptionalCircumstances',
          'record the exceptional circumstances that prevented an earlier complaint',
        );
      }
      changes.exceptionalCircumstances = exceptional;
    } else if (exceptional) {
      problems.add(
        UserErrorCode.INVALID,
        'input.exceptionalCircumstances',
        'exceptional circumstances are recorded only to accept a complaint received out of time',
      );
    }

    if (outcome === TriageOutcome.NOT_ACCEPTED) {
      const reason = input.notAcceptedReason;
      changes.notAcceptedReason = reason ?? null;
      if (!reason)
        problems.add(UserErrorCode.INVALID, 'input.notAcceptedReason', 'give the reason the complaint is not accepted');
      if (!explanation)
        problems.add(UserErrorCode.INVALID, 'input.explanation', 'write the explanation the complainant is sent');
      if (reason === NotAcceptedReason.UNREASONABLY_PERSISTENT && !isManager) {
        problems.add(
          UserErrorCode.NOT_PERMITTED,
          'input.notAcceptedReason',
          'only a CST manager may refuse a complaint as unreasonably persistent (§3.4–3.5)',
        );
      }
      if (reason === NotAcceptedReason.OUT_OF_TIME) {
        if (!late)
          problems.add(
            UserErrorCode.INVALID,
            'input.notAcceptedReason',
            'the complaint was received within six months of the end of involvement',
          );
        if (kind === ComplainantKind.CHILD && !complaint.childContactedOn) {
          problems.add(
            UserErrorCode.NOT_PERMITTED,
            'input.notAcceptedReason',
            "a child's complaint is never refused as out of time before the child is contacted (§5.5): record the contact first",
          );
        }
      }
      if (reason === NotAcceptedReason.REPEAT) {
        const earlierId = input.repeatsComplaintId ?? complaint.repeatsComplaintId;
        const earlier =
          isId(earlierId) && earlierId !== complaint.id
            ? await t.tx.getRepository(Complaint).findOneBy({ id: earlierId })
            : null;
        if (!earlierId)
          problems.add(
            UserErrorCode.INVALID,
            'input.repeatsComplaintId',
            'name the earlier complaint that answered the same issue',
          );
        else if (!earlier)
          problems.add(
            UserErrorCode.NOT_FOUND,
            'input.repeatsComplaintId',
            `no earlier complaint has the id "${earlierId}"`,
          );
        else changes.repeatsComplaintId = earlier.id;
      }
    }

    if (outcome === TriageOutcome.REFERRED_TO_PROVIDER) {
      const provider = isId(input.providerId)
        ? await t.tx.getRepository(Provider).findOneBy({ id: input.providerId })
        : null;
      if (!input.providerId)
        problems.add(
          UserErrorCode.INVALID,
          'input.providerId',
          'name the provider whose procedure takes the complaint',
        );
      else if (!provider)
        problems.add(UserErrorCode.NOT_FOUND, 'input.providerId', `no provider has the id "${input.providerId}"`);
      changes.referredProviderId = provider?.id ?? null;
    } else if (input.providerId) {
      problems.add(
        UserErrorCode.INVALID,
        'input.providerId',
        'a provider is named only when referring the complaint to it',
      );
    }

    if (
      outcome === TriageOutcome.LOCAL_RESOLUTION ||
      (input.localManagerId && outcome === TriageOutcome.OUTSIDE_PROCEDURE)
    ) {
      const manager = isId(input.localManagerId)
        ? await t.tx.getRepository(Staff).findOneBy({ id: input.localManagerId })
        : null;
      if (!input.localManagerId)
        problems.add(UserErrorCode.INVALID, 'input.localManagerId', 'name the local manager who will put it right');
      else if (!manager)
        problems.add(
          UserErrorCode.NOT_FOUND,
          'input.localManagerId',
          `no member of staff has the id "${input.localManagerId}"`,
        );
      else if (manager.role !== Role.LINE_MANAGER && manager.role !== Role.SENIOR_MANAGER) {
        problems.add(
          UserErrorCode.INVALID,
          'input.localManagerId',
          'the local manager is a line manager or a senior manager',
        );
      } else if (manager.id === complaint.subjectStaffId) {
        problems.add(
          UserErrorCode.NOT_PERMITTED,
          'input.localManagerId',
          'the complaint is about this manager: choose another',
        );
      }
      changes.localManagerId = manager?.id ?? null;
    } else if (input.localManagerId) {
      problems.add(
        UserErrorCode.INVALID,
        'input.localManagerId',
        'a local manager is named for local resolution (or a professional’s concern)',
      );
    }
    problems.throwIfAny();

    const updated = await this.store.update(t, complaint, changes, 'complaint.triaged');
    await this.notifications.triaged(t, updated);
    return { complaint: updated, warnings: late && entersHandling ? [`accepted out of time: ${exceptional}`] : [] };
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
    const fresh = complaintDeadlines(
      await this.deadlines.calendar(t.tx),
      deadlineState(entering, kind),
      await this.deadlines.hearings(t.tx, complaint.caseId),
      null,
    );
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
