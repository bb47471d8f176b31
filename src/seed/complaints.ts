/** Complaints and their complainants: who complains, in which status, and the dates and steps that status implies. */
import { answeredOutsideProcedure } from '../domain/complainant-kind';
import { ASSESSED_OR_LATER, isFinal, isOpen } from '../domain/complaint-status';
import { complaintDeadlines, deadlineState, nextDueOn, outsideProcedureDue } from '../domain/deadlines';
import {
  Channel,
  ComplainantKind,
  ComplaintStatus,
  ContactMethod,
  NotAcceptedReason,
  TriageOutcome,
} from '../domain/enums';
import { STATUS_OF_OUTCOME } from '../domain/triage';
import type { CaseFile } from './case-files';
import { addConsequences, answered, type ComplaintFacts } from './complaint-consequences';
import { seedUuid } from './ids';
import { COMPLAINT_SUMMARIES, SERVICE_AREAS } from './names';
import { DAY_MS } from './random-source';
import type { ChunkRows, Row } from './row-writer';
import type { SeedContext } from './seed-context';

const HOUR_MS = 3_600_000;

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
/** Statuses of complaints answered outside the procedure, with their weights. */
const OUTSIDE_STATUSES: [ComplaintStatus, number][] = [
  [ComplaintStatus.RECEIVED, 2],
  [ComplaintStatus.OUTSIDE_PROCEDURE, 3],
  [ComplaintStatus.RESPONDED, 8],
  [ComplaintStatus.WITHDRAWN, 1],
];
/** How many complaints a case has: about two. */
const COMPLAINTS_PER_CASE: [number, number][] = [
  [0, 1],
  [1, 3],
  [2, 3],
  [3, 2],
  [5, 1],
];
/** Who complains about a case: mostly its parties. */
const CASE_COMPLAINANTS: [ComplainantKind, number][] = [
  [ComplainantKind.ADULT_PARTY, 80],
  [ComplainantKind.CHILD, 8],
  [ComplainantKind.NON_PARTY, 7],
  [ComplainantKind.PROFESSIONAL, 5],
];
const TRIAGE_OUTCOMES = Object.values(TriageOutcome);

/** Closed after an answer (CLOSED, ESCALATED_TO_OMBUDSMAN) rather than ended without one. */
function closedAfterAnswer(status: ComplaintStatus): boolean {
  return ASSESSED_OR_LATER.includes(status) && isFinal(status);
}

/** The triage outcome that led to `status`: the domain's outcome-to-status table read backwards. */
function triageOutcomeOf(status: ComplaintStatus, outside: boolean): TriageOutcome {
  // Local resolution ends in RESOLVED_LOCALLY, a status no outcome leads to directly.
  if (status === ComplaintStatus.RESOLVED_LOCALLY) return TriageOutcome.LOCAL_RESOLUTION;
  const outcome = TRIAGE_OUTCOMES.find((o) => STATUS_OF_OUTCOME[o] === status);
  // Later statuses were reached through acceptance, or through a reply outside the procedure.
  return outcome ?? (outside ? TriageOutcome.OUTSIDE_PROCEDURE : TriageOutcome.ACCEPTED);
}

/** The complaints about one case; returns how many (their indexes follow `firstIndex`). */
export function addCaseComplaints(ctx: SeedContext, rows: ChunkRows, file: CaseFile, firstIndex: number): number {
  const count = ctx.random.weighted(COMPLAINTS_PER_CASE);
  for (let n = 0; n < count; n++) {
    const kind = ctx.random.weighted(CASE_COMPLAINANTS);
    addComplaint(ctx, rows, firstIndex + n, kind, file);
  }
  return count;
}

/** Complaints by staff about a colleague, unrelated to any case; returns how many. */
export function addStaffComplaints(ctx: SeedContext, rows: ChunkRows, firstIndex: number): number {
  const { random, staff } = ctx;
  const count = 40 * ctx.scale;
  for (let n = 0; n < count; n++) {
    const area = random.int(0, SERVICE_AREAS.length - 1);
    const practitioner = random.pick(staff.practitioners[area]);
    // A name drawn and never used: kept, since the sequence of draws is part of the data.
    const partyNames = [random.person()];
    const file: CaseFile = {
      caseId: null,
      area,
      courtIndex: 0,
      practitioner,
      parties: [],
      partyNames,
      children: [],
      hearings: [],
      reports: [],
    };
    addComplaint(ctx, rows, firstIndex + n, ComplainantKind.STAFF_NOT_CASE, file);
  }
  return count;
}

