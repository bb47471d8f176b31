/** The deadline arithmetic of SPEC §1 "Deadline arithmetic": pure functions over a working-day calendar. */
import { londonDate, maxDate, type CalendarDate } from './calendar-date';
import { isOpen } from './complaint-status';
import { ComplainantKind, DueReason, HearingStatus, type ComplaintStatus } from './enums';
import type { WorkingDayCalendar } from './working-days';

export interface Due {
  dueOn: CalendarDate;
  reason: DueReason;
}

export interface HearingDate {
  /** Europe/London date of the hearing's start. */
  date: CalendarDate;
  status: HearingStatus;
}

/** The earliest LISTED hearing strictly after `from`. */
export function nextListedHearing(hearings: readonly HearingDate[], from: CalendarDate): CalendarDate | null {
  let next: CalendarDate | null = null;
  for (const h of hearings) {
    if (h.status === HearingStatus.LISTED && h.date > from && (next === null || h.date < next)) next = h.date;
  }
  return next;
}

/** `cstDueOn`: the hand-off to the CST is due 1 working day after receipt. */
export function cstDueOn(cal: WorkingDayCalendar, received: CalendarDate): CalendarDate {
  return cal.addWorkingDays(received, 1);
}

/** `acknowledgementDueOn`: 3 working days after receipt, 1 for a child. */
export function acknowledgementDueOn(
  cal: WorkingDayCalendar,
  received: CalendarDate,
  kind: ComplainantKind,
): CalendarDate {
  return cal.addWorkingDays(received, kind === ComplainantKind.CHILD ? 1 : 3);
}

/** A child's complaint: the contact step is due 3 working days after receipt. */
export function childContactDueOn(cal: WorkingDayCalendar, received: CalendarDate): CalendarDate {
  return cal.addWorkingDays(received, 3);
}

/**
 * An adult service user's response deadline.
 * @param start the receipt date, or the escalation date after local resolution
 * @param from `start` at intake; max(start, today) when recomputing
 */
export function adultResponseDue(
  cal: WorkingDayCalendar,
  start: CalendarDate,
  from: CalendarDate,
  hearings: readonly HearingDate[],
): Due {
  const base = cal.addWorkingDays(start, 15);
  const hearing = nextListedHearing(hearings, from);
  if (hearing === null) return { dueOn: base, reason: DueReason.FIFTEEN_WORKING_DAYS };
  const bound = cal.subtractWorkingDays(hearing, 5);
  if (bound >= base) return { dueOn: base, reason: DueReason.FIFTEEN_WORKING_DAYS };
  if (bound > from) return { dueOn: bound, reason: DueReason.BEFORE_HEARING };
  return {
    dueOn: maxDate(cal.subtractWorkingDays(hearing, 1), cal.firstWorkingDayFrom(from)),
    reason: DueReason.HEARING_IMMINENT,
  };
}

/** A child's response: 20 working days after the recorded meeting or discussion. */
export function childResponseDue(cal: WorkingDayCalendar, metOn: CalendarDate): Due {
  return { dueOn: cal.addWorkingDays(metOn, 20), reason: DueReason.CHILD_MEETING };
}

/** Non-party and staff-not-case complaints: 15 working days after receipt. */
export function outsideProcedureDue(cal: WorkingDayCalendar, received: CalendarDate): Due {
  return { dueOn: cal.addWorkingDays(received, 15), reason: DueReason.OUTSIDE_PROCEDURE };
}

/** Court notifications and report corrections: 1 working day before the next listed hearing, else with the response. */
export function courtActionDueOn(
  cal: WorkingDayCalendar,
  from: CalendarDate,
  hearings: readonly HearingDate[],
  responseDueOn: CalendarDate | null,
): CalendarDate | null {
  const hearing = nextListedHearing(hearings, from);
  return hearing === null ? responseDueOn : cal.subtractWorkingDays(hearing, 1);
}

/** `nextDueOn`: the earliest of the open steps' due dates. */
export function earliest(dates: readonly (CalendarDate | null | undefined)[]): CalendarDate | null {
  let min: CalendarDate | null = null;
  for (const d of dates) if (d && (min === null || d < min)) min = d;
  return min;
}

/** What a complaint's deadlines depend on. */
export interface DeadlineState {
  kind: ComplainantKind;
  /** Whether the response step is still open (the complaint has not been answered or ended). */
  responseOpen: boolean;
  receivedOn: CalendarDate;
  procedureStartOn: CalendarDate;
  handedOver: boolean;
  acknowledged: boolean;
  childContactedOn: CalendarDate | null;
  responseDueOn: CalendarDate | null;
  dueReason: DueReason | null;
}

