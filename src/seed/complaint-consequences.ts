/**
 * What follows from a complaint's status: assessed aspects with their court actions, referrals and provider
 * engagements, the response, an ombudsman escalation, and evidence.
 */
import { addDays, type CalendarDate } from '../domain/calendar-date';
import { ASSESSED_OR_LATER, isOpen } from '../domain/complaint-status';
import { courtActionDueOn, type Deadlines } from '../domain/deadlines';
import {
  AspectCategory,
  ComplainantKind,
  ComplaintStatus,
  CourtNotificationReason,
  EvidenceKind,
  OmbudsmanOutcome,
  ProviderResponseKind,
  ReferralLevel,
  ReferralOutcome,
  ResponseStatus,
  Seriousness,
} from '../domain/enums';
import type { CaseFile } from './case-files';
import { seedUuid } from './ids';
import { ASPECT_TEXT, COURTS, FIRST_NAMES, LAST_NAMES } from './names';
import type { ChunkRows } from './row-writer';
import type { SeedContext } from './seed-context';

/** One complaint as decided before its rows are written; its consequences are drawn from it. */
export interface ComplaintFacts {
  index: number;
  id: string;
  kind: ComplainantKind;
  status: ComplaintStatus;
  /** Answered outside the procedure (by who complains). */
  outside: boolean;
  open: boolean;
  triaged: boolean;
  handedOver: boolean;
  receivedOn: CalendarDate;
  receivedAt: Date;
  /** The CST officer handling it, who drafts the response. */
  assignee: string;
  subjectStaff: string | null;
  childContactedOn: CalendarDate | null;
  deadlines: Deadlines;
  respondedOn: CalendarDate | null;
}

/**
 * Answered: past assessment and no longer open, i.e. RESPONDED (also where a reply outside the procedure
 * leads), CLOSED or ESCALATED_TO_OMBUDSMAN.
 */
export function answered(status: ComplaintStatus): boolean {
  return ASSESSED_OR_LATER.includes(status) && !isOpen(status);
}

/** The response of a complaint still being answered; an answered one's response was sent. */
const RESPONSE_IN_PROGRESS: Partial<Record<ComplaintStatus, ResponseStatus>> = {
  [ComplaintStatus.RESPONSE_DRAFTED]: ResponseStatus.DRAFT,
  [ComplaintStatus.AWAITING_APPROVAL]: ResponseStatus.AWAITING_APPROVAL,
  [ComplaintStatus.APPROVED]: ResponseStatus.APPROVED,
};

/** Writes the complaint's consequences; returns the due dates of its court actions still open. */
export function addConsequences(
  ctx: SeedContext,
  rows: ChunkRows,
  f: ComplaintFacts,
  file: CaseFile,
): (CalendarDate | null)[] {
  // Aspects point into the case file (its reports, its hearings): a complaint outside a case has none.
  const openCourtActions = ASSESSED_OR_LATER.includes(f.status) && file.caseId ? addAspects(ctx, rows, f, file) : [];
  addResponse(ctx, rows, f, file);
  addOmbudsmanEscalation(ctx, rows, f, file);
  addEvidence(ctx, rows, f);
  return openCourtActions;
}

/** One to three aspects of different categories, each with what its category leads to. */
function addAspects(ctx: SeedContext, rows: ChunkRows, f: ComplaintFacts, file: CaseFile): (CalendarDate | null)[] {
  const { random } = ctx;
  ctx.assessed.push({ id: f.id, receivedOn: f.receivedOn });
  const openCourtActions: (CalendarDate | null)[] = [];
  const categories = random.pickSome(Object.values(AspectCategory), random.int(1, 3));
  categories.forEach((category, position) => {
    const aspect = addAspect(ctx, rows, f, file, category, position);
    if (category === AspectCategory.PROFESSIONAL_JUDGEMENT || category === AspectCategory.FACTUAL_ERROR) {
      const courtDue = courtActionDueOn(ctx.cal, f.receivedOn, file.hearings, f.deadlines.responseDueOn);
      addCourtAction(ctx, rows, f, file, aspect, courtDue);
      if (!f.respondedOn) openCourtActions.push(courtDue);
    }
    if (aspect.level && aspect.level !== ReferralLevel.NONE) addReferral(ctx, rows, f, file, aspect);
    if (aspect.provider) addProviderEngagement(ctx, rows, f, aspect);
  });
  return openCourtActions;
}

interface Aspect {
  id: string;
  position: number;
  category: AspectCategory;
  /** Only for staff conduct. */
  level: ReferralLevel | null;
  provider: string | null;
  reportInError: string | null;
}

