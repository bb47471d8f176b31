/**
 * The authorization matrix (SPEC §3), built from the schema itself: every query and mutation, and
 * every field of every object type, against every role — with two providers, two line managers and
 * two practitioners in the data — plus provider isolation through every path, with and without the
 * application's row scoping (row-level security alone), and the audit of partner reads.
 *
 * The expected cells below are SPEC §3 written out independently of the code's role sets.
 */
import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { Authorized, buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplimentSource, EvidenceKind, LearningPointKind, Role } from '../src/domain/enums';
import {
  Case,
  Compliment,
  ContactRestriction,
  DeadlineExtension,
  Evidence,
  LearningPoint,
  OmbudsmanEscalation,
  OmbudsmanRecommendation,
  Party,
  Provider,
  ReasonableAdjustment,
  Response,
  Staff,
} from '../src/entities';
import { createSchema, fieldsWithoutRule } from '../src/graphql/schema';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { createWorld, type World } from './fixtures/procedure';
import { createServices } from '../src/services/services';

const {
  CST_OFFICER: O,
  CST_MANAGER: M,
  SENIOR_MANAGER: S,
  LINE_MANAGER: L,
  PRACTITIONER: P,
  PROVIDER: V,
  HR_SYSTEM: H,
  CASE_SYSTEM: C,
  ANALYST: A,
} = Role;
const EVERYONE = [O, M, S, L, P, V, H, C, A];

/** SPEC §3: operations. */
const OPERATIONS: Record<string, Role[]> = {
  me: EVERYONE,
  courts: EVERYONE,
  serviceAreas: EVERYONE,
  providers: EVERYONE,
  complaint: [O, M, S, L, P, V, H],
  complaints: [O, M, S, L, P, V, H],
  case: [O, M, S, L, P, C, V, H],
  cases: [O, M, S, L, P, C, V, H],
  referrals: [O, M, S, L, P, H],
  notifications: [O, M, S],
  compliments: [O, M, L, S],
  compliment: [O, M, L, S],
  learningPoints: [O, M, L, S],
  // Intake, triage, evidence, safeguarding, assessment, referral, corrections, responses, extensions, withdrawal, ombudsman records, adjustments.
  recordComplaint: [O, M],
  acknowledgeComplaint: [O, M],
  triageComplaint: [O, M],
  escalateFromLocalResolution: [O, M],
  withdrawComplaint: [O, M],
  addEvidence: [O, M],
  flagSafeguardingConcern: [O, M],
  assessComplaint: [O, M],
  referComplaint: [O, M],
  recordReportCorrection: [O, M],
  recordCourtNotificationSent: [O, M],
  extendResponseDeadline: [O, M],
  escalateToOmbudsman: [O, M],
  recordOmbudsmanOutcome: [O, M],
  recordRecommendationCompliance: [O, M],
  recordReasonableAdjustment: [O, M],
  recordLetterPosted: [O, M],
  // Drafting, submitting and sending: the CST, and the managers who answer replies themselves.
  draftResponse: [O, M, L, S],
  submitResponseForApproval: [O, M, L, S],
  sendResponse: [O, M, L, S],
  restrictContact: [M],
  addBankHoliday: [M],
  retryNotification: [M],
  approveResponse: [S],
  returnResponse: [S],
  recordChildContact: [O, M, L, S],
  recordReferralOutcome: [L, S, H],
  recordCompliment: [O, M, L, S],
  logLearningPoint: [O, M, L, S],
  closeLearningPoint: [O, M, L, S],
  upsertCaseFile: [C],
  submitProviderResponse: [V],
  recordProviderResponseKind: [O, M],
  setLegalHold: [M],
  complaintStatistics: [M, S, A],
  // Issue 15: the staff directory, assignment and the caseload.
  staff: [O, M, S, L, P, C, H, A],
  assignComplaint: [O, M],
  caseload: [O, M, S],
  bankHolidays: [O, M, S, L, P],
  removeBankHoliday: [M],
  addComplaintNote: [O, M, S, L, P],
  // Issue 15: a contact restriction's review and lifting, like recording it (SPEC §1.11).
  reviewContactRestriction: [M],
  liftContactRestriction: [M],
  // Issue 15: correcting what was recorded.
  updateComplainant: [O, M],
  updateComplaint: [O, M],
  // Issue 16: complaints by email; the mailbox (the quarantine among it) is the CST managers'.
  inboundMessages: [M],
  completeIntake: [O, M],
  // Issue 16: a subject access export (SPEC §1.12) is a CST manager's alone.
  exportSubjectAccess: [M],
  // Issue 17: providers' webhook endpoints and secrets are the CST managers'.
  setProviderWebhook: [M],
  rotateProviderWebhookSecret: [M],
  disableProviderWebhook: [M],
  // Issue 17: Relay refetching, for everyone: what each finds is its row scope and the rules of the type found.
  node: EVERYONE,
  nodes: EVERYONE,
};

const COMPLAINT_READERS = [O, M, S, L, P];
const CASE_FILE = [O, M, S, L, P, C];