/** The complaint numbered `index`, with its complainant and its consequences. */
function addComplaint(ctx: SeedContext, rows: ChunkRows, index: number, kind: ComplainantKind, file: CaseFile): void {
  const { random, cal } = ctx;
  const outside = answeredOutsideProcedure(kind);
  const status = random.weighted(outside ? OUTSIDE_STATUSES : PROCEDURE_STATUSES);
  const open = isOpen(status);
  const receivedOn =
    status === ComplaintStatus.RECEIVED
      ? random.daysAgo(random.int(0, 3))
      : open
        ? random.daysAgo(random.int(3, 30))
        : random.daysAgo(random.int(35, 540));
  const receivedAt = random.instant(receivedOn);
  const complainantId = addComplainant(ctx, rows, index, kind, file);
  const isChild = kind === ComplainantKind.CHILD;
  const triaged = status !== ComplaintStatus.RECEIVED;
  const handedOver = triaged || random.chance(0.6);
  const assignee = random.pick(ctx.staff.cstOfficers);
  const subjectStaff = random.chance(0.6) ? file.practitioner : null;
  const childContactedOn =
    isChild && ASSESSED_OR_LATER.includes(status) ? cal.addWorkingDays(receivedOn, random.int(1, 3)) : null;
  // The deadlines the gateway gives at receipt (the domain's rule). The reply is sent a little before
  // the response deadline, or, for a professional's concern (which has none), the outside-procedure one.
  const received = {
    status: ComplaintStatus.RECEIVED,
    receivedAt,
    procedureStartOn: receivedOn,
    cstReceivedAt: null,
    acknowledgedAt: null,
    childContactedOn,
    responseDueOn: null,
    dueReason: null,
  };
  const deadlines = complaintDeadlines(cal, deadlineState(received, kind), file.hearings, null);
  const replyBy = deadlines.responseDueOn ?? (outside ? outsideProcedureDue(cal, receivedOn).dueOn : null);
  const respondedOn = answered(status) && replyBy ? cal.subtractWorkingDays(replyBy, random.int(1, 3)) : null;
  const facts: ComplaintFacts = {
    index,
    id: seedUuid(`complaint:${index}`),
    kind,
    status,
    outside,
    open,
    triaged,
    handedOver,
    receivedOn,
    receivedAt,
    assignee,
    subjectStaff,
    childContactedOn,
    deadlines,
    respondedOn,
  };
  const row = complaintRow(ctx, facts, file, complainantId);
  const openCourtActions = addConsequences(ctx, rows, facts, file);
  const state = { kind, responseOpen: open, handedOver, acknowledged: triaged, childContactedOn };
  row.next_due_on = nextDueOn(state, deadlines, openCourtActions, isFinal(status));
  rows.add('complaints', row);
}

/** A party of the case complains as themselves; anyone else gets a name of their own. Returns the id. */
function addComplainant(ctx: SeedContext, rows: ChunkRows, index: number, kind: ComplainantKind, file: CaseFile) {
  const { random } = ctx;
  const id = seedUuid(`complainant:${index}`);
  const partyIndex = file.parties.length ? random.int(0, file.parties.length - 1) : 0;
  const name = kind === ComplainantKind.ADULT_PARTY ? file.partyNames[partyIndex] : random.person();
  const childIndex = file.children.length ? random.int(0, file.children.length - 1) : 0;
  rows.add('complainants', {
    id,
    kind,
    ...name,
    email: random.chance(0.75) ? random.email(name) : null,
    phone: random.phone(),
    address: random.address(),
    preferred_contact: random.pick(Object.values(ContactMethod)),
    relationship:
      kind === ComplainantKind.NON_PARTY ? random.pick(['Grandparent', 'Aunt', 'Friend', 'McKenzie friend']) : null,
    organisation:
      kind === ComplainantKind.PROFESSIONAL
        ? random.pick(['Local authority', 'Health visiting team', 'Primary school'])
        : null,
    party_id: kind === ComplainantKind.ADULT_PARTY ? file.parties[partyIndex] : null,
    child_id: kind === ComplainantKind.CHILD ? file.children[childIndex] : null,
  });
  return id;
}

/** The complaint's own row; the properties' order is the order of the draws. */
function complaintRow(ctx: SeedContext, f: ComplaintFacts, file: CaseFile, complainantId: string): Row {
  const { random, staff, ids } = ctx;
  const { status, receivedAt, respondedOn, deadlines } = f;
  const hoursLater = (min: number, max: number) => new Date(receivedAt.getTime() + random.int(min, max) * HOUR_MS);
  return {
    id: f.id,
    reference: `PENDING-${f.index}`, // issued in receipt order once every complaint is written
    status,
    channel: random.weighted([
      [Channel.EMAIL, 6],
      [Channel.LETTER, 2],
      [Channel.PHONE, 2],
      [Channel.IN_PERSON, 1],
    ]),
    summary: random.pick(COMPLAINT_SUMMARIES),
    complainant_id: complainantId,
    case_id: file.caseId,
    service_area_id: ids.areaIds[file.area],
    subject_staff_id: f.subjectStaff,
    assignee_id: f.assignee,
    owner_id: f.kind === ComplainantKind.CHILD ? staff.headOfPractice[file.area] : null,
    received_at: receivedAt,
    cst_received_at: f.handedOver ? hoursLater(1, 20) : null,
    cst_due_on: deadlines.cstDueOn,
    acknowledged_at: f.triaged ? hoursLater(20, 60) : null,
    acknowledgement_due_on: deadlines.acknowledgementDueOn,
    procedure_start_on: f.receivedOn,
    response_due_on: deadlines.responseDueOn,
    original_response_due_on: deadlines.responseDueOn,
    due_reason: deadlines.dueReason,
    child_contact_due_on: deadlines.childContactDueOn,
    child_contacted_on: f.childContactedOn,
    triage_outcome: f.triaged && status !== ComplaintStatus.WITHDRAWN ? triageOutcomeOf(status, f.outside) : null,
    not_accepted_reason:
      status === ComplaintStatus.NOT_ACCEPTED
        ? random.weighted([
            [NotAcceptedReason.OUT_OF_TIME, 4],
            [NotAcceptedReason.REPEAT, 3],
            [NotAcceptedReason.COURT_DECISION, 3],
            [NotAcceptedReason.ABUSIVE, 1],
          ])
        : null,
    triaged_at: f.triaged ? hoursLater(24, 72) : null,
    withdrawn_at:
      status === ComplaintStatus.WITHDRAWN ? new Date(receivedAt.getTime() + random.int(2, 10) * DAY_MS) : null,
    responded_at: respondedOn ? random.instant(respondedOn) : null,
    closed_at: closedAfterAnswer(status) ? random.instant(respondedOn ?? f.receivedOn) : null,
    safeguarding_flagged_at: random.chance(0.01) ? receivedAt : null,
    version: 1,
  };
}