/** What a complaint's record says of its steps, as the deadline rules read it. */
export interface ComplaintSteps {
  status: ComplaintStatus;
  receivedAt: Date;
  procedureStartOn: CalendarDate;
  cstReceivedAt: Date | null;
  acknowledgedAt: Date | null;
  childContactedOn: CalendarDate | null;
  responseDueOn: CalendarDate | null;
  dueReason: DueReason | null;
}

export function deadlineState(c: ComplaintSteps, kind: ComplainantKind): DeadlineState {
  return {
    kind,
    responseOpen: isOpen(c.status),
    receivedOn: londonDate(c.receivedAt),
    procedureStartOn: c.procedureStartOn,
    handedOver: c.cstReceivedAt !== null,
    acknowledged: c.acknowledgedAt !== null,
    childContactedOn: c.childContactedOn,
    responseDueOn: c.responseDueOn,
    dueReason: c.dueReason,
  };
}

/** The due dates a complaint records. */
export function deadlinesOf(c: Deadlines): Deadlines {
  const { cstDueOn, acknowledgementDueOn, childContactDueOn, responseDueOn, dueReason } = c;
  return { cstDueOn, acknowledgementDueOn, childContactDueOn, responseDueOn, dueReason };
}

export interface Deadlines {
  cstDueOn: CalendarDate;
  acknowledgementDueOn: CalendarDate;
  childContactDueOn: CalendarDate | null;
  responseDueOn: CalendarDate | null;
  dueReason: DueReason | null;
}

/**
 * Every deadline of a complaint, recomputed on `from` (the receipt or escalation date at intake,
 * max(start, today) afterwards). Done steps keep their dates; an extension is left alone.
 */
export function complaintDeadlines(
  cal: WorkingDayCalendar,
  s: DeadlineState,
  hearings: readonly HearingDate[],
  today: CalendarDate | null,
): Deadlines {
  const from = today === null ? s.procedureStartOn : maxDate(s.procedureStartOn, today);
  const deadlines: Deadlines = {
    cstDueOn: cstDueOn(cal, s.receivedOn),
    acknowledgementDueOn: acknowledgementDueOn(cal, s.receivedOn, s.kind),
    childContactDueOn: s.kind === ComplainantKind.CHILD ? childContactDueOn(cal, s.receivedOn) : null,
    responseDueOn: s.responseDueOn,
    dueReason: s.dueReason,
  };
  if (!s.responseOpen || s.dueReason === DueReason.EXTENDED) return deadlines;
  let due: Due | null = null;
  switch (s.kind) {
    case ComplainantKind.ADULT_PARTY:
      due = adultResponseDue(cal, s.procedureStartOn, from, hearings);
      break;
    case ComplainantKind.CHILD:
      due = s.childContactedOn ? childResponseDue(cal, s.childContactedOn) : null;
      break;
    case ComplainantKind.NON_PARTY:
    case ComplainantKind.STAFF_NOT_CASE:
      due = outsideProcedureDue(cal, s.receivedOn);
      break;
    case ComplainantKind.PROFESSIONAL:
      // Recorded and routed to the local manager (footnote 2): no response deadline of the procedure.
      due = null;
      break;
    case ComplainantKind.UNKNOWN:
      // A draft from email (issue 16): only the intake steps run until the CST knows who complains.
      due = null;
      break;
  }
  deadlines.responseDueOn = due?.dueOn ?? null;
  deadlines.dueReason = due?.reason ?? null;
  return deadlines;
}

/** `nextDueOn`: the earliest due date among the steps still open. */
export function nextDueOn(
  s: Pick<DeadlineState, 'kind' | 'responseOpen' | 'handedOver' | 'acknowledged' | 'childContactedOn'>,
  d: Deadlines,
  openCourtActions: readonly (CalendarDate | null)[],
  ended: boolean,
): CalendarDate | null {
  if (ended) return null;
  // Once answered, only the court actions remain: the intake steps are overtaken by the response.
  if (!s.responseOpen) return earliest(openCourtActions);
  return earliest([
    s.handedOver ? null : d.cstDueOn,
    s.acknowledged ? null : d.acknowledgementDueOn,
    s.kind === ComplainantKind.CHILD && !s.childContactedOn ? d.childContactDueOn : null,
    d.responseDueOn,
    ...openCourtActions,
  ]);
}

/** A due date that moved earlier than it was (the CST is alerted): both known and the new one sooner. */
export function movedEarlier(
  change: { from: unknown; to: unknown } | undefined,
): change is { from: CalendarDate; to: CalendarDate } {
  return Boolean(change && typeof change.from === 'string' && typeof change.to === 'string' && change.to < change.from);
}
