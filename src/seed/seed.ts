/**
 * Deterministic synthetic data (`npm run seed -- --scale N`): at scale 1 about 1,000 cases with their
 * case file, 50 staff in 5 service areas, 20 courts, 10 providers and ~2,000 complaints in every status.
 * Rows are generated per chunk of cases and bulk-inserted, so scale 100 loads in minutes.
 */
import { Faker, en_GB, en } from '@faker-js/faker';
import type { DataSource, EntityManager } from 'typeorm';
import { addDays, londonDate, type CalendarDate } from '../domain/calendar-date';
import {
  acknowledgementDueOn,
  adultResponseDue,
  childContactDueOn,
  childResponseDue,
  courtActionDueOn,
  cstDueOn,
  earliest,
  outsideProcedureDue,
  type HearingDate,
} from '../domain/deadlines';
import {
  AspectCategory,
  CaseStatus,
  Channel,
  ComplainantKind,
  ComplaintStatus,
  ComplimentSource,
  ContactMethod,
  CourtNotificationReason,
  EvidenceKind,
  HearingStatus,
  LearningPointKind,
  NotAcceptedReason,
  OmbudsmanOutcome,
  PartyRole,
  ProviderResponseKind,
  ReferralLevel,
  ReferralOutcome,
  ResponseStatus,
  Role,
  Seriousness,
  TriageOutcome,
} from '../domain/enums';
import { WorkingDayCalendar } from '../domain/working-days';
import { answeredOutsideProcedure } from '../domain/complainant-kind';
import { ASSESSED_OR_LATER, isOpen } from '../domain/complaint-status';
import { providerId, seedUuid, staffId } from './ids';
import {
  ASPECT_TEXT,
  COMPLAINT_SUMMARIES,
  COURTS,
  FIRST_NAMES,
  HEARING_TYPES,
  LAST_NAMES,
  PROVIDERS,
  REPORT_TYPES,
  SERVICE_AREAS,
  STREETS,
} from './names';

export interface SeedOptions {
  scale: number;
  /** The demo's "today" (Europe/London); the data is the same for the same scale and date. */
  today?: CalendarDate;
  onProgress?: (message: string) => void;
}

export interface SeedCounts {
  [table: string]: number;
}

type Row = Record<string, unknown>;

const CHUNK_CASES = 500;
const DAY_MS = 86_400_000;

/** Bulk insert with multi-row VALUES, batched under PostgreSQL's 65,535 parameters. */
async function insertRows(em: EntityManager, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const perBatch = Math.floor(60_000 / columns.length);
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${columns.map((c) => `$${params.push(row[c] ?? null)}`).join(',')})`);
    await em.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}`,
      params,
    );
  }
}

/** Statuses of service users' complaints, with their weights (every status appears). */
const PROCEDURE_STATUSES: [ComplaintStatus, number][] = [
  [ComplaintStatus.RECEIVED, 8],
  [ComplaintStatus.LOCAL_RESOLUTION, 4],
  [ComplaintStatus.RESOLVED_LOCALLY, 6],
  [ComplaintStatus.NOT_ACCEPTED, 6],
  [ComplaintStatus.REFERRED_TO_PROVIDER, 2],
  [ComplaintStatus.ACCEPTED, 8],
  [ComplaintStatus.ASSESSED, 7],
  [ComplaintStatus.RESPONSE_DRAFTED, 5],
  [ComplaintStatus.AWAITING_APPROVAL, 4],
  [ComplaintStatus.APPROVED, 3],
  [ComplaintStatus.RESPONDED, 6],
  [ComplaintStatus.CLOSED, 30],
  [ComplaintStatus.ESCALATED_TO_OMBUDSMAN, 2],
  [ComplaintStatus.WITHDRAWN, 3],
];
const OUTSIDE_STATUSES: [ComplaintStatus, number][] = [
  [ComplaintStatus.RECEIVED, 2],
  [ComplaintStatus.OUTSIDE_PROCEDURE, 3],
  [ComplaintStatus.RESPONDED, 8],
  [ComplaintStatus.WITHDRAWN, 1],
];
const RESPONDED_OR_LATER = new Set([
  ComplaintStatus.RESPONDED,
  ComplaintStatus.CLOSED,
  ComplaintStatus.ESCALATED_TO_OMBUDSMAN,
]);
const RESPONSE_STATUS: Partial<Record<ComplaintStatus, ResponseStatus>> = {
  [ComplaintStatus.RESPONSE_DRAFTED]: ResponseStatus.DRAFT,
  [ComplaintStatus.AWAITING_APPROVAL]: ResponseStatus.AWAITING_APPROVAL,
  [ComplaintStatus.APPROVED]: ResponseStatus.APPROVED,
  [ComplaintStatus.RESPONDED]: ResponseStatus.SENT,
  [ComplaintStatus.CLOSED]: ResponseStatus.SENT,
  [ComplaintStatus.ESCALATED_TO_OMBUDSMAN]: ResponseStatus.SENT,
};
const TRIAGE_OUTCOME: Partial<Record<ComplaintStatus, TriageOutcome>> = {
  [ComplaintStatus.LOCAL_RESOLUTION]: TriageOutcome.LOCAL_RESOLUTION,
  [ComplaintStatus.RESOLVED_LOCALLY]: TriageOutcome.LOCAL_RESOLUTION,
  [ComplaintStatus.NOT_ACCEPTED]: TriageOutcome.NOT_ACCEPTED,
  [ComplaintStatus.REFERRED_TO_PROVIDER]: TriageOutcome.REFERRED_TO_PROVIDER,
  [ComplaintStatus.OUTSIDE_PROCEDURE]: TriageOutcome.OUTSIDE_PROCEDURE,
};

