/**
 * Retention (SPEC §1.12): when a complaint is closed, and whether its personal data is due to be
 * anonymised. Pure: the service gathers the facts and acts on the decision.
 *
 * Closure. A complaint is closed once it reaches a final status (`FINAL_STATUSES`: CLOSED, RESOLVED_LOCALLY,
 * NOT_ACCEPTED, REFERRED_TO_PROVIDER, WITHDRAWN or ESCALATED_TO_OMBUDSMAN). (RESPONDED is not final:
 * court actions are still outstanding, and the gateway closes it once they are done.) Each final
 * status records its own moment (`closedAt`, `respondedAt`, `triagedAt`, `withdrawnAt`), and the
 * ombudsman's outcome and the compliance with its recommendations come later still, so the closure
 * date is the latest of all of them: the last thing that happened to the complaint.
 *
 * Eligibility. Closed, not anonymised already, not under a legal hold, no ombudsman escalation still
 * open (an escalation without its outcome, or a recommendation not yet complied with), and the
 * retention period over: kept for `years` whole years after the closure date (29 February counts to
 * 28 February) and anonymised from the day after.
 */
import { addDays, addMonths, londonDate, maxDate, type CalendarDate } from './calendar-date';
import { isFinal } from './complaint-status';
import { ComplaintStatus } from './enums';

export interface OmbudsmanFacts {
  outcomeOn: CalendarDate | null;
  /** Completion date of each recommendation (null while outstanding). */
  recommendationsCompletedOn: (CalendarDate | null)[];
}

export interface RetentionFacts {
  status: ComplaintStatus;
  closedAt: Date | null;
  respondedAt: Date | null;
  triagedAt: Date | null;
  withdrawnAt: Date | null;
  legalHold: boolean;
  anonymisedAt: Date | null;
  escalations: OmbudsmanFacts[];
}

export enum RetentionBlock {
  ANONYMISED = 'ANONYMISED',
  OPEN = 'OPEN',
  LEGAL_HOLD = 'LEGAL_HOLD',
  OMBUDSMAN_OPEN = 'OMBUDSMAN_OPEN',
  /** A final status without any date to count from: kept until someone looks. */
  NO_CLOSURE_DATE = 'NO_CLOSURE_DATE',
  /** Still within the retention period. */
  RETAINED = 'RETAINED',
}

export type RetentionDecision =
  | { eligible: true; closedOn: CalendarDate; retainedUntil: CalendarDate }
  | { eligible: false; reason: RetentionBlock; closedOn: CalendarDate | null; retainedUntil: CalendarDate | null };

/** The last day of the retention period for a complaint closed on `closedOn`. */
export function retainedUntil(closedOn: CalendarDate, years: number): CalendarDate {
  return addMonths(closedOn, 12 * years);
}

/** The closure date (Europe/London) of a complaint in a final status, or null while it is open. */
export function closureDate(facts: RetentionFacts): CalendarDate | null {
  if (!isFinal(facts.status)) return null;
  const dates = [facts.closedAt, facts.respondedAt, facts.triagedAt, facts.withdrawnAt]
    .filter((d): d is Date => d !== null)
    .map(londonDate);
  for (const e of facts.escalations) {
    if (e.outcomeOn) dates.push(e.outcomeOn);
    for (const completed of e.recommendationsCompletedOn) if (completed) dates.push(completed);
  }
  return dates.length ? dates.reduce(maxDate) : null;
}

function ombudsmanOpen(facts: RetentionFacts): boolean {
  if (facts.status === ComplaintStatus.ESCALATED_TO_OMBUDSMAN && facts.escalations.length === 0) return true;
  return facts.escalations.some((e) => e.outcomeOn === null || e.recommendationsCompletedOn.some((d) => d === null));
}

/** Whether the complaint's personal data is due to be anonymised on `today` with a period of `years`. */
export function retentionDecision(facts: RetentionFacts, today: CalendarDate, years: number): RetentionDecision {
  const closedOn = closureDate(facts);
  const until = closedOn ? retainedUntil(closedOn, years) : null;
  const blocked = (reason: RetentionBlock): RetentionDecision => ({
    eligible: false,
    reason,
    closedOn,
    retainedUntil: until,
  });
  if (facts.anonymisedAt) return blocked(RetentionBlock.ANONYMISED);
  if (!isFinal(facts.status)) return blocked(RetentionBlock.OPEN);
  if (facts.legalHold) return blocked(RetentionBlock.LEGAL_HOLD);
  if (ombudsmanOpen(facts)) return blocked(RetentionBlock.OMBUDSMAN_OPEN);
  if (!closedOn || !until) return blocked(RetentionBlock.NO_CLOSURE_DATE);
  if (today <= until) return blocked(RetentionBlock.RETAINED);
  return { eligible: true, closedOn, retainedUntil: until };
}

/**
 * A closure date after which nothing can be past its retention period on `today` (with a day's
 * slack): the service's SQL pre-selects complaints closed on or before it, `retentionDecision` decides.
 */
export function latestEligibleClosure(today: CalendarDate, years: number): CalendarDate {
  return addDays(addMonths(today, -12 * years), 1);
}