/** The aspect's row, with what it leads to drawn: a referral level, a provider, a report in error. */
function addAspect(
  { random, ids }: SeedContext,
  rows: ChunkRows,
  f: ComplaintFacts,
  file: CaseFile,
  category: AspectCategory,
  position: number,
): Aspect {
  const id = seedUuid(`aspect:${f.index}:${position}`);
  const text = ASPECT_TEXT[category][0];
  const conduct = category === AspectCategory.STAFF_CONDUCT;
  const serious = conduct && random.chance(0.25);
  const level = !conduct
    ? null
    : serious
      ? ReferralLevel.SENIOR_MANAGER
      : random.weighted([
          [ReferralLevel.LINE_MANAGER_FOR_INFORMATION, 3],
          [ReferralLevel.LINE_MANAGER_FOR_ACTION, 3],
          [ReferralLevel.SENIOR_MANAGER, 2],
          [ReferralLevel.NONE, 1],
        ]);
  const provider = category === AspectCategory.PROVIDER_ACTIONS ? random.pick(ids.providerIds) : null;
  const reportInError = category === AspectCategory.FACTUAL_ERROR ? random.pick(file.reports) : null;
  rows.add('complaint_aspects', {
    id,
    complaint_id: f.id,
    position,
    category,
    description: text.description,
    finding: text.finding,
    remedial_action: text.remedialAction,
    court_report_id: reportInError,
    staff_id: conduct ? file.practitioner : null,
    provider_id: provider,
    seriousness: conduct ? (serious ? Seriousness.SERIOUS : Seriousness.STANDARD) : null,
    referral_level: level,
    draw_to_court: conduct && random.chance(0.3),
  });
  return { id, position, category, level, provider, reportInError };
}

/** A professional judgement is notified to the court; a factual error in a report is corrected. */
function addCourtAction(
  { random, ids }: SeedContext,
  rows: ChunkRows,
  f: ComplaintFacts,
  file: CaseFile,
  aspect: Aspect,
  dueOn: CalendarDate | null,
): void {
  const done = f.respondedOn ? random.instant(f.respondedOn) : null;
  if (aspect.category === AspectCategory.PROFESSIONAL_JUDGEMENT) {
    rows.add('court_notifications', {
      id: seedUuid(`court-notification:${f.index}:${aspect.position}`),
      complaint_id: f.id,
      aspect_id: aspect.id,
      court_id: ids.courtIds[file.courtIndex],
      reason: CourtNotificationReason.PROFESSIONAL_JUDGEMENT,
      due_on: dueOn,
      consequence_key: 'court-notification:professional-judgement',
      sent_at: done,
    });
  } else {
    rows.add('report_corrections', {
      id: seedUuid(`report-correction:${f.index}:${aspect.position}`),
      complaint_id: f.id,
      aspect_id: aspect.id,
      court_report_id: aspect.reportInError,
      due_on: dueOn,
      consequence_key: `report-correction:${aspect.reportInError}`,
      correction: f.respondedOn ? 'Paragraph amended to record that both sessions were attended.' : null,
      corrected_at: done,
    });
  }
}

/** Conduct goes to the practitioner's line manager, or to the head of practice (and HR) when senior. */
function addReferral(
  { random, staff }: SeedContext,
  rows: ChunkRows,
  f: ComplaintFacts,
  file: CaseFile,
  aspect: Aspect,
): void {
  const senior = aspect.level === ReferralLevel.SENIOR_MANAGER;
  // Most referrals of finished complaints have an outcome by now.
  const old = !f.open && random.chance(0.7);
  const lineManager = staff.lineManagerOf.get(file.practitioner);
  const referral = {
    id: seedUuid(`referral:${f.index}:${aspect.position}`),
    complaint_id: f.id,
    aspect_id: aspect.id,
    staff_id: file.practitioner,
    level: aspect.level,
    recipient_id: senior ? staff.headOfPractice[file.area] : lineManager,
    consequence_key: `referral:${file.practitioner}:${aspect.level}`,
    copied_line_manager_id: senior ? lineManager : null,
    sent_to_hr: senior,
    referred_at: random.instant(f.receivedOn),
    outcome: old
      ? random.weighted([
          [ReferralOutcome.NO_ACTION, 4],
          [ReferralOutcome.INFORMAL_ACTION, 4],
          [ReferralOutcome.FORMAL_INVESTIGATION, 1],
          [ReferralOutcome.FORMAL_ACTION, 1],
        ])
      : null,
    outcome_recorded_at: old ? random.instant(addDays(f.receivedOn, random.int(20, 60))) : null,
  };
  // Formal action goes to the HR system whatever the level (SPEC §1.5).
  referral.sent_to_hr = senior || referral.outcome === ReferralOutcome.FORMAL_ACTION;
  rows.add('referrals', referral);
}

