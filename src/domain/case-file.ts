/** Rules of the case-file sync (SPEC §2 `upsertCaseFile`): pure, table-tested. */
import type { CalendarDate } from './calendar-date';
import { CaseStatus } from './enums';

/** At most this many records (cases and everything nested in them) per call. */
export const MAX_CASE_FILE_RECORDS = 500;

/** How many records a batch holds: each case and each record nested in it. */
export function recordCount(cases: readonly Partial<Record<NestedKind, readonly unknown[] | null>>[]): number {
  return cases.reduce((sum, c) => sum + 1 + NESTED_KINDS.reduce((n, k) => n + (c[k]?.length ?? 0), 0), 0);
}

export const NESTED_KINDS = ['parties', 'children', 'hearings', 'courtReports', 'contactLogs'] as const;
export type NestedKind = (typeof NESTED_KINDS)[number];

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
