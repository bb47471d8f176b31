/**
 * Triage eligibility (SPEC §1.3; procedure §3, §1.5, §4.1, §4.9): which outcome a complaint may
 * be given, by whom, and with what recorded. Pure: the service reads the facts and the rows named.
 */
import { addMonths, type CalendarDate } from './calendar-date';
import { answeredOutsideProcedure } from './complainant-kind';
import { ComplainantKind, ComplaintStatus, NotAcceptedReason, TriageOutcome } from './enums';
import { UserErrorCode, type Problems } from './problems';

/** The status each outcome leads to. */
export const STATUS_OF_OUTCOME: Record<TriageOutcome, ComplaintStatus> = {
  [TriageOutcome.ACCEPTED]: ComplaintStatus.ACCEPTED,
  [TriageOutcome.LOCAL_RESOLUTION]: ComplaintStatus.LOCAL_RESOLUTION,
  [TriageOutcome.NOT_ACCEPTED]: ComplaintStatus.NOT_ACCEPTED,
  [TriageOutcome.REFERRED_TO_PROVIDER]: ComplaintStatus.REFERRED_TO_PROVIDER,
  [TriageOutcome.OUTSIDE_PROCEDURE]: ComplaintStatus.OUTSIDE_PROCEDURE,
};

/** Received more than six calendar months after the service's involvement ended (§3.2). */
export function outOfTime(receivedOn: CalendarDate, involvementEndedOn: CalendarDate | null): boolean {
  return involvementEndedOn !== null && receivedOn > addMonths(involvementEndedOn, 6);
}

/** Outcomes under which the service handles the complaint itself. */
export function entersHandling(outcome: TriageOutcome): boolean {
  return outcome === TriageOutcome.ACCEPTED || outcome === TriageOutcome.LOCAL_RESOLUTION;
}

/** Whether triage names a local manager: always for local resolution, optionally for a concern outside it. */
export function takesLocalManager(outcome: TriageOutcome, named: boolean): boolean {
  return outcome === TriageOutcome.LOCAL_RESOLUTION || (named && outcome === TriageOutcome.OUTSIDE_PROCEDURE);
}

/**
 * A complaint about a member of staff unrelated to a case, taken outside the procedure: their line
 * manager owns and answers it (§2.3).
 */
export function ownedByLineManager(kind: ComplainantKind, outcome: TriageOutcome): boolean {
  return kind === ComplainantKind.STAFF_NOT_CASE && outcome === TriageOutcome.OUTSIDE_PROCEDURE;
}

/** What triage decides on, read from the complaint, its case and the caller. */
export interface TriageFacts {
  outcome: TriageOutcome;
  kind: ComplainantKind;
  reference: string;
  /** The end of the service's involvement, when it has ended. */
  involvementEndedOn: CalendarDate | null;
  receivedOn: CalendarDate;
  byCstManager: boolean;
  childContacted: boolean;
  notAcceptedReason: NotAcceptedReason | null;
  explanation: string | null;
  exceptionalCircumstances: string | null;
  providerNamed: boolean;
  localManagerNamed: boolean;
}

/**
 * Adds to `problems` every rule of triage the facts break, each naming its input field; says whether
 * the complaint was received out of time.
 */
export function checkTriage(f: TriageFacts, problems: Problems): { late: boolean } {
  const late = outOfTime(f.receivedOn, f.involvementEndedOn);
  const outside = answeredOutsideProcedure(f.kind);
  const { outcome } = f;
  if (outside && outcome !== TriageOutcome.OUTSIDE_PROCEDURE && outcome !== TriageOutcome.NOT_ACCEPTED) {
    const message = `a ${f.kind} complaint is answered outside the procedure (OUTSIDE_PROCEDURE) or not accepted`;
    problems.add(UserErrorCode.INVALID, 'input.outcome', message);
  }
  if (!outside && outcome === TriageOutcome.OUTSIDE_PROCEDURE) {
    const message = `a service user's complaint (${f.kind}) is not answered outside the procedure`;
    problems.add(UserErrorCode.INVALID, 'input.outcome', message);
  }
  if (outcome !== TriageOutcome.NOT_ACCEPTED && f.notAcceptedReason) {
    const message = 'a reason for not accepting goes only with the NOT_ACCEPTED outcome';
    problems.add(UserErrorCode.INVALID, 'input.notAcceptedReason', message);
  }
  checkTiming(f, late, problems);
  if (outcome === TriageOutcome.NOT_ACCEPTED) checkRefusal(f, late, problems);
  if (outcome !== TriageOutcome.REFERRED_TO_PROVIDER && f.providerNamed) {
    const message = 'a provider is named only when referring the complaint to it';
    problems.add(UserErrorCode.INVALID, 'input.providerId', message);
  }
  if (f.localManagerNamed && !takesLocalManager(outcome, true)) {
    const message = 'a local manager is named for local resolution (or a professional’s concern)';
    problems.add(UserErrorCode.INVALID, 'input.localManagerId', message);
  } else if (f.localManagerNamed && ownedByLineManager(f.kind, outcome)) {
    // §2.3: the employee's line manager answers (else the area's senior manager): the gateway routes it.
    const message = 'a complaint about a member of staff unrelated to a case goes to their line manager: name no one';
    problems.add(UserErrorCode.INVALID, 'input.localManagerId', message);
  }
  return { late };
}

/** Acceptance out of time is a CST manager's discretion, with the circumstances recorded (§3.2). */
function checkTiming(f: TriageFacts, late: boolean, problems: Problems): void {
  if (entersHandling(f.outcome) && late) {
    if (!f.byCstManager) {
      const message =
        `${f.reference} was received more than six months after involvement ended ` +
        `(${f.involvementEndedOn}): only a CST manager may accept it`;
      problems.add(UserErrorCode.NOT_PERMITTED, 'input.outcome', message);
    } else if (!f.exceptionalCircumstances) {
      const message = 'record the exceptional circumstances that prevented an earlier complaint';
      problems.add(UserErrorCode.INVALID, 'input.exceptionalCircumstances', message);
    }
  } else if (f.exceptionalCircumstances) {
    const message = 'exceptional circumstances are recorded only to accept a complaint received out of time';
    problems.add(UserErrorCode.INVALID, 'input.exceptionalCircumstances', message);
  }
}

/** Not accepted: a reason and the explanation the complainant is sent; some reasons are restricted (§3.4–3.5, §5.5). */
function checkRefusal(f: TriageFacts, late: boolean, problems: Problems): void {
  const reason = f.notAcceptedReason;
  const field = 'input.notAcceptedReason';
  if (!reason) problems.add(UserErrorCode.INVALID, field, 'give the reason the complaint is not accepted');
  if (!f.explanation) {
    problems.add(UserErrorCode.INVALID, 'input.explanation', 'write the explanation the complainant is sent');
  }
  if (reason === NotAcceptedReason.UNREASONABLY_PERSISTENT && !f.byCstManager) {
    const message = 'only a CST manager may refuse a complaint as unreasonably persistent (§3.4–3.5)';
    problems.add(UserErrorCode.NOT_PERMITTED, field, message);
  }
  if (reason !== NotAcceptedReason.OUT_OF_TIME) return;
  if (!late) {
    problems.add(
      UserErrorCode.INVALID,
      field,
      'the complaint was received within six months of the end of involvement',
    );
  }
  if (f.kind === ComplainantKind.CHILD && !f.childContacted) {
    const message =
      "a child's complaint is never refused as out of time before the child is contacted (§5.5): " +
      'record the contact first';
    problems.add(UserErrorCode.NOT_PERMITTED, field, message);
  }
}
