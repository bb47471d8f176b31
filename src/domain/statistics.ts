/**
 * Reporting (SPEC §1.13): periods (calendar quarters such as `2026-Q3`, or any date range) and how
 * the figures are shown — for ANALYST and in the quarterly report, counts from 1 to 4 are `<5`, and a
 * percentage or median that would give such a count away is withheld ("suppressed"). Pure: no I/O.
 */
import {
  AspectCategory,
  Channel,
  ComplainantKind,
  ComplaintStatus,
  OmbudsmanOutcome,
  ReferralLevel,
  ReferralOutcome,
  TriageOutcome,
} from './enums';
import { addDays, addMonths, isCalendarDate, type CalendarDate } from './calendar-date';

/** Counts below this (and above 0) are suppressed. */
const SMALL_COUNT = 5;
/** The longest period one request may cover. */
export const MAX_PERIOD_YEARS = 5;

export interface Period {
  from: CalendarDate;
  to: CalendarDate;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** `2026-Q3` → 1 July to 30 September 2026; a RangeError for anything else. */
export function parseQuarter(text: string): Period {
  const m = QUARTER.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3`);
  const from = `${m[1]}-${String(3 * Number(m[2]) - 2).padStart(2, '0')}-01`;
  return { from, to: addDays(addMonths(from, 3), -1) };
}

/** What is wrong with a period, naming the argument to correct; null when it is fine. */
export function periodProblem(from: string, to: string): { field: 'from' | 'to'; message: string } | null {
  if (!isCalendarDate(from)) return { field: 'from', message: 'from must be a date (YYYY-MM-DD)' };
  if (!isCalendarDate(to)) return { field: 'to', message: 'to must be a date (YYYY-MM-DD)' };
  if (to < from) return { field: 'to', message: `to (${to}) is before from (${from})` };
  const limit = addMonths(from, 12 * MAX_PERIOD_YEARS);
  if (to >= limit) {
    return {
      field: 'to',
      message: `a period may cover at most ${MAX_PERIOD_YEARS} years: ask for ${from} to ${addDays(limit, -1)} or less`,
    };
  }
  return null;
}

/** Keys of each breakdown, in the order they are shown; every key is listed, with 0 when none. */
export const STATISTIC_KEYS = {
  category: [...Object.values(AspectCategory), 'NOT_ASSESSED'],
  channel: Object.values(Channel),
  status: Object.values(ComplaintStatus),
  complainantKind: Object.values(ComplainantKind),
  triageOutcome: [...Object.values(TriageOutcome), 'NOT_TRIAGED'],
  acknowledgement: ['ON_TIME', 'LATE', 'NOT_YET_DUE'],
  timeliness: ['ON_TIME', 'LATE', 'NO_DUE_DATE'],
  // No referral is made at level NONE.
  referralLevel: Object.values(ReferralLevel).filter((level) => level !== ReferralLevel.NONE),
  referralOutcome: Object.values(ReferralOutcome),
  ombudsmanOutcome: Object.values(OmbudsmanOutcome),
} satisfies Record<string, readonly string[]>;

export interface Count {
  key: string;
  count: number;
}

/** The exact figures of a period (and service area), as computed from the tables. */
export interface StatisticsFigures extends Period {
  received: number;
  receivedByCategory: Count[];
  receivedByChannel: Count[];
  receivedByStatus: Count[];
  receivedByComplainantKind: Count[];
  receivedByTriageOutcome: Count[];
  acknowledgements: Count[];
  responsesSent: number;
  responsesAgainstDueDate: Count[];
  responsesAgainstOriginalDueDate: Count[];
  /** Over every response sent in the period (the group is `responsesSent`). */
  medianWorkingDaysToRespond: number | null;
  extensions: number;
  referralsByLevel: Count[];
  referralsByOutcome: Count[];
  courtNotifications: number;
  ombudsmanEscalations: number;
  ombudsmanOutcomes: Count[];
  compliments: number;
  learningPointsOpened: number;
  learningPointsClosed: number;
}

/** A count as shown: `count` null and `display` "<5" when suppressed. */
export interface ShownCount {
  key: string;
  count: number | null;
  display: string;
}

/** A percentage or a median as shown: `value` null when there is nothing to measure or it is withheld. */
export interface ShownMeasure {
  value: number | null;
  display: string;
}

/** The figures as a caller sees them. */
export interface StatisticsView extends Period {
  smallCountsSuppressed: boolean;
  received: ShownCount;
  receivedByCategory: ShownCount[];
  receivedByChannel: ShownCount[];
  receivedByStatus: ShownCount[];
  receivedByComplainantKind: ShownCount[];
  receivedByTriageOutcome: ShownCount[];
  childrensShare: ShownMeasure;
  acknowledgements: ShownCount[];
  acknowledgedOnTime: ShownMeasure;
  responsesSent: ShownCount;
  responsesAgainstDueDate: ShownCount[];
  responsesAgainstOriginalDueDate: ShownCount[];
  respondedOnTime: ShownMeasure;
  respondedOnTimeAgainstOriginalDueDate: ShownMeasure;
  medianWorkingDaysToRespond: ShownMeasure;
  extensions: ShownCount;
  referralsByLevel: ShownCount[];
  referralsByOutcome: ShownCount[];
  courtNotifications: ShownCount;
  ombudsmanEscalations: ShownCount;
  ombudsmanOutcomes: ShownCount[];
  compliments: ShownCount;
  learningPointsOpened: ShownCount;
  learningPointsClosed: ShownCount;
}

const SUPPRESSED_COUNT = '<5';
const WITHHELD = 'suppressed';
const NOT_APPLICABLE = 'n/a';

/** 1 to 4: small enough to identify someone. 0 is shown: nobody can be identified in it. */
function isSmallCount(n: number): boolean {
  return n > 0 && n < SMALL_COUNT;
}

export function showCount(key: string, n: number, suppress: boolean): ShownCount {
  return suppress && isSmallCount(n)
    ? { key, count: null, display: SUPPRESSED_COUNT }
    : { key, count: n, display: String(n) };
}

const oneDecimal = (x: number) => Math.round(x * 10) / 10;

/**
 * `part` of `whole` as a percentage (one decimal). When suppressing, withheld if the part, the whole
 * or the rest (whole − part) is a small count: a percentage gives a hidden part back from a shown
 * whole (3 of 200 = 1.5%), a hidden rest from a shown part (10 on time at 83.3% = 2 late), and of a
 * hidden whole it describes fewer than five people.
 */
export function showRate(part: number, whole: number, suppress: boolean): ShownMeasure {
  if (whole === 0) return { value: null, display: NOT_APPLICABLE };
  if (suppress && [part, whole, whole - part].some(isSmallCount)) return { value: null, display: WITHHELD };
  const value = oneDecimal((100 * part) / whole);
  return { value, display: `${value.toFixed(1)}%` };
}

/** A median over a group of `size`: withheld when the group is suppressed (a median of 1–4 values is one of them). */
export function showMedian(median: number | null, size: number, suppress: boolean): ShownMeasure {
  if (size === 0 || median === null) return { value: null, display: NOT_APPLICABLE };
  if (suppress && isSmallCount(size)) return { value: null, display: WITHHELD };
  const value = oneDecimal(median);
  return { value, display: Number.isInteger(value) ? String(value) : value.toFixed(1) };
}

const countOf = (counts: Count[], key: string) => counts.find((c) => c.key === key)?.count ?? 0;

/** The figures as shown to a caller: exactly, or with small counts suppressed (ANALYST, the report). */
export function presentStatistics(f: StatisticsFigures, suppress: boolean): StatisticsView {
  const one = (key: string, n: number) => showCount(key, n, suppress);
  const all = (counts: Count[]) => counts.map((c) => showCount(c.key, c.count, suppress));
  const onTime = (counts: Count[]) =>
    showRate(countOf(counts, 'ON_TIME'), countOf(counts, 'ON_TIME') + countOf(counts, 'LATE'), suppress);
  return {
    from: f.from,
    to: f.to,
    smallCountsSuppressed: suppress,
    received: one('TOTAL', f.received),
    receivedByCategory: all(f.receivedByCategory),
    receivedByChannel: all(f.receivedByChannel),
    receivedByStatus: all(f.receivedByStatus),
    receivedByComplainantKind: all(f.receivedByComplainantKind),
    receivedByTriageOutcome: all(f.receivedByTriageOutcome),
    childrensShare: showRate(countOf(f.receivedByComplainantKind, ComplainantKind.CHILD), f.received, suppress),
    acknowledgements: all(f.acknowledgements),
    acknowledgedOnTime: onTime(f.acknowledgements),
    responsesSent: one('TOTAL', f.responsesSent),
    responsesAgainstDueDate: all(f.responsesAgainstDueDate),
    responsesAgainstOriginalDueDate: all(f.responsesAgainstOriginalDueDate),
    respondedOnTime: onTime(f.responsesAgainstDueDate),
    respondedOnTimeAgainstOriginalDueDate: onTime(f.responsesAgainstOriginalDueDate),
    medianWorkingDaysToRespond: showMedian(f.medianWorkingDaysToRespond, f.responsesSent, suppress),
    extensions: one('TOTAL', f.extensions),
    referralsByLevel: all(f.referralsByLevel),
    referralsByOutcome: all(f.referralsByOutcome),
    courtNotifications: one('TOTAL', f.courtNotifications),
    ombudsmanEscalations: one('TOTAL', f.ombudsmanEscalations),
    ombudsmanOutcomes: all(f.ombudsmanOutcomes),
    compliments: one('TOTAL', f.compliments),
    learningPointsOpened: one('TOTAL', f.learningPointsOpened),
    learningPointsClosed: one('TOTAL', f.learningPointsClosed),
  };
}