/** The provider is asked for its account within five working days; it has answered once the complaint was. */
function addProviderEngagement({ random, cal }: SeedContext, rows: ChunkRows, f: ComplaintFacts, aspect: Aspect) {
  rows.add('provider_engagements', {
    id: seedUuid(`provider-engagement:${f.index}:${aspect.position}`),
    complaint_id: f.id,
    aspect_id: aspect.id,
    provider_id: aspect.provider,
    consequence_key: `provider-engagement:${aspect.provider}`,
    requested_at: random.instant(f.receivedOn),
    due_on: cal.addWorkingDays(f.receivedOn, 5),
    response_kind: f.respondedOn ? random.pick(Object.values(ProviderResponseKind)) : null,
    provider_response: f.respondedOn
      ? 'The centre accepts that notice was not given and has changed its process.'
      : null,
    responded_at: f.respondedOn ? random.instant(cal.addWorkingDays(f.receivedOn, random.int(2, 5))) : null,
  });
}

/** The written response of a complaint in the procedure, as far as it has got. */
function addResponse({ random, staff }: SeedContext, rows: ChunkRows, f: ComplaintFacts, file: CaseFile): void {
  const status = answered(f.status) ? ResponseStatus.SENT : RESPONSE_IN_PROGRESS[f.status];
  if (!status || f.outside) return;
  const approved = status === ResponseStatus.APPROVED || status === ResponseStatus.SENT;
  rows.add('responses', {
    id: seedUuid(`response:${f.index}`),
    complaint_id: f.id,
    status,
    understanding: 'You told us that the report to court did not reflect your involvement with the children.',
    desired_remedy: 'You would like the report corrected and an apology.',
    assessment_outcome: 'We looked at the case records and spoke to the practitioner.',
    steps: 'We have corrected the report and shared your complaint with the court.',
    joint: false,
    drafted_by_id: f.assignee,
    approver_id: approved ? staff.headOfPractice[file.area] : null,
    submitted_at: status === ResponseStatus.DRAFT ? null : random.instant(f.receivedOn),
    approved_at: approved ? random.instant(f.respondedOn ?? f.receivedOn) : null,
    sent_at: status === ResponseStatus.SENT && f.respondedOn ? random.instant(f.respondedOn) : null,
  });
}

/** Half of the escalations have been decided, each decision with a recommendation. */
function addOmbudsmanEscalation({ random }: SeedContext, rows: ChunkRows, f: ComplaintFacts, file: CaseFile): void {
  if (f.status !== ComplaintStatus.ESCALATED_TO_OMBUDSMAN || !f.respondedOn) return;
  const escalationId = seedUuid(`ombudsman:${f.index}`);
  const decided = random.chance(0.5);
  rows.add('ombudsman_escalations', {
    id: escalationId,
    complaint_id: f.id,
    mp_name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)} MP`,
    mp_constituency: COURTS[file.courtIndex].town,
    referred_on: addDays(f.respondedOn, random.int(20, 200)),
    late_referral: false,
    outcome: decided ? random.pick(Object.values(OmbudsmanOutcome)) : null,
    outcome_on: decided ? addDays(f.respondedOn, random.int(200, 300)) : null,
  });
  if (!decided) return;
  rows.add('ombudsman_recommendations', {
    id: seedUuid(`ombudsman-recommendation:${f.index}`),
    escalation_id: escalationId,
    recommendation: 'Apologise in writing and review how report corrections are shared with the court.',
    due_on: addDays(f.respondedOn, random.int(220, 330)),
    compliance_evidence: null,
    completed_on: null,
  });
}

/** One complaint in five comes with evidence; some of it is a covert recording, rejected (§3.3). */
function addEvidence({ random }: SeedContext, rows: ChunkRows, f: ComplaintFacts): void {
  if (!random.chance(0.2)) return;
  const rejected = random.chance(0.15);
  rows.add('evidence', {
    id: seedUuid(`evidence:${f.index}`),
    complaint_id: f.id,
    kind: rejected ? EvidenceKind.RECORDING : random.pick([EvidenceKind.DOCUMENT, EvidenceKind.MESSAGE]),
    description: rejected ? 'Audio recording of a home visit' : 'Contact centre attendance record',
    source: 'Complainant',
    received_at: f.receivedAt,
    rejected,
    rejection_reason: rejected ? 'Recorded covertly (§3.3): not considered.' : null,
  });
}