interface StaffLayout {
  rows: Row[];
  cstOfficers: string[];
  cstManagers: string[];
  /** Per service area. */
  headOfPractice: string[];
  lineManagers: string[][];
  practitioners: string[][];
  lineManagerOf: Map<string, string>;
}

export async function seedDemoData(ds: DataSource, options: SeedOptions): Promise<SeedCounts> {
  const { scale } = options;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError('scale must be a positive integer');
  const today = options.today ?? londonDate(new Date());
  const progress = options.onProgress ?? (() => undefined);
  const faker = new Faker({ locale: [en_GB, en], seed: 20_260_000 + scale });
  const cal = new WorkingDayCalendar();
  const counts: SeedCounts = {};
  const count = (table: string, n: number) => (counts[table] = (counts[table] ?? 0) + n);
  const pick = <T>(items: readonly T[]): T => faker.helpers.arrayElement(items);
  const weighted = <T>(items: [T, number][]): T =>
    faker.helpers.weightedArrayElement(items.map(([value, weight]) => ({ value, weight })));
  const chance = (p: number) => faker.number.float({ min: 0, max: 1 }) < p;
  const int = (min: number, max: number) => faker.number.int({ min, max });
  const todayMs = Date.parse(`${today}T12:00:00Z`);
  const instant = (date: CalendarDate, hour = int(8, 17)) =>
    new Date(`${date}T${String(hour).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00Z`);
  const daysAgo = (n: number) => londonDate(new Date(todayMs - n * DAY_MS));
  const person = () => ({ first_name: pick(FIRST_NAMES), last_name: pick(LAST_NAMES) });
  const address = () => `${int(1, 180)} ${pick(STREETS)}, ${pick(COURTS).town}, ${faker.location.zipCode()}`;
  const phone = () => `07${int(100, 999)} ${int(100000, 999999)}`;
  const email = (p: { first_name: string; last_name: string }) =>
    `${p.first_name}.${p.last_name}`.toLowerCase().replace(/[^a-z.]/g, '') + `${int(1, 99)}@example.org`;

  return ds.transaction(async (em) => {
    // Reference data.
    const areaIds = SERVICE_AREAS.map((_, i) => seedUuid(`service-area:${i}`));
    await insertRows(
      em,
      'service_areas',
      SERVICE_AREAS.map((a, i) => ({ id: areaIds[i], code: a.code, name: a.name })),
    );
    count('service_areas', SERVICE_AREAS.length);
    const courtIds = COURTS.map((_, i) => seedUuid(`court:${i}`));
    await insertRows(
      em,
      'courts',
      COURTS.map((c, i) => ({
        id: courtIds[i],
        code: c.code,
        name: `Family Court at ${c.town}`,
        email: `family.${c.town.toLowerCase().replace(/[^a-z]+/g, '')}@courts.example.org`,
      })),
    );
    count('courts', COURTS.length);
    const providerIds = PROVIDERS.map((_, i) => providerId(i));
    await insertRows(
      em,
      'providers',
      PROVIDERS.map((p, i) => ({
        id: providerIds[i],
        name: p.name,
        service: p.service,
        email: `complaints@${p.name
          .toLowerCase()
          .replace(/[^a-z]+/g, '-')
          .replace(/-+$/, '')}.example.org`,
      })),
    );
    count('providers', PROVIDERS.length);

    const staff = layoutStaff(scale, areaIds, person, (p) =>
      `${p.first_name}.${p.last_name}`.toLowerCase().replace(/[^a-z.]/g, ''),
    );
    await insertRows(em, 'staff', staff.rows);
    count('staff', staff.rows.length);
    progress(`reference data and ${staff.rows.length} staff`);

    const caseCount = 1000 * scale;
    /** Complaints with aspects, for learning points (light records only). */
    const assessed: { id: string; receivedOn: CalendarDate }[] = [];
    let complaintIndex = 0;

    for (let chunkStart = 0; chunkStart < caseCount; chunkStart += CHUNK_CASES) {
      const rows: Record<string, Row[]> = {};
      const chunkComplaints: (Row & { _receivedOn: CalendarDate })[] = [];
      const add = (table: string, row: Row) => (rows[table] ??= []).push(row);
      for (let k = chunkStart; k < Math.min(caseCount, chunkStart + CHUNK_CASES); k++) {
        const courtIndex = int(0, COURTS.length - 1);
        const area = COURTS[courtIndex].area;
        const caseId = seedUuid(`case:${k}`);
        const openedOn = daysAgo(int(30, 720));
        const closed = chance(0.2);
        const practitioner = pick(staff.practitioners[area]);
        add('cases', {
          id: caseId,
          case_number: `${COURTS[courtIndex].code}${openedOn.slice(2, 4)}P${String(k + 1).padStart(5, '0')}`,
          source_id: `CMS-${100000 + k}`,
          status: closed ? CaseStatus.CLOSED : CaseStatus.OPEN,
          opened_on: openedOn,
          involvement_ended_on: closed ? daysAgo(int(1, 29)) : null,
          court_id: courtIds[courtIndex],
          service_area_id: areaIds[area],
          practitioner_id: practitioner,
        });
        const parties: string[] = [];
        const partyNames: { first_name: string; last_name: string }[] = [];
        for (const [p, role] of [
          [0, PartyRole.APPLICANT],
          [1, PartyRole.RESPONDENT],
          ...(chance(0.1) ? [[2, PartyRole.INTERVENER]] : []),
        ] as [number, PartyRole][]) {
          const name = person();
          const id = seedUuid(`party:${k}:${p}`);
          parties.push(id);
          partyNames.push(name);
          add('parties', {
            id,
            case_id: caseId,
            source_id: `CMS-P-${k}-${p}`,
            ...name,
            role,
            email: chance(0.8) ? email(name) : null,
            phone: phone(),
            address: address(),
            ethnicity: pick(['White British', 'Asian British', 'Black British', 'Mixed', 'Not stated']),
            disability: chance(0.15) ? 'Declared' : null,
          });
        }
        const children: string[] = [];
        for (let c = 0, n = int(1, 3); c < n; c++) {
          const id = seedUuid(`child:${k}:${c}`);
          children.push(id);
          add('children', {
            id,
            case_id: caseId,
            source_id: `CMS-C-${k}-${c}`,
            first_name: pick(FIRST_NAMES),
            last_name: partyNames[0].last_name,
            date_of_birth: daysAgo(int(2 * 365, 16 * 365)),
            preferred_contact: pick(Object.values(ContactMethod)),
            ethnicity: 'Not stated',
            disability: null,
          });
        }
        const hearings: HearingDate[] = [];
        for (let h = 0, n = int(1, 4); h < n; h++) {
          const date = daysAgo(int(-70, 300));
          const past = date < today;
          const status = past
            ? weighted([
                [HearingStatus.COMPLETED, 8],
                [HearingStatus.ADJOURNED, 1],
                [HearingStatus.CANCELLED, 1],
              ])
            : closed
              ? HearingStatus.CANCELLED
              : weighted([
                  [HearingStatus.LISTED, 8],
                  [HearingStatus.POSTPONED, 1],
                ]);
          hearings.push({ date, status });
          add('hearings', {
            id: seedUuid(`hearing:${k}:${h}`),
            case_id: caseId,
            court_id: courtIds[courtIndex],
            source_id: `CMS-H-${k}-${h}`,
            starts_at: instant(date, 10),
            hearing_type: pick(HEARING_TYPES),
            status,
          });
        }
        const reports: string[] = [];
        for (let r = 0, n = int(1, 2); r < n; r++) {
          const id = seedUuid(`report:${k}:${r}`);
          const kind = REPORT_TYPES[r === 0 ? 0 : int(1, REPORT_TYPES.length - 1)];
          reports.push(id);
          add('court_reports', {
            id,
            case_id: caseId,
            source_id: `CMS-R-${k}-${r}`,
            title: kind.title,
            report_type: kind.type,
            filed_on: daysAgo(int(5, 300)),
            author_id: practitioner,
          });
        }
        for (let l = 0, n = int(2, 5); l < n; l++) {
          add('contact_logs', {
            id: seedUuid(`contact-log:${k}:${l}`),
            case_id: caseId,
            source_id: `CMS-L-${k}-${l}`,
            occurred_at: instant(daysAgo(int(1, 400))),
            method: pick(Object.values(ContactMethod)),
            with_whom: pick(['Applicant', 'Respondent', 'Child', 'School', 'Health visitor', 'Local authority']),
            summary: pick([
              'Telephone safeguarding interview.',
              'Home visit to see the children.',
              'Letter sent with the report.',
              'Discussion with the school.',
            ]),
            staff_id: practitioner,
          });
        }

        // About two complaints per case, from its parties, children, relatives and professionals.
        for (
          let n = 0,
            count = weighted([
              [0, 1],
              [1, 3],
              [2, 3],
              [3, 2],
              [5, 1],
            ]);
          n < count;
          n++
        ) {
          const kind = weighted([
            [ComplainantKind.ADULT_PARTY, 80],
            [ComplainantKind.CHILD, 8],
            [ComplainantKind.NON_PARTY, 7],
            [ComplainantKind.PROFESSIONAL, 5],
          ]);
          chunkComplaints.push(
            buildComplaint(complaintIndex++, kind, {
              caseId,
              area,
              courtIndex,
              practitioner,
              parties,
              partyNames,
              children,
              hearings,
              reports,
              closed,
            }),
          );
        }
      }

      function buildComplaint(
        index: number,
        kind: ComplainantKind,
        k: {
          caseId: string | null;
          area: number;
          courtIndex: number;
          practitioner: string;
          parties: string[];
          partyNames: { first_name: string; last_name: string }[];
          children: string[];
          hearings: HearingDate[];
          reports: string[];
          closed: boolean;
        },
      ): Row & { _receivedOn: CalendarDate } {
        const outside = answeredOutsideProcedure(kind);
        const status = weighted(outside ? OUTSIDE_STATUSES : PROCEDURE_STATUSES);
        const open = isOpen(status);
        const receivedOn =
          status === ComplaintStatus.RECEIVED ? daysAgo(int(0, 3)) : open ? daysAgo(int(3, 30)) : daysAgo(int(35, 540));
        const receivedAt = instant(receivedOn);
        const id = seedUuid(`complaint:${index}`);
        const complainantId = seedUuid(`complainant:${index}`);
        const partyIndex = k.parties.length ? int(0, k.parties.length - 1) : 0;
        const name = kind === ComplainantKind.ADULT_PARTY ? k.partyNames[partyIndex] : person();
        const childIndex = k.children.length ? int(0, k.children.length - 1) : 0;
        add('complainants', {
          id: complainantId,
          kind,
          ...name,
          email: chance(0.75) ? email(name) : null,
          phone: phone(),
          address: address(),
          preferred_contact: pick(Object.values(ContactMethod)),
          relationship:
            kind === ComplainantKind.NON_PARTY ? pick(['Grandparent', 'Aunt', 'Friend', 'McKenzie friend']) : null,
          organisation:
            kind === ComplainantKind.PROFESSIONAL
              ? pick(['Local authority', 'Health visiting team', 'Primary school'])
              : null,
          party_id: kind === ComplainantKind.ADULT_PARTY ? k.parties[partyIndex] : null,
          child_id: kind === ComplainantKind.CHILD ? k.children[childIndex] : null,
        });
        const isChild = kind === ComplainantKind.CHILD;
        const triaged = status !== ComplaintStatus.RECEIVED;
        const handedOver = triaged || chance(0.6);
        const assignee = pick(staff.cstOfficers);
        const subjectStaff = chance(0.6) ? k.practitioner : null;
        const childContactedOn =
          isChild && ASSESSED_OR_LATER.includes(status) ? cal.addWorkingDays(receivedOn, int(1, 3)) : null;
        const responseDue = outside
          ? outsideProcedureDue(cal, receivedOn)
          : isChild
            ? childContactedOn
              ? childResponseDue(cal, childContactedOn)
              : null
            : adultResponseDue(cal, receivedOn, receivedOn, k.hearings);
        const responded = RESPONDED_OR_LATER.has(status) || (outside && status === ComplaintStatus.RESPONDED);
        const respondedOn = responded && responseDue ? cal.subtractWorkingDays(responseDue.dueOn, int(1, 3)) : null;
        const base: Row & { _receivedOn: CalendarDate } = {
          id,
          reference: `PENDING-${index}`, // issued below, in receipt order
          status,
          channel: weighted([
            [Channel.EMAIL, 6],
            [Channel.LETTER, 2],
            [Channel.PHONE, 2],
            [Channel.IN_PERSON, 1],
          ]),
          summary: pick(COMPLAINT_SUMMARIES),
          complainant_id: complainantId,
          case_id: k.caseId,
          service_area_id: areaIds[k.area],
          subject_staff_id: subjectStaff,
          assignee_id: assignee,
          owner_id: isChild ? staff.headOfPractice[k.area] : null,
          received_at: receivedAt,
          cst_received_at: handedOver ? new Date(receivedAt.getTime() + int(1, 20) * 3_600_000) : null,
          cst_due_on: cstDueOn(cal, receivedOn),
          acknowledged_at: triaged ? new Date(receivedAt.getTime() + int(20, 60) * 3_600_000) : null,
          acknowledgement_due_on: acknowledgementDueOn(cal, receivedOn, kind),
          procedure_start_on: receivedOn,
          response_due_on: responseDue?.dueOn ?? null,
          original_response_due_on: responseDue?.dueOn ?? null,
          due_reason: responseDue?.reason ?? null,
          child_contact_due_on: isChild ? childContactDueOn(cal, receivedOn) : null,
          child_contacted_on: childContactedOn,
          triage_outcome:
            triaged && status !== ComplaintStatus.WITHDRAWN
              ? (TRIAGE_OUTCOME[status] ?? (outside ? TriageOutcome.OUTSIDE_PROCEDURE : TriageOutcome.ACCEPTED))
              : null,
          not_accepted_reason:
            status === ComplaintStatus.NOT_ACCEPTED
              ? weighted([
                  [NotAcceptedReason.OUT_OF_TIME, 4],
                  [NotAcceptedReason.REPEAT, 3],
                  [NotAcceptedReason.COURT_DECISION, 3],
                  [NotAcceptedReason.ABUSIVE, 1],
                ])
              : null,
          triaged_at: triaged ? new Date(receivedAt.getTime() + int(24, 72) * 3_600_000) : null,
          withdrawn_at:
            status === ComplaintStatus.WITHDRAWN ? new Date(receivedAt.getTime() + int(2, 10) * DAY_MS) : null,
          responded_at: respondedOn ? instant(respondedOn) : null,
          closed_at:
            status === ComplaintStatus.CLOSED || status === ComplaintStatus.ESCALATED_TO_OMBUDSMAN
              ? instant(respondedOn ?? receivedOn)
              : null,
          safeguarding_flagged_at: chance(0.01) ? receivedAt : null,
          version: 1,
          _receivedOn: receivedOn,
        };

        // Open steps: the hand-off, the acknowledgement, a child's contact, the response, court actions.
        const courtDues: (CalendarDate | null)[] = [];
        if (ASSESSED_OR_LATER.includes(status) && k.caseId) {
          assessed.push({ id, receivedOn });
          const categories = faker.helpers.arrayElements(Object.values(AspectCategory), int(1, 3));
          categories.forEach((category, position) => {
            const aspectId = seedUuid(`aspect:${index}:${position}`);
            const text = ASPECT_TEXT[category][0];
            const serious = category === AspectCategory.STAFF_CONDUCT && chance(0.25);
            const level =
              category !== AspectCategory.STAFF_CONDUCT
                ? null
                : serious
                  ? ReferralLevel.SENIOR_MANAGER
                  : weighted([
                      [ReferralLevel.LINE_MANAGER_FOR_INFORMATION, 3],
                      [ReferralLevel.LINE_MANAGER_FOR_ACTION, 3],
                      [ReferralLevel.SENIOR_MANAGER, 2],
                      [ReferralLevel.NONE, 1],
                    ]);
            const provider = category === AspectCategory.PROVIDER_ACTIONS ? pick(providerIds) : null;
            const reportInError = category === AspectCategory.FACTUAL_ERROR ? pick(k.reports) : null;
            add('complaint_aspects', {
              id: aspectId,
              complaint_id: id,
              position,
              category,
              description: text.description,
              finding: text.finding,
              remedial_action: text.remedialAction,
              court_report_id: reportInError,
              staff_id: category === AspectCategory.STAFF_CONDUCT ? k.practitioner : null,
              provider_id: provider,
              seriousness:
                category === AspectCategory.STAFF_CONDUCT
                  ? serious
                    ? Seriousness.SERIOUS
                    : Seriousness.STANDARD
                  : null,
              referral_level: level,
              draw_to_court: category === AspectCategory.STAFF_CONDUCT && chance(0.3),
            });
            const courtDue = courtActionDueOn(cal, receivedOn, k.hearings, responseDue?.dueOn ?? null);
            if (category === AspectCategory.PROFESSIONAL_JUDGEMENT) {
              add('court_notifications', {
                id: seedUuid(`court-notification:${index}:${position}`),
                complaint_id: id,
                aspect_id: aspectId,
                court_id: courtIds[k.courtIndex],
                reason: CourtNotificationReason.PROFESSIONAL_JUDGEMENT,
                due_on: courtDue,
                consequence_key: 'court-notification:professional-judgement',
                sent_at: respondedOn ? instant(respondedOn) : null,
              });
              if (!respondedOn) courtDues.push(courtDue);
            }
            if (category === AspectCategory.FACTUAL_ERROR) {
              add('report_corrections', {
                id: seedUuid(`report-correction:${index}:${position}`),
                complaint_id: id,
                aspect_id: aspectId,
                court_report_id: reportInError,
                due_on: courtDue,
                consequence_key: `report-correction:${reportInError}`,
                correction: respondedOn ? 'Paragraph amended to record that both sessions were attended.' : null,
                corrected_at: respondedOn ? instant(respondedOn) : null,
              });
              if (!respondedOn) courtDues.push(courtDue);
            }
            if (category === AspectCategory.STAFF_CONDUCT && level !== ReferralLevel.NONE) {
              const senior = level === ReferralLevel.SENIOR_MANAGER;
              const old = !open && chance(0.7);
              add('referrals', {
                id: seedUuid(`referral:${index}:${position}`),
                complaint_id: id,
                aspect_id: aspectId,
                staff_id: k.practitioner,
                level,
                recipient_id: senior ? staff.headOfPractice[k.area] : staff.lineManagerOf.get(k.practitioner),
                consequence_key: `referral:${k.practitioner}:${level}`,
                copied_line_manager_id: senior ? staff.lineManagerOf.get(k.practitioner) : null,
                sent_to_hr: senior,
                referred_at: instant(receivedOn),
                outcome: old
                  ? weighted([
                      [ReferralOutcome.NO_ACTION, 4],
                      [ReferralOutcome.INFORMAL_ACTION, 4],
                      [ReferralOutcome.FORMAL_INVESTIGATION, 1],
                      [ReferralOutcome.FORMAL_ACTION, 1],
                    ])
                  : null,
                outcome_recorded_at: old ? instant(addDays(receivedOn, int(20, 60))) : null,
              });
            }
            if (provider) {
              add('provider_engagements', {
                id: seedUuid(`provider-engagement:${index}:${position}`),
                complaint_id: id,
                aspect_id: aspectId,
                provider_id: provider,
                consequence_key: `provider-engagement:${provider}`,
                requested_at: instant(receivedOn),
                due_on: cal.addWorkingDays(receivedOn, 5),
                response_kind: respondedOn ? pick(Object.values(ProviderResponseKind)) : null,
                provider_response: respondedOn
                  ? 'The centre accepts that notice was not given and has changed its process.'
                  : null,
                responded_at: respondedOn ? instant(cal.addWorkingDays(receivedOn, int(2, 5))) : null,
              });
            }
          });
        }
        const responseStatus = RESPONSE_STATUS[status];
        if (responseStatus && !outside) {
          add('responses', {
            id: seedUuid(`response:${index}`),
            complaint_id: id,
            status: responseStatus,
            understanding: 'You told us that the report to court did not reflect your involvement with the children.',
            desired_remedy: 'You would like the report corrected and an apology.',
            assessment_outcome: 'We looked at the case records and spoke to the practitioner.',
            steps: 'We have corrected the report and shared your complaint with the court.',
            joint: false,
            drafted_by_id: assignee,
            approver_id:
              responseStatus === ResponseStatus.APPROVED || responseStatus === ResponseStatus.SENT
                ? staff.headOfPractice[k.area]
                : null,
            submitted_at: responseStatus === ResponseStatus.DRAFT ? null : instant(receivedOn),
            approved_at:
              responseStatus === ResponseStatus.APPROVED || responseStatus === ResponseStatus.SENT
                ? instant(respondedOn ?? receivedOn)
                : null,
            sent_at: responseStatus === ResponseStatus.SENT && respondedOn ? instant(respondedOn) : null,
          });
        }
        if (status === ComplaintStatus.ESCALATED_TO_OMBUDSMAN && respondedOn) {
          const escalationId = seedUuid(`ombudsman:${index}`);
          const decided = chance(0.5);
          add('ombudsman_escalations', {
            id: escalationId,
            complaint_id: id,
            mp_name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)} MP`,
            mp_constituency: COURTS[k.courtIndex].town,
            referred_on: addDays(respondedOn, int(20, 200)),
            late_referral: false,
            outcome: decided ? pick(Object.values(OmbudsmanOutcome)) : null,
            outcome_on: decided ? addDays(respondedOn, int(200, 300)) : null,
          });
          if (decided) {
            add('ombudsman_recommendations', {
              id: seedUuid(`ombudsman-recommendation:${index}`),
              escalation_id: escalationId,
              recommendation: 'Apologise in writing and review how report corrections are shared with the court.',
              due_on: addDays(respondedOn, int(220, 330)),
              compliance_evidence: null,
              completed_on: null,
            });
          }
        }
        if (chance(0.2)) {
          const rejected = chance(0.15);
          add('evidence', {
            id: seedUuid(`evidence:${index}`),
            complaint_id: id,
            kind: rejected ? EvidenceKind.RECORDING : pick([EvidenceKind.DOCUMENT, EvidenceKind.MESSAGE]),
            description: rejected ? 'Audio recording of a home visit' : 'Contact centre attendance record',
            source: 'Complainant',
            received_at: receivedAt,
            rejected,
            rejection_reason: rejected ? 'Recorded covertly (§3.3): not considered.' : null,
          });
        }
        base.next_due_on = open
          ? earliest([
              base.cst_received_at ? null : (base.cst_due_on as string),
              base.acknowledged_at ? null : (base.acknowledgement_due_on as string),
              isChild && !childContactedOn ? (base.child_contact_due_on as string) : null,
              base.response_due_on as string | null,
              ...courtDues,
            ])
          : status === ComplaintStatus.RESPONDED
            ? earliest(courtDues)
            : null;
        return base;
      }

      // Complaints about staff unrelated to a case come with the last chunk.
      if (chunkStart + CHUNK_CASES >= caseCount) {
        for (let n = 0; n < 40 * scale; n++) {
          const area = int(0, SERVICE_AREAS.length - 1);
          chunkComplaints.push(
            buildComplaint(complaintIndex++, ComplainantKind.STAFF_NOT_CASE, {
              caseId: null,
              area,
              courtIndex: 0,
              practitioner: pick(staff.practitioners[area]),
              parties: [],
              partyNames: [person()],
              children: [],
              hearings: [],
              reports: [],
              closed: false,
            }),
          );
        }
      }
      rows.complaints = chunkComplaints.map(({ _receivedOn, ...row }) => row);
      for (const table of [
        'cases',
        'parties',
        'children',
        'hearings',
        'court_reports',
        'contact_logs',
        'complainants',
        'complaints',
        'complaint_aspects',
        'court_notifications',
        'report_corrections',
        'referrals',
        'provider_engagements',
        'responses',
        'ombudsman_escalations',
        'ombudsman_recommendations',
        'evidence',
      ]) {
        await insertRows(em, table, rows[table] ?? []);
        count(table, rows[table]?.length ?? 0);
      }
      progress(`${Math.min(caseCount, chunkStart + CHUNK_CASES)} of ${caseCount} cases`);
    }

    // References are issued in receipt order within each year, as intake would have issued them.
    await em.query(`
      UPDATE complaints c SET reference = 'CMP-' || r.year || '-' || lpad(r.n::text, 6, '0')
      FROM (SELECT id, extract(year FROM received_at AT TIME ZONE 'Europe/London')::int AS year,
                   row_number() OVER (PARTITION BY extract(year FROM received_at AT TIME ZONE 'Europe/London') ORDER BY received_at, id) AS n
            FROM complaints) r
      WHERE r.id = c.id`);
    await em.query(`
      INSERT INTO reference_counters (year, last)
      SELECT extract(year FROM received_at AT TIME ZONE 'Europe/London')::int, count(*) FROM complaints GROUP BY 1`);

    const compliments: Row[] = [];
    for (let n = 0; n < 300 * scale; n++) {
      const area = int(0, SERVICE_AREAS.length - 1);
      compliments.push({
        id: seedUuid(`compliment:${n}`),
        staff_id: pick(staff.practitioners[area]),
        service_area_id: areaIds[area],
        source: weighted([
          [ComplimentSource.SERVICE_USER, 3],
          [ComplimentSource.PROFESSIONAL, 1],
        ]),
        received_on: daysAgo(int(0, 540)),
        summary: pick([
          'Thank you for listening to my daughter.',
          'A clear and fair report.',
          'The adviser was kind and patient with the children.',
        ]),
      });
    }
    await insertRows(em, 'compliments', compliments);
    count('compliments', compliments.length);
    const learning: Row[] = [];
    for (let n = 0; n < Math.min(100 * scale, assessed.length); n++) {
      const closedPoint = chance(0.5);
      const dueOn = addDays(assessed[n].receivedOn, int(30, 90));
      learning.push({
        id: seedUuid(`learning-point:${n}`),
        complaint_id: assessed[n].id,
        kind: pick(Object.values(LearningPointKind)),
        description: pick([
          'Check dates of missed sessions with the contact centre before reporting them.',
          'Arrange cover for messages during leave.',
        ]),
        owner_id: pick(staff.lineManagers[int(0, SERVICE_AREAS.length - 1)]),
        due_on: dueOn,
        closed_on: closedPoint ? addDays(dueOn, -int(1, 20)) : null,
        closing_evidence: closedPoint ? 'Team briefing notes' : null,
      });
    }
    await insertRows(em, 'learning_points', learning);
    count('learning_points', learning.length);
    progress(`${counts.complaints} complaints`);
    return counts;
  });
}

function layoutStaff(
  scale: number,
  areaIds: string[],
  person: () => { first_name: string; last_name: string },
  handle: (p: { first_name: string; last_name: string }) => string,
): StaffLayout {
  const layout: StaffLayout = {
    rows: [],
    cstOfficers: [],
    cstManagers: [],
    headOfPractice: [],
    lineManagers: [],
    practitioners: [],
    lineManagerOf: new Map(),
  };
  const add = (
    id: string,
    role: Role,
    jobTitle: string,
    area: string | null,
    lineManager: string | null,
    hop = false,
  ) => {
    const name = person();
    layout.rows.push({
      id,
      ...name,
      email: `${handle(name)}.${id.slice(0, 4)}@staff.example.org`,
      job_title: jobTitle,
      role,
      head_of_practice: hop,
      service_area_id: area,
      line_manager_id: lineManager,
    });
    if (lineManager) layout.lineManagerOf.set(id, lineManager);
    return id;
  };
  const cstManager = add(staffId(Role.CST_MANAGER, 'cst', 0), Role.CST_MANAGER, 'Customer Service Manager', null, null);
  layout.cstManagers.push(cstManager);
  for (let i = 0; i < 3 * scale; i++) {
    layout.cstOfficers.push(
      add(staffId(Role.CST_OFFICER, 'cst', i), Role.CST_OFFICER, 'Customer Service Officer', null, cstManager),
    );
  }
  add(staffId(Role.ANALYST, 'cst', 0), Role.ANALYST, 'Performance Analyst', null, cstManager);
  areaIds.forEach((areaId, a) => {
    const hop = add(staffId(Role.SENIOR_MANAGER, a, 0), Role.SENIOR_MANAGER, 'Head of Practice', areaId, null, true);
    layout.headOfPractice.push(hop);
    const managers: string[] = [];
    const practitioners: string[] = [];
    for (let m = 0; m < 2 * scale; m++) {
      const lm = add(staffId(Role.LINE_MANAGER, a, m), Role.LINE_MANAGER, 'Service Manager', areaId, hop);
      managers.push(lm);
      for (let p = 0; p < 3; p++) {
        practitioners.push(
          add(staffId(Role.PRACTITIONER, a, m * 3 + p), Role.PRACTITIONER, 'Family Court Adviser', areaId, lm),
        );
      }
    }
    layout.lineManagers.push(managers);
    layout.practitioners.push(practitioners);
  });
  return layout;
}

/** Empties every data table (not the migrations), for `npm run seed -- --reset`. */
export async function resetData(ds: DataSource): Promise<void> {
  const tables = ds.entityMetadatas.map((m) => `"${m.tableName}"`).join(', ');
  await ds.query(`TRUNCATE ${tables} CASCADE`);
}
