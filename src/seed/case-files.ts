/** One court case with its case file: parties, children, hearings, reports to court and contact logs. */
import type { CalendarDate } from '../domain/calendar-date';
import type { HearingDate } from '../domain/deadlines';
import { CaseStatus, ContactMethod, HearingStatus, PartyRole } from '../domain/enums';
import { seedUuid } from './ids';
import { COURTS, FIRST_NAMES, HEARING_TYPES, REPORT_TYPES } from './names';
import type { PersonName, SeedRandom } from './random-source';
import type { ChunkRows } from './row-writer';
import type { SeedContext } from './seed-context';

/** What a complaint about a case draws on; a complaint about staff outside a case gets one with no case. */
export interface CaseFile {
  caseId: string | null;
  /** Index of the service area in SERVICE_AREAS. */
  area: number;
  /** Index of the court in COURTS. */
  courtIndex: number;
  practitioner: string;
  parties: string[];
  partyNames: PersonName[];
  children: string[];
  hearings: HearingDate[];
  reports: string[];
}

/** Writes case number `k` (0-based) and its case file to `rows`. */
export function addCaseFile(ctx: SeedContext, rows: ChunkRows, k: number): CaseFile {
  const { random, ids, staff } = ctx;
  const courtIndex = random.int(0, COURTS.length - 1);
  const area = COURTS[courtIndex].area;
  const caseId = seedUuid(`case:${k}`);
  const openedOn = random.daysAgo(random.int(30, 720));
  const closed = random.chance(0.2);
  const practitioner = random.pick(staff.practitioners[area]);
  rows.add('cases', {
    id: caseId,
    case_number: `${COURTS[courtIndex].code}${openedOn.slice(2, 4)}P${String(k + 1).padStart(5, '0')}`,
    source_id: `CMS-${100000 + k}`,
    status: closed ? CaseStatus.CLOSED : CaseStatus.OPEN,
    opened_on: openedOn,
    involvement_ended_on: closed ? random.daysAgo(random.int(1, 29)) : null,
    court_id: ids.courtIds[courtIndex],
    service_area_id: ids.areaIds[area],
    practitioner_id: practitioner,
  });
  const { parties, partyNames } = addParties(ctx, rows, k, caseId);
  const children = addChildren(ctx, rows, k, caseId, partyNames[0].last_name);
  const hearings = addHearings(ctx, rows, k, caseId, ids.courtIds[courtIndex], closed);
  const reports = addReports(ctx, rows, k, caseId, practitioner);
  addContactLogs(ctx, rows, k, caseId, practitioner);
  return { caseId, area, courtIndex, practitioner, parties, partyNames, children, hearings, reports };
}

/** An applicant and a respondent, and sometimes an intervener. */
function addParties(
  { random }: SeedContext,
  rows: ChunkRows,
  k: number,
  caseId: string,
): { parties: string[]; partyNames: PersonName[] } {
  const parties: string[] = [];
  const partyNames: PersonName[] = [];
  const roles: [number, PartyRole][] = [
    [0, PartyRole.APPLICANT],
    [1, PartyRole.RESPONDENT],
    ...(random.chance(0.1) ? [[2, PartyRole.INTERVENER] as [number, PartyRole]] : []),
  ];
  for (const [p, role] of roles) {
    const name = random.person();
    const id = seedUuid(`party:${k}:${p}`);
    parties.push(id);
    partyNames.push(name);
    rows.add('parties', {
      id,
      case_id: caseId,
      source_id: `CMS-P-${k}-${p}`,
      ...name,
      role,
      email: random.chance(0.8) ? random.email(name) : null,
      phone: random.phone(),
      address: random.address(),
      ethnicity: random.pick(['White British', 'Asian British', 'Black British', 'Mixed', 'Not stated']),
      disability: random.chance(0.15) ? 'Declared' : null,
    });
  }
  return { parties, partyNames };
}