/** SPEC §3 and §1.14: who may read each field, by type (default) with exceptions. */
const FIELDS: Record<string, { all: Role[]; except?: Record<string, Role[]> }> = {
  Complaint: {
    all: COMPLAINT_READERS,
    except: {
      reference: [...COMPLAINT_READERS, V, H],
      responseDueOn: [...COMPLAINT_READERS, V],
      case: [...COMPLAINT_READERS, V, H],
      complainant: [...COMPLAINT_READERS, V],
      aspects: [...COMPLAINT_READERS, V],
      providerEngagements: [...COMPLAINT_READERS, V],
      notifications: [O, M, S],
      auditTrail: [M, S],
    },
  },
  Complainant: { all: COMPLAINT_READERS, except: { firstName: [...COMPLAINT_READERS, V] } },
  ComplaintAspect: {
    all: [...COMPLAINT_READERS, H],
    except: {
      category: [...COMPLAINT_READERS, H, V],
      description: [...COMPLAINT_READERS, H, V],
      position: [...COMPLAINT_READERS, H, V],
      provider: [...COMPLAINT_READERS, H, V],
      courtReport: COMPLAINT_READERS,
    },
  },
  ProviderEngagement: { all: [...COMPLAINT_READERS, V] },
  Referral: { all: [...COMPLAINT_READERS, H], except: { outcome: [S, L, H], outcomeNote: [S, L, H] } },
  Case: { all: CASE_FILE, except: { caseNumber: [...CASE_FILE, V, H], complaints: COMPLAINT_READERS } },
  Hearing: { all: CASE_FILE },
  CourtReport: { all: CASE_FILE },
  ContactLog: { all: CASE_FILE },
  Party: { all: CASE_FILE, except: { ethnicity: [O, M, S, L], disability: [O, M, S, L] } },
  Child: { all: CASE_FILE, except: { ethnicity: [O, M, S, L], disability: [O, M, S, L] } },
  Staff: { all: [O, M, S, L, P, C, H, A], except: { qualifications: [S, L, H], training: [S, L, H] } },
  Evidence: { all: COMPLAINT_READERS, except: { uploadUrl: [O, M] } },
  CourtNotification: { all: COMPLAINT_READERS },
  ReportCorrection: { all: COMPLAINT_READERS },
  Response: { all: COMPLAINT_READERS },
  DeadlineExtension: { all: COMPLAINT_READERS },
  OmbudsmanEscalation: { all: COMPLAINT_READERS },
  OmbudsmanRecommendation: { all: COMPLAINT_READERS },
  ContactRestriction: { all: COMPLAINT_READERS },
  ReasonableAdjustment: { all: COMPLAINT_READERS },
  Compliment: { all: [O, M, L, S] },
  LearningPoint: { all: [O, M, L, S] },
  Notification: { all: [O, M, S] },
  AuditEvent: { all: [M, S] },
  Court: { all: EVERYONE },
  ServiceArea: { all: EVERYONE },
  Provider: { all: EVERYONE, except: { webhook: [M] } },
  Me: { all: EVERYONE },
  ComplaintStatistics: { all: [M, S, A] },
  StatisticCount: { all: [M, S, A] },
  StatisticMeasure: { all: [M, S, A] },
  Caseload: { all: [O, M, S] },
  CaseloadEntry: { all: [O, M, S] },
  NonWorkingDay: { all: [O, M, S, L, P] },
  ComplaintNote: { all: COMPLAINT_READERS },
  // Issue 16: the letters sent to the complainant, for whoever reads the complaint (never a partner).
  Document: { all: COMPLAINT_READERS },
  InboundMessage: { all: COMPLAINT_READERS },
  // Issue 16: evidence files, read as the evidence is; where to upload one is for those who add evidence.
  EvidenceFile: { all: COMPLAINT_READERS },
  ProviderWebhook: { all: [M] },
};
/** Record metadata every type has: readable on any row the caller may read. */
const RECORD_FIELDS = new Set(['id', 'createdAt', 'updatedAt']);
/** Envelopes with nothing of their own: paging, payloads and the results in them, errors and warnings. */
const ENVELOPE = /(Connection|Edge|Payload|Result)$|^(PageInfo|UserError|UserWarning|BankHoliday|Query|Mutation)$/;

function allowed(type: string, field: string, role: Role): boolean {
  if (ENVELOPE.test(type)) return true;
  const rule = FIELDS[type];
  if (!rule) throw new Error(`no expected rule for ${type} in this test`);
  if (RECORD_FIELDS.has(field) && type !== 'Me') return true;
  return (rule.except?.[field] ?? rule.all).includes(role);
}

