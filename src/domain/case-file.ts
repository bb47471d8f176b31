/**
 * The case-file sync (SPEC §2 `upsertCaseFile`): the records the case management system sends, keyed
 * by its own ids, and the pure rules of applying them (table-tested). The resolver's input classes
 * implement these shapes; the service and its record handlers read them.
 */
import type { CalendarDate } from './calendar-date';
import { CaseStatus, ContactMethod, HearingStatus, PartyRole } from './enums';

export interface PartyRecord {
  sourceId: string;
  firstName: string;
  lastName: string;
  role: PartyRole;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  ethnicity?: string | null;
  disability?: string | null;
}

export interface ChildRecord {
  sourceId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  preferredContact?: ContactMethod | null;
  ethnicity?: string | null;
  disability?: string | null;
}

export interface HearingRecord {
  sourceId: string;
  startsAt: Date;
  hearingType: string;
  status: HearingStatus;
  /** The court sitting; defaults to the case's court. */
  courtCode?: string | null;
}

export interface CourtReportRecord {
  sourceId: string;
  title: string;
  reportType: string;
  filedOn: string;
  authorEmail?: string | null;
}

export interface ContactLogRecord {
  sourceId: string;
  occurredAt: Date;
  method: ContactMethod;
  withWhom: string;
  summary: string;
  staffEmail?: string | null;
}

export interface CaseFileRecord {
  sourceId: string;
  caseNumber?: string | null;
  courtCode?: string | null;
  serviceAreaCode?: string | null;
  practitionerEmail?: string | null;
  status?: CaseStatus | null;
  openedOn?: string | null;
  involvementEndedOn?: string | null;
  parties?: PartyRecord[] | null;
  children?: ChildRecord[] | null;
  hearings?: HearingRecord[] | null;
  courtReports?: CourtReportRecord[] | null;
  contactLogs?: ContactLogRecord[] | null;
}

/** The lists of records nested in a case, in the order they are applied. */
export const NESTED_KINDS = ['parties', 'children', 'hearings', 'courtReports', 'contactLogs'] as const;
export type NestedKind = (typeof NESTED_KINDS)[number];
/** One record of a nested list: `NestedRecord<'hearings'>` is a `HearingRecord`. */
export type NestedRecord<K extends NestedKind> = NonNullable<CaseFileRecord[K]>[number];

/** At most this many records (cases and everything nested in them) per call. */
export const MAX_CASE_FILE_RECORDS = 500;

/** How many records a batch holds: each case and each record nested in it. */
export function recordCount(cases: readonly Partial<Record<NestedKind, readonly unknown[] | null>>[]): number {
  return cases.reduce((sum, c) => sum + 1 + NESTED_KINDS.reduce((n, k) => n + (c[k]?.length ?? 0), 0), 0);
}

/**
 * When the service's involvement ended (the start of the six-month window for complaints, §3.2):
 * the date the case system gives; else the day a case is seen to close; cleared when it reopens.
 */
export function involvementEndedOn(
  before: { status: CaseStatus; involvementEndedOn: CalendarDate | null } | null,
  status: CaseStatus,
  given: CalendarDate | null | undefined,
  today: CalendarDate,
): CalendarDate | null {
  if (given !== undefined) return given;
  if (status === CaseStatus.CLOSED)
    return before?.status === CaseStatus.CLOSED ? (before.involvementEndedOn ?? today) : today;
  return before?.status === CaseStatus.CLOSED ? null : (before?.involvementEndedOn ?? null);
}