/** One to three children, with the applicant's family name. */
function addChildren({ random }: SeedContext, rows: ChunkRows, k: number, caseId: string, lastName: string): string[] {
  const children: string[] = [];
  for (let c = 0, n = random.int(1, 3); c < n; c++) {
    const id = seedUuid(`child:${k}:${c}`);
    children.push(id);
    rows.add('children', {
      id,
      case_id: caseId,
      source_id: `CMS-C-${k}-${c}`,
      first_name: random.pick(FIRST_NAMES),
      last_name: lastName,
      date_of_birth: random.daysAgo(random.int(2 * 365, 16 * 365)),
      preferred_contact: random.pick(Object.values(ContactMethod)),
      ethnicity: 'Not stated',
      disability: null,
    });
  }
  return children;
}

/** One to four hearings within ten weeks ahead and ten months back; a closed case's future ones are cancelled. */
function addHearings(
  { random, today }: SeedContext,
  rows: ChunkRows,
  k: number,
  caseId: string,
  courtId: string,
  closed: boolean,
): HearingDate[] {
  const hearings: HearingDate[] = [];
  for (let h = 0, n = random.int(1, 4); h < n; h++) {
    const date: CalendarDate = random.daysAgo(random.int(-70, 300));
    const status = hearingStatus(random, date < today, closed);
    hearings.push({ date, status });
    rows.add('hearings', {
      id: seedUuid(`hearing:${k}:${h}`),
      case_id: caseId,
      court_id: courtId,
      source_id: `CMS-H-${k}-${h}`,
      starts_at: random.instant(date, 10),
      hearing_type: random.pick(HEARING_TYPES),
      status,
    });
  }
  return hearings;
}

function hearingStatus(random: SeedRandom, past: boolean, closed: boolean): HearingStatus {
  if (past) {
    return random.weighted([
      [HearingStatus.COMPLETED, 8],
      [HearingStatus.ADJOURNED, 1],
      [HearingStatus.CANCELLED, 1],
    ]);
  }
  if (closed) return HearingStatus.CANCELLED;
  return random.weighted([
    [HearingStatus.LISTED, 8],
    [HearingStatus.POSTPONED, 1],
  ]);
}

/** A safeguarding letter, and sometimes one further report, by the case's practitioner. */
function addReports(
  { random }: SeedContext,
  rows: ChunkRows,
  k: number,
  caseId: string,
  practitioner: string,
): string[] {
  const reports: string[] = [];
  for (let r = 0, n = random.int(1, 2); r < n; r++) {
    const id = seedUuid(`report:${k}:${r}`);
    const kind = REPORT_TYPES[r === 0 ? 0 : random.int(1, REPORT_TYPES.length - 1)];
    reports.push(id);
    rows.add('court_reports', {
      id,
      case_id: caseId,
      source_id: `CMS-R-${k}-${r}`,
      title: kind.title,
      report_type: kind.type,
      filed_on: random.daysAgo(random.int(5, 300)),
      author_id: practitioner,
    });
  }
  return reports;
}

function addContactLogs({ random }: SeedContext, rows: ChunkRows, k: number, caseId: string, practitioner: string) {
  for (let l = 0, n = random.int(2, 5); l < n; l++) {
    rows.add('contact_logs', {
      id: seedUuid(`contact-log:${k}:${l}`),
      case_id: caseId,
      source_id: `CMS-L-${k}-${l}`,
      occurred_at: random.instant(random.daysAgo(random.int(1, 400))),
      method: random.pick(Object.values(ContactMethod)),
      with_whom: random.pick(['Applicant', 'Respondent', 'Child', 'School', 'Health visitor', 'Local authority']),
      summary: random.pick([
        'Telephone safeguarding interview.',
        'Home visit to see the children.',
        'Letter sent with the report.',
        'Discussion with the school.',
      ]),
      staff_id: practitioner,
    });
  }
}