/** Paths from the roots to each type: `%` is where the type's fields go. */
const PATHS: Record<string, string[]> = {
  Complaint: ['complaint(id: $c) { % }'],
  Complainant: ['complaint(id: $c) { complainant { % } }'],
  ComplaintAspect: ['complaint(id: $c) { aspects { % } }', 'referrals(first: 20) { edges { node { aspect { % } } } }'],
  ProviderEngagement: ['complaint(id: $c) { providerEngagements { % } }'],
  Referral: ['referrals(first: 20) { edges { node { % } } }', 'complaint(id: $c) { referrals { % } }'],
  Evidence: ['complaint(id: $c) { evidence { % } }'],
  CourtNotification: ['complaint(id: $c) { courtNotifications { % } }'],
  ReportCorrection: ['complaint(id: $c) { reportCorrections { % } }'],
  Response: ['complaint(id: $c) { responses { % } }'],
  DeadlineExtension: ['complaint(id: $c) { extensions { % } }'],
  OmbudsmanEscalation: ['complaint(id: $c) { ombudsmanEscalations { % } }'],
  OmbudsmanRecommendation: ['complaint(id: $c) { ombudsmanEscalations { recommendations { % } } }'],
  Notification: ['complaint(id: $c) { notifications { % } }', 'notifications(first: 5) { edges { node { % } } }'],
  AuditEvent: ['complaint(id: $c) { auditTrail { % } }'],
  ContactRestriction: ['complaint(id: $c) { complainant { contactRestrictions { % } } }'],
  ReasonableAdjustment: ['complaint(id: $c) { complainant { reasonableAdjustments { % } } }'],
  Case: ['case(id: $k) { % }', 'complaint(id: $c) { case { % } }'],
  Hearing: ['case(id: $k) { hearings { % } }'],
  CourtReport: ['case(id: $k) { courtReports { % } }'],
  ContactLog: ['case(id: $k) { contactLogs { % } }'],
  Party: ['case(id: $k) { parties { % } }'],
  Child: ['case(id: $k) { children { % } }'],
  Staff: [
    'case(id: $k) { practitioner { % } }',
    'referrals(first: 20) { edges { node { staff { % } } } }',
    'me { staff { % } }',
    'staff(first: 5) { edges { node { % } } }',
  ],
  Compliment: ['compliments(first: 5) { edges { node { % } } }'],
  LearningPoint: ['learningPoints(first: 5) { edges { node { % } } }'],
  Court: ['courts { % }'],
  ServiceArea: ['serviceAreas { % }'],
  Provider: ['providers { % }'],
  Me: ['me { % }'],
  ComplaintStatistics: ['complaintStatistics(from: "2026-07-01", to: "2026-12-31") { % }'],
  StatisticCount: ['complaintStatistics(from: "2026-07-01", to: "2026-12-31") { receivedByChannel { % } }'],
  StatisticMeasure: ['complaintStatistics(from: "2026-07-01", to: "2026-12-31") { medianWorkingDaysToRespond { % } }'],
  Caseload: ['caseload { % }'],
  CaseloadEntry: ['caseload { entries { % } }'],
  NonWorkingDay: ['bankHolidays(year: 2026) { % }'],
  ComplaintNote: ['complaint(id: $c) { notes { % } }'],
  Document: ['complaint(id: $c) { documents { % } }'],
  InboundMessage: ['complaint(id: $c) { correspondence { % } }', 'inboundMessages(first: 5) { edges { node { % } } }'],
  EvidenceFile: ['complaint(id: $c) { evidence { files { % } } }'],
  ProviderWebhook: ['providers { webhook { % } }'],
};

let w: World;
let schema: GraphQLSchema;
let rlsOnly: TestGateway;
const t = {} as Record<
  'officer' | 'manager' | 'senior' | 'lm1' | 'lm2' | 'pa' | 'pb' | 'v1' | 'v2' | 'hr' | 'cs' | 'analyst',
  string
>;
let tokenOf: Record<Role, string>;
let v2: Provider;
let pb: Staff;
let kb: Case;
let cA: any;
let cB: any;

const ASSESS = `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { id referrals { id level sentToHr } } errors { code field message } } }`;
const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { code field message } } }`;

beforeAll(async () => {
  schema = await createSchema(createServices());
  w = await createWorld(new Date('2026-11-05T12:00:00Z'));
  const { f, area, court, head, practitioner } = w;
  // A second line manager with their own practitioner, case and complaint; a second provider.
  const lm2 = await f.staff({ role: L, serviceAreaId: area.id, lineManagerId: head.id, lastName: 'Manager-Two' });
  pb = await f.staff({
    serviceAreaId: area.id,
    lineManagerId: lm2.id,
    lastName: 'Adviser-Two',
    qualifications: ['Social Work degree'],
  });
  await w.db.dataSource.getRepository(Staff).update(practitioner.id, {
    qualifications: ['Social Work degree', 'Practice educator'],
    training: ['Domestic abuse 2026'],
  });
  v2 = await f.provider({ name: 'Second Provider' });
  // Issue 17: a provider with a webhook endpoint, so that ProviderWebhook's fields are read with data.
  await w.db.dataSource.getRepository(Provider).update(v2.id, { webhookUrl: 'https://v2.example.org/hooks' });
  kb = await f.case({ caseNumber: 'BM26P00002', courtId: court.id, serviceAreaId: area.id, practitionerId: pb.id });
  const partyB = await f.party(kb.id, { firstName: 'Bea', lastName: 'Respondent' });
  await f.child(kb.id, { firstName: 'Sky' });
  // The case system sent the first case (it has the case system's id); the second was keyed by hand.
  await w.db.dataSource.getRepository(Case).update(w.kase.id, { sourceId: 'CMS-1' });
  await w.db.dataSource
    .getRepository(Party)
    .update(w.party.id, { ethnicity: 'White British', disability: 'Hearing impairment' });
  await f.contactLog(w.kase.id, { staffId: practitioner.id });
  await f.hearing(w.kase.id, court.id);

  Object.assign(t, {
    officer: w.tokens.officer,
    manager: w.tokens.manager,
    senior: w.tokens.head,
    lm1: w.tokens.lineManager,
    lm2: await w.gw.token(L, lm2.id),
    pa: w.tokens.practitioner,
    pb: await w.gw.token(P, pb.id),
    v1: await w.gw.token(V, w.provider.id),
    v2: await w.gw.token(V, v2.id),
    hr: await w.gw.token(H, 'hr-system'),
    cs: await w.gw.token(C, 'case-system'),
    analyst: await w.gw.token(A, (await f.staff({ role: A, lastName: 'Analyst' })).id),
  });
  tokenOf = {
    [O]: t.officer,
    [M]: t.manager,
    [S]: t.senior,
    [L]: t.lm1,
    [P]: t.pa,
    [V]: t.v1,
    [H]: t.hr,
    [C]: t.cs,
    [A]: t.analyst,
  };

  // Complaint A: on practitioner A's case, provider 1's actions, a senior conduct referral (sent to HR).
  cA = await w.recordAdult();
  expect((await w.mutate(TRIAGE, { complaintId: cA.id, outcome: 'ACCEPTED' })).errors).toEqual([]);
  const a = await w.mutate(ASSESS, {
    complaintId: cA.id,
    aspects: [
      { category: 'PROVIDER_ACTIONS', description: 'Provider one cancelled sessions', providerId: w.provider.id },
      {
        category: 'STAFF_CONDUCT',
        description: 'Shouted at the complainant',
        staffId: practitioner.id,
        seriousness: 'SERIOUS',
        referralLevel: 'SENIOR_MANAGER',
        drawToCourt: true,
      },
      {
        category: 'FACTUAL_ERROR',
        description: 'Missed sessions recorded wrongly',
        courtReportId: w.report.id,
        remedialAction: 'Correct the report',
      },
      { category: 'CASE_MANAGEMENT', description: 'Private text about the case', remedialAction: 'Cover arranged' },
    ],
  });
  expect(a.errors).toEqual([]);
  cA = { ...cA, referrals: a.complaint.referrals };
  // Complaint B: on practitioner B's case, provider 2's actions, a line-manager referral (not sent to HR).
  cB = await w.recordAdult({
    caseId: kb.id,
    subjectStaffId: pb.id,
    complainant: { kind: 'ADULT_PARTY', firstName: 'Bea', lastName: 'Respondent', partyId: partyB.id },
  });
  expect((await w.mutate(TRIAGE, { complaintId: cB.id, outcome: 'ACCEPTED' })).errors).toEqual([]);
  const b = await w.mutate(ASSESS, {
    complaintId: cB.id,
    aspects: [
      { category: 'PROVIDER_ACTIONS', description: 'Provider two lost the notes', providerId: v2.id },
      {
        category: 'STAFF_CONDUCT',
        description: 'Late to every visit',
        staffId: pb.id,
        seriousness: 'STANDARD',
        referralLevel: 'LINE_MANAGER_FOR_ACTION',
      },
    ],
  });
  expect(b.errors).toEqual([]);
  cB = { ...cB, referrals: b.complaint.referrals };

  // One of everything else under complaint A, so that every type's fields are read.
  const ds = w.db.dataSource;
  await ds.query(
    `INSERT INTO complaint_notes (complaint_id, author_id, text) SELECT $1, id, 'Called back' FROM staff WHERE role = 'CST_OFFICER' LIMIT 1`,
    [cA.id],
  );
  const [complainant] = await ds.query('SELECT complainant_id AS id FROM complaints WHERE id = $1', [cA.id]);
  const [letter] = await ds.query(
    `INSERT INTO documents (complaint_id, template, channel, recipient_kind, recipient_id, content_type, filename, size, sha256)
     VALUES ($1, 'acknowledgement', 'POST', 'COMPLAINANT', $2, 'application/pdf', 'letter.pdf', 4, 'ab') RETURNING id`,
    [cA.id, complainant.id],
  );
  await ds.query(`INSERT INTO document_contents (document_id, content) VALUES ($1, '\\x25504446')`, [letter.id]);
  const sheet = await ds.getRepository(Evidence).save({
    complaintId: cA.id,
    kind: EvidenceKind.DOCUMENT,
    description: 'Attendance sheet',
    source: 'Complainant',
    receivedAt: new Date(),
  });
  await ds.query(
    `INSERT INTO evidence_files (complaint_id, evidence_id, filename, content_type, size, sha256, storage)
     VALUES ($1, $2, 'sheet.pdf', 'application/pdf', 4, 'ab', 'postgres')`,
    [cA.id, sheet.id],
  );
  await ds
    .getRepository(DeadlineExtension)
    .save({ complaintId: cA.id, previousDueOn: '2026-11-23', newDueOn: '2026-11-30', reason: 'Records awaited' });
  await ds
    .getRepository(Response)
    .save({ complaintId: cA.id, understanding: 'u', desiredRemedy: 'd', assessmentOutcome: 'o', steps: 's' });
  const escalation = await ds
    .getRepository(OmbudsmanEscalation)
    .save({ complaintId: cA.id, mpName: 'A Member', referredOn: '2026-11-04' });
  await ds
    .getRepository(OmbudsmanRecommendation)
    .save({ escalationId: escalation.id, recommendation: 'Apologise', dueOn: '2026-12-04' });
  await ds.getRepository(ContactRestriction).save({
    complainantId: complainant.id,
    restriction: 'Email only',
    reason: 'Volume of calls',
    reviewOn: '2027-02-01',
  });
  await ds.getRepository(ReasonableAdjustment).save({ complainantId: complainant.id, adjustment: 'Large print' });
  await ds.getRepository(LearningPoint).save({
    complaintId: cA.id,
    kind: LearningPointKind.LEARNING_POINT,
    description: 'Check records',
    ownerId: w.lineManager.id,
    dueOn: '2026-12-31',
  });
  await ds.getRepository(Compliment).save({
    staffId: practitioner.id,
    serviceAreaId: area.id,
    source: ComplimentSource.SERVICE_USER,
    receivedOn: '2026-11-01',
    summary: 'Thank you',
  });
  // An email attached to complaint A as correspondence, and one quarantined (issue 16).
  await ds.query(
    `INSERT INTO inbound_messages (received_at, status, reason, complaint_id, processed_at, envelope_from, envelope_to,
       message_id, from_address, from_name, subject, sent_at, text, size_bytes, attachment_count, sha256)
     VALUES (now(), 'ATTACHED', NULL, $1, now(), 'alex@example.net', '{complaints@example.org}', '<m1@example.net>',
       'alex@example.net', 'Alex Applicant', 'Re: my complaint', now(), 'One more thing.', 400, 0, 'digest-1'),
     (now(), 'QUARANTINED', 'a bounce: the envelope sender is empty (<>)', NULL, now(), NULL, '{complaints@example.org}',
       NULL, 'mailer-daemon@example.net', NULL, 'Undelivered', NULL, 'Bounced.', 300, 0, 'digest-2')`,
    [cA.id],
  );

  rlsOnly = await startTestGateway(w.db, {
    now: () => new Date('2026-11-05T12:00:00Z'),
    withoutApplicationRowScope: true,
  });
});

afterAll(async () => {
  await rlsOnly?.stop();
  await w?.stop();
});

const codes = (r: { errors?: { extensions?: { code?: string } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('the schema', () => {
  it('has a rule on every operation and field, and this test has SPEC’s cell for each', () => {
    expect(fieldsWithoutRule()).toEqual([]);
    const operations = [
      ...Object.keys(schema.getQueryType()!.getFields()),
      ...Object.keys(schema.getMutationType()!.getFields()),
    ];
    expect(operations.filter((op) => !(op in OPERATIONS))).toEqual([]);
    const types = Object.values(schema.getTypeMap()).filter(
      (type) => isObjectType(type) && !type.name.startsWith('__') && !ENVELOPE.test(type.name),
    );
    expect(types.map((type) => type.name).filter((name) => !(name in FIELDS) || !(name in PATHS))).toEqual([]);
  });
});

/** A well-typed value for an input type: only its required parts. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  const scalar = {
    ID: randomUUID(),
    String: 'x',
    Int: 1,
    Float: 1,
    Boolean: false,
    LocalDate: '2026-11-23',
    DateTime: '2026-11-23T10:00:00Z',
  } as Record<string, unknown>;
  if (isScalarType(type) && type.name in scalar) return scalar[type.name];
  return {};
}

function operationRequest(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const vars = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const text = `${kind}${vars ? ` (${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  return { text, variables: Object.fromEntries(required.map((a) => [a.name, sample(a.type)])) };
}

describe('every operation × every role', () => {
  // Mutations with made-up ids change nothing (NOT_FOUND); the ones that could create something run last.
  it('admits exactly the roles SPEC §3 lists, refusing the rest with FORBIDDEN before any resolver runs', async () => {
    const wrong: string[] = [];
    for (const [kind, root] of [
      ['query', schema.getQueryType()!],
      ['mutation', schema.getMutationType()!],
    ] as const) {
      for (const field of Object.values(root.getFields())) {
        const { text, variables } = operationRequest(kind, field);
        for (const role of EVERYONE) {
          const result = await w.gw.query(text, variables, tokenOf[role]);
          const got = codes(result);
          expect(got, `${field.name} as ${role}: ${JSON.stringify(result.errors)}`).not.toContain(
            'GRAPHQL_VALIDATION_FAILED',
          );
          const refused = got.includes('FORBIDDEN');
          if (refused === OPERATIONS[field.name].includes(role))
            wrong.push(`${field.name} ${role}: ${refused ? 'refused' : 'admitted'}`);
          if (refused) expect((result as any).data?.[field.name] ?? null).toBeNull();
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

/** Fields of `type` as a selection (objects by their `__typename`). */
function selectionOf(type: GraphQLObjectType, fields = Object.values(type.getFields())): string {
  return fields.map((f) => (isObjectType(getNamedType(f.type)) ? `${f.name} { __typename }` : f.name)).join(' ');
}

/** The fields along a path template, as [type, field] steps, and the value at its end. */
function stepsOf(template: string): string[] {
  return template.split('%')[0].match(/[a-zA-Z]+(?=\s*(\([^)]*\))?\s*\{)/g) ?? [];
}

function valuesAt(data: unknown, steps: string[]): unknown[] {
  let values = [data];
  for (const step of steps) {
    values = values.flatMap((v) => {
      const next = (v as Record<string, unknown> | null)?.[step];
      return next === null || next === undefined ? [] : Array.isArray(next) ? next : [next];
    });
  }
  return values;
}

describe('every field of every type × every role', () => {
  it('refuses exactly the fields SPEC §3 and §1.14 keep from each role, on every path to them', async () => {
    const wrong: string[] = [];
    const reached = new Set<string>();
    const open = new Set<string>();
    const run = async (template: string, selection: string, role: Role) => {
      const vars = [template.includes('$c') ? '$c: ID' : '', template.includes('$k') ? '$k: ID' : '']
        .filter(Boolean)
        .join(', ');
      const query = `query ${vars ? `(${vars}) ` : ''}{ ${template.replace('%', selection)} }`;
      const result = await w.gw.query(
        query,
        { ...(vars.includes('$c') ? { c: cA.id } : {}), ...(vars.includes('$k') ? { k: w.kase.id } : {}) },
        tokenOf[role],
      );
      const others = (result.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
      expect(others, `${query} as ${role}`).toEqual([]);
      return {
        data: result.data,
        refused: [
          ...new Set((result.errors ?? []).map((e) => (e.path ?? []).filter((p) => typeof p === 'string').join('.'))),
        ],
      };
    };
    for (const [typeName, templates] of Object.entries(PATHS)) {
      const type = schema.getType(typeName) as GraphQLObjectType;
      for (const template of templates) {
        const steps = stepsOf(template);
        const base = steps.join('.');
        for (const role of EVERYONE) {
          // The path itself may be closed to the role: then exactly that step is refused.
          let parent = 'Query';
          let closedAt: string | null = null;
          for (const [i, step] of steps.entries()) {
            if (parent === 'Query' ? !OPERATIONS[step].includes(role) : !allowed(parent, step, role)) {
              closedAt = steps.slice(0, i + 1).join('.');
              break;
            }
            parent = getNamedType((schema.getType(parent) as GraphQLObjectType).getFields()[step].type).name;
          }
          const cell = `${typeName} via ${template} as ${role}`;
          if (closedAt) {
            const { refused } = await run(template, selectionOf(type), role);
            if (refused.join() !== closedAt)
              wrong.push(`${cell}: expected only ${closedAt} refused, got ${refused.join(', ') || 'nothing'}`);
            continue;
          }
          open.add(`${typeName}@${role}`);
          const fields = Object.values(type.getFields());
          const permitted = fields.filter((f) => allowed(typeName, f.name, role));
          // Everything the role may read comes back without an error...
          const { data, refused } = await run(template, selectionOf(type, permitted), role);
          if (refused.length > 0) wrong.push(`${cell}: refused ${refused.join(', ')}, which SPEC allows`);
          if (valuesAt(data, steps).length === 0) continue; // no row of this type for this role (row scoping)
          reached.add(`${typeName}@${role}`);
          // ...and each field it may not read is refused, one at a time (a refused non-null field nulls its row).
          for (const field of fields.filter((f) => !permitted.includes(f))) {
            const one = await run(template, selectionOf(type, [field]), role);
            if (one.refused.join() !== `${base}.${field.name}`)
              wrong.push(`${cell}: ${field.name} not refused (got ${one.refused.join(', ') || 'nothing'})`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // Those who read everything reached every type open to them, so every field was checked with data.
    expect(
      [...open].filter((cell) => /@(CST_OFFICER|CST_MANAGER|SENIOR_MANAGER)$/.test(cell) && !reached.has(cell)),
    ).toEqual([]);
    // And the others reached what SPEC gives them.
    const cells = [
      'Complaint@PROVIDER',
      'ComplaintAspect@PROVIDER',
      'ProviderEngagement@PROVIDER',
      'Complainant@PROVIDER',
      'Case@PROVIDER',
      'Referral@HR_SYSTEM',
      'ComplaintAspect@HR_SYSTEM',
      'Staff@HR_SYSTEM',
      'Case@HR_SYSTEM',
      'Case@CASE_SYSTEM',
      'Party@CASE_SYSTEM',
      'Child@CASE_SYSTEM',
      'Complaint@LINE_MANAGER',
      'Referral@LINE_MANAGER',
      'Party@LINE_MANAGER',
      'Complaint@PRACTITIONER',
      'Party@PRACTITIONER',
      'ReasonableAdjustment@PRACTITIONER',
      'Staff@ANALYST',
      'ComplaintStatistics@ANALYST',
      'StatisticCount@ANALYST',
      'StatisticMeasure@ANALYST',
    ];
    expect(cells.filter((cell) => !reached.has(cell))).toEqual([]);
  });
});

/** Everything a caller can list or look up, by every root, with the counts. */
const EVERY_PATH = `query ($a: ID!, $b: ID!, $refB: String, $kb: ID, $p2: ID) {
  complaints(first: 100) { totalCount edges { node { id reference aspects { id description } providerEngagements { id } case { caseNumber } complainant { firstName } } } }
  byProvider2: complaints(first: 100, filter: { providerId: $p2 }) { totalCount edges { node { id } } }
  a: complaint(id: $a) { id reference aspects { id description provider { id } } providerEngagements { id provider { id } } }
  b: complaint(id: $b) { id }
  byReference: complaint(reference: $refB) { id }
  cases(first: 100) { totalCount edges { node { id caseNumber } } }
  kb: case(id: $kb) { id caseNumber }
  providers { id name }
  aNode: node(id: $a) { id }
  bNode: node(id: $b) { id }
}`;

async function everything(gw: TestGateway, token: string) {
  const result = await gw.query(EVERY_PATH, { a: cA.id, b: cB.id, refB: cB.reference, kb: kb.id, p2: v2.id }, token);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data;
}

describe('provider isolation', () => {
  for (const [variant, gateway] of [
    ['with the application’s row scoping', () => w.gw],
    ['with row-level security alone', () => rlsOnly],
  ] as const) {
    it(`shows a provider its own complaints and nothing of the other provider’s, through any path (${variant})`, async () => {
      const gw = gateway();
      const d = await everything(gw, await gw.token(V, w.provider.id));
      expect(d.complaints.totalCount).toBe(1);
      expect(d.complaints.edges.map((e: any) => e.node.reference)).toEqual([cA.reference]);
      // Within its complaint: its own aspect's text and its engagement only; the case number, the complainant's first name.
      expect(d.complaints.edges[0].node).toMatchObject({
        aspects: [{ description: 'Provider one cancelled sessions' }],
        case: { caseNumber: 'BM26P00001' },
        complainant: { firstName: 'Alex' },
      });
      expect(d.a.aspects.map((x: any) => x.provider.id)).toEqual([w.provider.id]);
      expect(d.a.providerEngagements).toHaveLength(1);
      expect(d.a.providerEngagements[0].provider.id).toBe(w.provider.id);
      expect(d.byProvider2).toEqual({ totalCount: 0, edges: [] });
      expect(d.b).toBeNull();
      expect(d.aNode).toEqual({ id: cA.id });
      expect(d.bNode).toBeNull();
      expect(d.byReference).toBeNull();
      expect(d.cases.totalCount).toBe(1);
      expect(d.cases.edges.map((e: any) => e.node.caseNumber)).toEqual(['BM26P00001']);
      expect(d.kb).toBeNull();
      expect(d.providers.map((p: any) => p.id)).toEqual([w.provider.id]);

      const other = await everything(gw, await gw.token(V, v2.id));
      expect(other.complaints.edges.map((e: any) => e.node.reference)).toEqual([cB.reference]);
      expect(other.a).toBeNull();
      expect(other.aNode).toBeNull();
      expect(other.providers.map((p: any) => p.id)).toEqual([v2.id]);
    });
  }

  it('lets row-level security hold on its own for the tables a provider never reads', async () => {
    // A provider's transaction sees no staff, children, parties or referrals at all, whatever the query.
    const runner = w.db.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query("SELECT set_config('app.provider_id', $1, true)", [w.provider.id]);
      for (const table of [
        'staff',
        'children',
        'parties',
        'referrals',
        'evidence',
        'evidence_files',
        'evidence_file_contents',
        'subject_access_exports',
        'responses',
        'audit_events',
        'notifications',
        'hearings',
        'court_reports',
      ]) {
        const [{ n }] = await runner.query(`SELECT count(*)::int AS n FROM ${table}`);
        expect(n, table).toBe(0);
      }
      const [{ n: complaints }] = await runner.query('SELECT count(*)::int AS n FROM complaints');
      expect(complaints).toBe(1);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('audits every read of personal data by a partner, per complaint, naming the fields', async () => {
    const before = await w.db.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'partner.read'",
    );
    await w.gw.query(
      `query ($a: ID) { complaint(id: $a) { reference complainant { firstName } } }`,
      { a: cA.id },
      t.v1,
    );
    const events = await w.db.dataSource.query(
      "SELECT actor_role, complaint_id, change FROM audit_events WHERE action = 'partner.read' ORDER BY sequence DESC",
    );
    expect(events.length).toBe(before[0].n + 1);
    expect(events[0]).toMatchObject({ actor_role: 'PROVIDER', complaint_id: cA.id });
    expect(events[0].change.fields).toEqual(['Complainant.firstName', 'Complaint.complainant', 'Complaint.reference']);
    // Staff reads are not partner reads.
    await w.gw.query(`query ($a: ID) { complaint(id: $a) { reference } }`, { a: cA.id }, t.officer);
    const [{ n }] = await w.db.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'partner.read'",
    );
    expect(n).toBe(before[0].n + 1);
  });
});

describe('line managers, practitioners, the HR and case systems', () => {
  const LIST = `{ complaints(first: 100) { totalCount edges { node { reference } } } referrals(first: 100) { totalCount edges { node { staff { lastName qualifications } } } } }`;

  it('shows a line manager the complaints and referrals about staff they manage, and their personal data only', async () => {
    for (const [token, reference, lastName, qualifications] of [
      [t.lm1, () => cA.reference, 'Adviser', ['Social Work degree', 'Practice educator']],
      [t.lm2, () => cB.reference, 'Adviser-Two', ['Social Work degree']],
    ] as const) {
      const { data, errors } = await w.gw.query(LIST, {}, token);
      expect(errors).toBeUndefined();
      expect(data.complaints.edges.map((e: any) => e.node.reference)).toEqual([reference()]);
      expect(data.complaints.totalCount).toBe(1);
      expect(data.referrals.edges.map((e: any) => e.node.staff)).toEqual([{ lastName, qualifications }]);
    }
    // The other manager's practitioner is readable by name (the case file) but not their personal data.
    const other = await w.gw.query(
      `query ($k: ID) { case(id: $k) { practitioner { lastName qualifications training } } }`,
      { k: kb.id },
      t.lm1,
    );
    expect(other.data.case.practitioner).toEqual({ lastName: 'Adviser-Two', qualifications: null, training: null });
  });

  it('shows a practitioner their own cases and complaints only', async () => {
    const { data } = await w.gw.query(
      `{ complaints(first: 100) { totalCount edges { node { reference } } } cases(first: 100) { totalCount edges { node { caseNumber } } } }`,
      {},
      t.pb,
    );
    expect(data.complaints.edges.map((e: any) => e.node.reference)).toEqual([cB.reference]);
    expect(data.cases.edges.map((e: any) => e.node.caseNumber)).toEqual(['BM26P00002']);
    expect(await w.gw.query(`query ($a: ID) { complaint(id: $a) { id } }`, { a: cA.id }, t.pb)).toMatchObject({
      data: { complaint: null },
    });
  });

  it('shows the HR system the referrals sent to it, their conduct aspects and the staff referred', async () => {
    const { data, errors } = await w.gw.query(
      `{ referrals(first: 100) { totalCount edges { node { level outcome staff { lastName qualifications } aspect { description } complaint { reference } } } } complaints(first: 100) { totalCount } }`,
      {},
      t.hr,
    );
    expect(errors).toBeUndefined();
    expect(data.referrals.edges.map((e: any) => e.node)).toEqual([
      {
        level: 'SENIOR_MANAGER',
        outcome: null,
        staff: { lastName: 'Adviser', qualifications: ['Social Work degree', 'Practice educator'] },
        aspect: { description: 'Shouted at the complainant' },
        complaint: { reference: cA.reference },
      },
    ]);
    expect(data.complaints.totalCount).toBe(1);
  });

  it('shows the case system the cases it sent, and an analyst no complaint or case', async () => {
    const cs = await w.gw.query(
      `{ cases(first: 100) { totalCount edges { node { caseNumber parties { lastName } } } } }`,
      {},
      t.cs,
    );
    expect(cs.data.cases).toEqual({
      totalCount: 1,
      edges: [{ node: { caseNumber: 'BM26P00001', parties: [{ lastName: 'Applicant' }] } }],
    });
    const analyst = await w.gw.query(`{ complaints { totalCount } }`, {}, t.analyst);
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const me = await w.gw.query(`{ me { role staff { lastName } } }`, {}, t.analyst);
    expect(me.data.me).toEqual({ role: 'ANALYST', staff: { lastName: 'Analyst' } });
  });
});

describe('privacy and scope', () => {
  it('shows a provider a child complainant as "a child" and an adult by first name; staff see the name', async () => {
    const child = await w.recordAdult({
      complainant: { kind: 'CHILD', firstName: 'Robin', lastName: 'Child', childId: w.child.id },
    });
    expect((await w.mutate(TRIAGE, { complaintId: child.id, outcome: 'ACCEPTED' })).errors).toEqual([]);
    const assessed = await w.mutate(ASSESS, {
      complaintId: child.id,
      aspects: [{ category: 'PROVIDER_ACTIONS', description: 'Sessions cancelled', providerId: w.provider.id }],
    });
    expect(assessed.errors).toEqual([]);
    const ONE = `query ($id: ID) { complaint(id: $id) { complainant { firstName } } }`;
    const ALL = `{ complaints(first: 100) { edges { node { id complainant { firstName } } } } }`;
    for (const gw of [w.gw, rlsOnly]) {
      const token = await gw.token(V, w.provider.id);
      expect((await gw.query(ONE, { id: child.id }, token)).data.complaint.complainant).toEqual({
        firstName: 'a child',
      });
      const names = (await gw.query(ALL, {}, token)).data.complaints.edges.map((e: any) => e.node.complainant);
      expect(names.map((c: any) => c.firstName).sort()).toEqual(['Alex', 'a child']);
    }
    expect((await w.gw.query(ONE, { id: child.id }, t.officer)).data.complaint.complainant.firstName).toBe('Robin');
  });

  it('answers a line manager naming a complaint outside its rows exactly as it answers an unknown id', async () => {
    const LOG = `mutation ($input: LogLearningPointInput!) { logLearningPoint(input: $input) { learningPoint { id } errors { code field message } } }`;
    const log = (complaintId: string) =>
      w.gw.query(
        LOG,
        {
          input: {
            complaintId,
            kind: 'LEARNING_POINT',
            description: 'Check the notes',
            ownerId: w.lineManager.id,
            dueOn: '2026-12-31',
          },
        },
        t.lm1,
      );
    const unknown = randomUUID();
    const refusals = [await log(cB.id), await log(unknown)].map((r) =>
      JSON.stringify(r).replace(cB.id, '<id>').replace(unknown, '<id>'),
    );
    expect(refusals[0]).toBe(refusals[1]);
    expect(JSON.parse(refusals[0]).data.logLearningPoint).toEqual({
      learningPoint: null,
      errors: [{ code: 'NOT_FOUND', field: 'input.complaintId', message: 'no complaint has the id "<id>"' }],
    });
    const own = await log(cA.id);
    expect(own.data.logLearningPoint.errors).toEqual([]);
    const [{ n }] = await w.db.dataSource.query(
      'SELECT count(*)::int AS n FROM learning_points WHERE complaint_id = $1',
      [cB.id],
    );
    expect(n).toBe(0);
  });
});

describe('deny by default', () => {
  it('refuses to build a schema with a field that has no rule', async () => {
    // Declared last: it adds a type to this test file's own metadata storage.
    @ObjectType()
    class Rogue {
      @Field()
      secret!: string;
    }
    @Resolver()
    class RogueResolver {
      @Authorized()
      @Query(() => Rogue)
      rogue(): Rogue {
        return { secret: 'x' };
      }
    }
    await buildSchema({ resolvers: [RogueResolver], authChecker: () => true });
    expect(fieldsWithoutRule()).toEqual(['Rogue.secret']);
    await expect(createSchema(createServices())).rejects.toThrow(/missing on: Rogue\.secret/);
  });
});
