/**
 * Retention (SPEC §1.12, §5) against a real PostgreSQL: complaints built through the graph, the clock
 * moved six years on, the service run (and the scheduled job through the queue). Personal data goes
 * from every table, what reports count stays, holds and recent complaints are left alone, a shared
 * complainant goes with their last complaint, and the audit trail still verifies and still catches
 * tampering.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config';
import { verifyAuditTrail } from '../src/services/audit.service';
import { ANONYMISED, COMPLAINANT_DATA, COMPLAINT_DATA, RetentionService } from '../src/services/retention.service';
import { Workers } from '../src/workers';
import { TEST_ENV } from './fixtures/gateway';
import { createWorld, type World } from './fixtures/procedure';
import { waitUntil } from './fixtures/wait';
import { onConnection } from './fixtures/database';

const NOW = new Date('2026-11-04T15:00:00Z'); // the complaints are handled and closed on Wednesday 4 November 2026
const LATER = new Date('2032-11-06T03:00:00Z'); // six years and two days on
/** Every piece of personal text in the test's complaints carries this token, so a leftover shows anywhere. */
const TOKEN = 'Zqx';
let w: World;

beforeAll(async () => {
  w = await createWorld(NOW);
});

afterAll(async () => {
  await w?.stop();
});

const ok = async (query: string, input: Record<string, unknown>, token?: string) => {
  const payload = await w.mutate(query, input, token);
  expect(payload.errors, JSON.stringify(payload.errors)).toEqual([]);
  return payload;
};

const M = {
  record: `mutation ($input: RecordComplaintInput!) { recordComplaint(input: $input) { complaint { id reference complainant { id } } errors { code field message } } }`,
  evidence: `mutation ($input: AddEvidenceInput!) { addEvidence(input: $input) { errors { code field message } } }`,
  note: `mutation ($input: AddComplaintNoteInput!) { addComplaintNote(input: $input) { errors { code field message } } }`,
  safeguarding: `mutation ($input: FlagSafeguardingConcernInput!) { flagSafeguardingConcern(input: $input) { errors { code field message } } }`,
  triage: `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { code field message } } }`,
  assess: `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { courtNotifications { id reason } reportCorrections { id } referrals { id } } errors { code field message } } }`,
  extend: `mutation ($input: ExtendResponseDeadlineInput!) { extendResponseDeadline(input: $input) { errors { code field message } } }`,
  correct: `mutation ($input: RecordReportCorrectionInput!) { recordReportCorrection(input: $input) { errors { code field message } } }`,
  courtSent: `mutation ($input: RecordCourtNotificationSentInput!) { recordCourtNotificationSent(input: $input) { complaint { status } errors { code field message } } }`,
  outcome: `mutation ($input: RecordReferralOutcomeInput!) { recordReferralOutcome(input: $input) { errors { code field message } } }`,
  draft: `mutation ($input: DraftResponseInput!) { draftResponse(input: $input) { errors { code field message } } }`,
  submit: `mutation ($input: SubmitResponseForApprovalInput!) { submitResponseForApproval(input: $input) { errors { code field message } } }`,
  approve: `mutation ($input: ApproveResponseInput!) { approveResponse(input: $input) { errors { code field message } } }`,
  send: `mutation ($input: SendResponseInput!) { sendResponse(input: $input) { complaint { status } errors { code field message } } }`,
  restrict: `mutation ($input: RestrictContactInput!) { restrictContact(input: $input) { errors { code field message } } }`,
  adjust: `mutation ($input: RecordReasonableAdjustmentInput!) { recordReasonableAdjustment(input: $input) { errors { code field message } } }`,
  learning: `mutation ($input: LogLearningPointInput!) { logLearningPoint(input: $input) { learningPoint { id } errors { code field message } } }`,
  withdraw: `mutation ($input: WithdrawComplaintInput!) { withdrawComplaint(input: $input) { complaint { status } errors { code field message } } }`,
  hold: `mutation ($input: SetLegalHoldInput!) { setLegalHold(input: $input) { complaint { legalHold anonymisedAt version } errors { code field message } } }`,
};

/**
 * A complaint with personal text in every place it can go, taken through the whole procedure to
 * CLOSED on NOW: evidence, a safeguarding flag, five aspects and their consequences, an extension,
 * a referral outcome, the provider's side, a sent response, a contact restriction, an adjustment,
 * notifications (one of them a printed letter) and a learning point.
 */
async function closedComplaintWithEverything(n: number) {
  const t = (what: string) => `${TOKEN}${n} ${what}`;
  // A party of the case (the case file, which is the case system's), complaining in their own words.
  const party = await w.f.party(w.kase.id, { firstName: 'Sam', lastName: `Respondent${n}` });
  const { complaint } = await ok(M.record, {
    channel: 'LETTER',
    receivedAt: '2026-11-02T09:00:00Z',
    summary: t('my grandson was not listened to and the adviser was rude'),
    caseId: w.kase.id,
    subjectStaffId: w.practitioner.id,
    complainant: {
      kind: 'ADULT_PARTY',
      partyId: party.id,
      firstName: t('Firstname'),
      lastName: t('Lastname'),
      email: `${TOKEN.toLowerCase()}${n}@example.org`,
      phone: t('07700 900123'),
      address: t('1 High Street, Birmingham'),
      preferredContact: 'EMAIL',
    },
  });
  const id = complaint.id;
  await ok(M.note, { complaintId: id, text: t('rang the grandmother') });
  await ok(M.evidence, {
    complaintId: id,
    kind: 'DOCUMENT',
    description: t('letter from school'),
    source: t('the head teacher'),
  });
  await ok(M.evidence, {
    complaintId: id,
    kind: 'RECORDING',
    description: t('recording of a call'),
    source: t('the complainant'),
    rejected: true,
    rejectionReason: t('recorded covertly'),
  });
  await ok(M.safeguarding, { complaintId: id, concern: t('the child says he is afraid at home') });
  await ok(M.triage, { complaintId: id, outcome: 'ACCEPTED', explanation: t('accepted after a call') });
  const { complaint: assessed } = await ok(M.assess, {
    complaintId: id,
    aspects: [
      {
        category: 'PROFESSIONAL_JUDGEMENT',
        description: t('disagrees with the recommendation'),
        finding: t('reasoning not explained'),
      },
      {
        category: 'FACTUAL_ERROR',
        description: t('the report records missed sessions'),
        courtReportId: w.report.id,
        remedialAction: t('correct paragraph 12'),
      },
      { category: 'CASE_MANAGEMENT', description: t('calls not returned'), remedialAction: t('cover changed') },
      {
        category: 'STAFF_CONDUCT',
        description: t('rude on the phone'),
        staffId: w.practitioner.id,
        seriousness: 'SERIOUS',
        drawToCourt: true,
      },
      { category: 'PROVIDER_ACTIONS', description: t('sessions cancelled'), providerId: w.provider.id },
    ],
  });
  await ok(M.extend, { complaintId: id, newDueOn: '2026-12-07', reason: t('the adviser is ill') });
  await ok(M.correct, {
    reportCorrectionId: assessed.reportCorrections[0].id,
    correction: t('paragraph 12 now records the sessions attended'),
  });
  for (const cn of assessed.courtNotifications.filter((c: any) => c.reason === 'STAFF_CONDUCT'))
    await ok(M.courtSent, { courtNotificationId: cn.id });
  await ok(
    M.outcome,
    {
      referralId: assessed.referrals[0].id,
      outcome: 'FORMAL_INVESTIGATION',
      note: t('investigation under the policy'),
    },
    w.tokens.head,
  );
  // The provider's side (its own mutation is another issue's): what it wrote is personal data too.
  await w.db.dataSource.query(
    `UPDATE provider_engagements SET provider_response = $2, responded_at = $3 WHERE complaint_id = $1`,
    [id, t('we cancelled because of staff illness'), NOW],
  );
  await ok(M.draft, {
    complaintId: id,
    understanding: t('you told us'),
    desiredRemedy: t('an apology'),
    assessmentOutcome: t('we found'),
    steps: t('we will'),
  });
  await ok(M.submit, { complaintId: id });
  await ok(M.approve, { complaintId: id }, w.tokens.head);
  await ok(M.send, { complaintId: id });
  for (const cn of assessed.courtNotifications.filter((c: any) => c.reason === 'PROFESSIONAL_JUDGEMENT'))
    await ok(M.courtSent, { courtNotificationId: cn.id });
  await ok(
    M.restrict,
    {
      complainantId: complaint.complainant.id,
      restriction: t('letters only'),
      reason: t('abusive calls'),
      reviewOn: '2027-05-03',
    },
    w.tokens.manager,
  );
  await ok(M.adjust, { complainantId: complaint.complainant.id, adjustment: t('large print') });
  // The learning log is the organisation's: its lesson is written without personal data and stays.
  await ok(M.learning, {
    complaintId: id,
    kind: 'LEARNING_POINT',
    description: 'Return calls within two working days',
    ownerId: w.lineManager.id,
    dueOn: '2027-01-29',
  });
  // One message went as a printed letter, still waiting for the post room.
  const letterDir = w.gw.config.notifications.letterDir;
  await mkdir(letterDir, { recursive: true });
  const [{ id: letterId }] = await w.db.dataSource.query(
    `SELECT id FROM notifications WHERE complaint_id = $1 ORDER BY created_at LIMIT 1`,
    [id],
  );
  const letterFile = path.join(letterDir, `${letterId}.html`);
  await writeFile(letterFile, `<p>Dear ${t('Firstname')}</p>`);
  await w.db.dataSource.query(
    `UPDATE notifications SET channel = 'POST', status = 'AWAITING_POST', letter_file = $2 WHERE id = $1`,
    [letterId, letterFile],
  );
  const [{ status }] = await w.db.dataSource.query(`SELECT status FROM complaints WHERE id = $1`, [id]);
  expect(status).toBe('CLOSED');
  return {
    id,
    reference: complaint.reference as string,
    complainantId: complaint.complainant.id as string,
    letterFile,
  };
}

/** A complaint of the world's party withdrawn on NOW (closed, with little in it). */
async function withdrawn(summary: string, complainant?: Record<string, unknown>) {
  const { complaint } = await ok(M.record, {
    channel: 'EMAIL',
    receivedAt: '2026-11-02T09:00:00Z',
    summary,
    caseId: w.kase.id,
    complainant: complainant ?? { kind: 'ADULT_PARTY', firstName: 'Alex', lastName: 'Applicant', partyId: w.party.id },
  });
  await ok(M.withdraw, { complaintId: complaint.id, reason: `${summary}: withdrawn` });
  return complaint as { id: string; reference: string; complainant: { id: string } };
}

/** Tables (and how many rows) where any column of any row contains `token`. */
async function tablesContaining(token: string): Promise<Record<string, number>> {
  // As the owner: the application role cannot even see the tables kept out of its reach (complaint_search).
  return owner(async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'`,
    );
    const found: Record<string, number> = {};
    for (const { name } of tables) {
      const [schema, table] = name.split('.');
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}"."${table}" x WHERE x::text ILIKE $1`,
        [`%${token}%`],
      );
      if (rows[0].n) found[table] = rows[0].n;
    }
    return found;
  });
}

/** What reports count about a complaint: everything but the personal data. */
async function countedFacts(id: string) {
  const [facts] = await w.db.dataSource.query(
    `SELECT c.reference, c.status, c.channel, c.triage_outcome, c.received_at, c.cst_due_on, c.response_due_on, c.original_response_due_on,
            c.due_reason, c.triaged_at, c.responded_at, c.closed_at, c.safeguarding_flagged_at, c.case_id, c.service_area_id,
            c.subject_staff_id, c.assignee_id, c.version, cm.kind AS complainant_kind,
       (SELECT json_agg(json_build_object('category', category, 'seriousness', seriousness, 'level', referral_level, 'staff', staff_id,
               'provider', provider_id, 'report', court_report_id, 'drawToCourt', draw_to_court) ORDER BY position) FROM complaint_aspects WHERE complaint_id = c.id) AS aspects,
       (SELECT json_agg(json_build_object('level', level, 'outcome', outcome, 'hr', sent_to_hr, 'at', referred_at, 'staff', staff_id)) FROM referrals WHERE complaint_id = c.id) AS referrals,
       (SELECT json_agg(json_build_object('kind', kind, 'rejected', rejected, 'at', received_at) ORDER BY received_at, kind) FROM evidence WHERE complaint_id = c.id) AS evidence,
       (SELECT json_agg(json_build_object('status', status, 'sentAt', sent_at, 'joint', joint, 'approver', approver_id)) FROM responses WHERE complaint_id = c.id) AS responses,
       (SELECT json_agg(json_build_object('reason', reason, 'dueOn', due_on, 'sentAt', sent_at, 'court', court_id) ORDER BY reason) FROM court_notifications WHERE complaint_id = c.id) AS court_notifications,
       (SELECT json_agg(json_build_object('dueOn', due_on, 'at', corrected_at)) FROM report_corrections WHERE complaint_id = c.id) AS corrections,
       (SELECT json_agg(json_build_object('from', previous_due_on, 'to', new_due_on)) FROM deadline_extensions WHERE complaint_id = c.id) AS extensions,
       (SELECT json_agg(json_build_object('provider', provider_id, 'dueOn', due_on, 'at', responded_at)) FROM provider_engagements WHERE complaint_id = c.id) AS engagements,
       (SELECT json_agg(json_build_object('template', template, 'kind', recipient_kind, 'recipient', recipient_id, 'channel', channel, 'key', idempotency_key) ORDER BY idempotency_key)
          FROM notifications WHERE complaint_id = c.id) AS notifications,
       (SELECT json_agg(json_build_object('kind', kind, 'description', description)) FROM learning_points WHERE complaint_id = c.id) AS learning_points,
       (SELECT count(*)::int FROM contact_restrictions WHERE complainant_id = c.complainant_id) AS restrictions,
       (SELECT count(*)::int FROM reasonable_adjustments WHERE complainant_id = c.complainant_id) AS adjustments,
       (SELECT count(*)::int FROM audit_events WHERE complaint_id = c.id) AS audit_events
     FROM complaints c JOIN complainants cm ON cm.id = c.complainant_id WHERE c.id = $1`,
    [id],
  );
  return facts;
}

/** A fingerprint of every table, to show that a run changed nothing. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables: { name: string }[] = await w.db.dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [{ digest }] = await w.db.dataSource.query(
      `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM "${name}" x`,
    );
    out[name] = digest;
  }
  return out;
}

const retention = () => new RetentionService(w.gw.services.audit, w.db.dataSource, w.gw.config);

async function complaintRow(id: string) {
  const [row] = await w.db.dataSource.query(
    `SELECT summary, withdrawal_reason AS "withdrawalReason", anonymised_at AS "anonymisedAt" FROM complaints WHERE id = $1`,
    [id],
  );
  return row;
}

async function complainantRow(id: string) {
  const [row] = await w.db.dataSource.query(
    `SELECT first_name AS "firstName", last_name AS "lastName", party_id AS "partyId" FROM complainants WHERE id = $1`,
    [id],
  );
  return row;
}

function owner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return onConnection(w.db.ownerUrl, work);
}

describe('anonymising a closed complaint', () => {
  it('replaces the personal data everywhere, keeps what reports count, redacts the audit trail and writes one event', async () => {
    const c = await closedComplaintWithEverything(1);
    const before = await tablesContaining(`${TOKEN}1`);
    // The personal data really is spread over all these tables before the run.
    expect(Object.keys(before).sort()).toEqual([
      'audit_events',
      'complainants',
      'complaint_aspects',
      'complaint_notes',
      'complaint_search',
      'complaint_search_vocabulary',
      'complaints',
      'contact_restrictions',
      'deadline_extensions',
      'evidence',
      'notifications',
      'provider_engagements',
      'reasonable_adjustments',
      'referrals',
      'report_corrections',
      'responses',
    ]);
    const facts = await countedFacts(c.id);

    // Six years to the day after closure it is still kept; the day after, it goes.
    const early = await retention().run({ now: () => new Date('2032-11-04T12:00:00Z') });
    expect(early.anonymised.map((a) => a.complaintId)).not.toContain(c.id);
    expect(early.kept).toContainEqual({ complaintId: c.id, reference: c.reference, reason: 'RETAINED' });
    expect(await tablesContaining(`${TOKEN}1`)).toEqual(before);

    const run = await retention().run({ now: () => LATER });
    expect(run.failed).toEqual([]);
    expect(run.anonymised).toContainEqual({
      complaintId: c.id,
      reference: c.reference,
      closedOn: '2026-11-04',
      complainantAnonymised: true,
    });

    expect(await tablesContaining(TOKEN)).toEqual({});
    expect(existsSync(c.letterFile)).toBe(false);
    const after = await countedFacts(c.id);
    expect({ ...after, audit_events: undefined }).toEqual({ ...facts, audit_events: undefined });
    expect(after.audit_events).toBe(facts.audit_events + 1);
    expect(after.learning_points).toEqual([
      { kind: 'LEARNING_POINT', description: 'Return calls within two working days' },
    ]);

    const [complaint] = await w.db.dataSource.query(
      `SELECT summary, triage_note, safeguarding_note, anonymised_at FROM complaints WHERE id = $1`,
      [c.id],
    );
    expect(complaint).toEqual({
      summary: ANONYMISED,
      triage_note: null,
      safeguarding_note: null,
      anonymised_at: LATER,
    });
    const [person] = await w.db.dataSource.query(
      `SELECT kind, first_name, last_name, email, phone, address, party_id, preferred_contact FROM complainants WHERE id = $1`,
      [c.complainantId],
    );
    expect(person).toEqual({
      kind: 'ADULT_PARTY',
      first_name: ANONYMISED,
      last_name: ANONYMISED,
      email: null,
      phone: null,
      address: null,
      party_id: null,
      preferred_contact: null,
    });
    const messages = await w.db.dataSource.query(
      `SELECT recipient_address, payload, status, letter_file FROM notifications WHERE complaint_id = $1`,
      [c.id],
    );
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      expect(m).toMatchObject({ recipient_address: ANONYMISED, letter_file: null });
      expect(Object.keys(m.payload)).toEqual(['effect']);
      // Nothing is left to send with the address and content gone.
      expect(['SENT', 'FAILED']).toContain(m.status);
    }

    // Through the graph: the complaint is still there, with its shape and without its content.
    const read = await w.gw.query(
      `query ($id: ID) { complaint(id: $id) { reference status summary complainant { kind firstName email } aspects { category description finding }
        responses { status understanding } auditTrail { action actorId actorRole change } } }`,
      { id: c.id },
      w.tokens.manager,
    );
    expect(read.errors).toBeUndefined();
    const seen = read.data.complaint;
    expect(seen).toMatchObject({
      reference: c.reference,
      status: 'CLOSED',
      summary: ANONYMISED,
      complainant: { kind: 'ADULT_PARTY', firstName: ANONYMISED, email: null },
    });
    expect(seen.aspects.map((a: any) => [a.category, a.description, a.finding])).toEqual([
      ['PROFESSIONAL_JUDGEMENT', ANONYMISED, null],
      ['FACTUAL_ERROR', ANONYMISED, null],
      ['CASE_MANAGEMENT', ANONYMISED, null],
      ['STAFF_CONDUCT', ANONYMISED, null],
      ['PROVIDER_ACTIONS', ANONYMISED, null],
    ]);
    expect(seen.responses).toEqual([{ status: 'SENT', understanding: ANONYMISED }]);
    const trail = seen.auditTrail as { action: string; actorId: string; actorRole: string | null; change: any }[];
    expect(trail.slice(0, -1).every((e) => e.change === null)).toBe(true);
    expect(trail.slice(0, -1).map((e) => e.action)).toContain('complaint.recorded');
    const last = trail[trail.length - 1];
    expect(last).toMatchObject({ action: 'complaint.anonymised', actorId: 'system', actorRole: null });
    expect(last.change).toMatchObject({
      anonymisedAt: { from: null, to: LATER.toISOString() },
      closedOn: '2026-11-04',
      retainedUntil: '2032-11-04',
      retentionYears: 6,
      complainant: 'anonymised',
      redactedEvents: trail.length - 1,
      rows: expect.objectContaining({
        evidence: 2,
        complaint_aspects: 5,
        responses: 1,
        complainants: 1,
        contact_restrictions: 1,
        reasonable_adjustments: 1,
      }),
    });
    expect((await verifyAuditTrail(w.db.dataSource.manager)).broken).toEqual([]);
  });

  it('changes nothing and audits nothing when run again (and a dry run changes nothing either)', async () => {
    const c = await withdrawn(`${TOKEN}2 withdrawn complaint`, {
      kind: 'PROFESSIONAL',
      firstName: `${TOKEN}2 Dr`,
      lastName: `${TOKEN}2 Who`,
      organisation: `${TOKEN}2 Surgery`,
    });
    const untouched = await fingerprint();
    const dry = await retention().run({ now: () => LATER, dryRun: true });
    expect(dry.anonymised).toContainEqual({
      complaintId: c.id,
      reference: c.reference,
      closedOn: '2026-11-04',
      complainantAnonymised: true,
    });
    expect(await fingerprint()).toEqual(untouched);

    const first = await retention().run({ now: () => LATER });
    expect(first.anonymised.map((a) => a.complaintId)).toContain(c.id);
    expect(await tablesContaining(`${TOKEN}2`)).toEqual({});
    const done = await fingerprint();
    const again = await retention().run({ now: () => new Date(LATER.getTime() + 86_400_000) });
    expect(again).toMatchObject({ anonymised: [], failed: [] });
    expect(await fingerprint()).toEqual(done);
    // Nothing writes new personal data to an anonymised complaint.
    const { errors } = await w.mutate(
      `mutation ($input: EscalateToOmbudsmanInput!) { escalateToOmbudsman(input: $input) { errors { code field message } } }`,
      { complaintId: c.id, mpName: 'A Member', referredOn: '2026-11-10' },
      w.tokens.manager,
    );
    expect(errors).toEqual([
      { code: 'CONFLICT', field: 'input.complaintId', message: expect.stringContaining('was anonymised') },
    ]);
    expect(await fingerprint()).toEqual(done);
  });

  it('leaves complaints under a legal hold, closed too recently, still open, or with the ombudsman, alone', async () => {
    const held = await withdrawn('Held for the litigation');
    const hold = { complaintId: held.id, legalHold: true, reason: 'Litigation about the contact arrangements' };
    const byOfficer = await w.gw.query(M.hold, { input: hold }, w.tokens.officer);
    expect(byOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await ok(M.hold, hold, w.tokens.manager)).complaint).toMatchObject({ legalHold: true, anonymisedAt: null });
    const holdEvents = `SELECT action, change FROM audit_events WHERE complaint_id = $1 AND action LIKE 'complaint.legal-hold-%' ORDER BY sequence`;
    expect(await w.db.dataSource.query(holdEvents, [held.id])).toEqual([
      { action: 'complaint.legal-hold-placed', change: { legalHold: { from: false, to: true }, reason: hold.reason } },
    ]);
    // Placing it again changes and audits nothing.
    await ok(M.hold, hold, w.tokens.manager);
    expect(await w.db.dataSource.query(holdEvents, [held.id])).toHaveLength(1);
    const recent = await withdrawn('Closed only five years before');
    await w.db.dataSource.query(`UPDATE complaints SET withdrawn_at = '2027-11-10T10:00:00Z' WHERE id = $1`, [
      recent.id,
    ]);
    const open = await w.recordAdult({ summary: 'Still waiting for triage' });
    const escalated = await withdrawn('Escalated, no outcome yet');
    // An escalated complaint counts from its escalation's outcome; without one it is still open.
    await w.db.dataSource.query(`UPDATE complaints SET status = 'ESCALATED_TO_OMBUDSMAN' WHERE id = $1`, [
      escalated.id,
    ]);
    await w.db.dataSource.query(
      `INSERT INTO ombudsman_escalations (complaint_id, mp_name, referred_on) VALUES ($1, 'Sam Member MP', '2026-11-04')`,
      [escalated.id],
    );
    const before = await Promise.all([held, recent, open, escalated].map((c) => complaintRow(c.id)));
    const events = await Promise.all([held, recent, open, escalated].map((c) => countedFacts(c.id)));

    const run = await retention().run({ now: () => LATER });
    expect(run.failed).toEqual([]);
    const kept = Object.fromEntries(run.kept.map((k) => [k.complaintId, k.reason]));
    expect(kept[escalated.id]).toBe('OMBUDSMAN_OPEN');
    // Held, recent and open complaints are not even selected.
    expect([kept[held.id], kept[recent.id], kept[open.id]]).toEqual([undefined, undefined, undefined]);
    const anonymised = run.anonymised.map((a) => a.complaintId);
    for (const c of [held, recent, open, escalated]) expect(anonymised).not.toContain(c.id);
    expect(await Promise.all([held, recent, open, escalated].map((c) => complaintRow(c.id)))).toEqual(before);
    expect(await Promise.all([held, recent, open, escalated].map((c) => countedFacts(c.id)))).toEqual(events);

    // Lifting the hold lets the next run take it; after that there is nothing left to hold.
    await ok(M.hold, { ...hold, legalHold: false, reason: 'Litigation settled' }, w.tokens.manager);
    const next = await retention().run({ now: () => LATER });
    expect(next.anonymised.map((a) => a.complaintId)).toContain(held.id);
    expect(await complaintRow(held.id)).toEqual({ summary: ANONYMISED, withdrawalReason: null, anonymisedAt: LATER });
    const late = await w.mutate(M.hold, hold, w.tokens.manager);
    expect(late.errors).toEqual([
      { code: 'CONFLICT', field: 'input.complaintId', message: expect.stringMatching(/anonymised on 2032-11-06/) },
    ]);
  });

  it('anonymises a complainant shared by several complaints only with the last of them', async () => {
    const party = await w.f.party(w.kase.id, { firstName: `${TOKEN}3 Pat`, lastName: `${TOKEN}3 Parent` });
    const person = {
      kind: 'ADULT_PARTY',
      firstName: `${TOKEN}3 Pat`,
      lastName: `${TOKEN}3 Parent`,
      partyId: party.id,
      email: 'pat3@example.org',
    };
    const first = await withdrawn(`${TOKEN}3 first complaint`, person);
    const second = (
      await ok(M.record, {
        channel: 'PHONE',
        receivedAt: '2026-11-03T09:00:00Z',
        summary: `${TOKEN}3 second complaint`,
        caseId: w.kase.id,
        complainant: person,
      })
    ).complaint;
    expect(second.complainant.id).toBe(first.complainant.id); // matched through the party

    const run = await retention().run({ now: () => LATER });
    expect(run.anonymised).toContainEqual({
      complaintId: first.id,
      reference: first.reference,
      closedOn: '2026-11-04',
      complainantAnonymised: false,
    });
    expect((await complaintRow(first.id)).summary).toBe(ANONYMISED);
    expect(await complainantRow(first.complainant.id)).toEqual({
      firstName: `${TOKEN}3 Pat`,
      lastName: `${TOKEN}3 Parent`,
      partyId: party.id,
    });
    const [event] = await w.db.dataSource.query(
      `SELECT change FROM audit_events WHERE complaint_id = $1 AND action = 'complaint.anonymised'`,
      [first.id],
    );
    expect(event.change.complainant).toMatch(/^kept/);

    // The second one closes and, six years on, goes with the complainant.
    await ok(M.withdraw, { complaintId: second.id, reason: `${TOKEN}3 no longer needed` });
    const later = await retention().run({ now: () => LATER });
    expect(later.anonymised).toEqual([
      { complaintId: second.id, reference: second.reference, closedOn: '2026-11-04', complainantAnonymised: true },
    ]);
    expect(await complainantRow(first.complainant.id)).toEqual({
      firstName: ANONYMISED,
      lastName: ANONYMISED,
      partyId: null,
    });
    // The case file is the case system's: the party itself is not the complainant's record.
    const [p] = await w.db.dataSource.query(`SELECT first_name FROM parties WHERE id = $1`, [party.id]);
    expect(p.first_name).toBe(`${TOKEN}3 Pat`);
    const left = await tablesContaining(`${TOKEN}3`);
    // And what a search finds the case's complaints by mirrors the case file: the party's name, on each of them,
    // and its word among the words of names (one row: names that look like a search are found through them).
    const [{ n: onCase }] = await w.db.dataSource.query(
      'SELECT count(*)::int AS n FROM complaints WHERE case_id = $1',
      [w.kase.id],
    );
    expect(left).toEqual({ parties: 1, complaint_search: onCase, complaint_search_vocabulary: 1 });
  });

  it('classifies every text column of every table a complaint or complainant owns as anonymised or kept', () => {
    const rules = new Map([...COMPLAINT_DATA, ...COMPLAINANT_DATA].map((a) => [a.table, a]));
    const owned = w.db.dataSource.entityMetadatas.filter(
      (m) =>
        ['complaints', 'complainants', 'ombudsman_recommendations'].includes(m.tableName) ||
        m.columns.some((c) => c.databaseName === 'complaint_id' || c.databaseName === 'complainant_id'),
    );
    const unclassified: string[] = [];
    for (const m of owned) {
      if (m.tableName === 'audit_events') continue; // redacted as a whole, keeping the digest
      const rule = rules.get(m.tableName);
      for (const column of m.columns) {
        const text =
          ['text', 'varchar', 'character varying', 'jsonb', 'json'].includes(String(column.type)) || column.isArray;
        if (!text) continue;
        if (!rule || !(column.databaseName in rule.set || column.databaseName in rule.keep))
          unclassified.push(`${m.tableName}.${column.databaseName}`);
      }
    }
    expect(unclassified).toEqual([]);
  });
});

describe('the audit trail after anonymisation', () => {
  it('still verifies, and still detects an edited, forged, reordered or deleted event', async () => {
    const a = await withdrawn(`${TOKEN}4 audit a`, { kind: 'PROFESSIONAL', firstName: 'A', lastName: `${TOKEN}4 A` });
    const b = await withdrawn(`${TOKEN}4 audit b`, { kind: 'PROFESSIONAL', firstName: 'B', lastName: `${TOKEN}4 B` });
    await retention().run({ now: () => LATER });
    const chain = async (id: string) =>
      w.db.dataSource.query(
        `SELECT sequence, action, change, redacted_at FROM audit_events WHERE complaint_id = $1 ORDER BY sequence`,
        [id],
      );
    const trail = await chain(a.id);
    expect(trail.map((e: any) => [e.action, e.change === null, e.redacted_at !== null])).toEqual([
      ['complaint.recorded', true, true],
      ['complaint.withdrawn', true, true],
      ['complaint.anonymised', false, false],
    ]);
    expect((await verifyAuditTrail(w.db.dataSource.manager)).broken).toEqual([]);

    // The application role may redact, and nothing else: not the metadata, not a deletion.
    await expect(
      w.db.dataSource.query(`UPDATE audit_events SET action = 'x' WHERE complaint_id = $1`, [a.id]),
    ).rejects.toThrow(/permission denied/);
    await expect(w.db.dataSource.query(`DELETE FROM audit_events WHERE complaint_id = $1`, [a.id])).rejects.toThrow(
      /permission denied/,
    );

    const broken = async () => (await verifyAuditTrail(w.db.dataSource.manager)).broken;
    const keyA = `complaint:${a.id}`;
    const keyB = `complaint:${b.id}`;
    // Content slipped into a redacted event: the digest does not vouch for it.
    await owner((c) =>
      c.query(`UPDATE audit_events SET change = '{"summary": "forged"}' WHERE chain_key = $1 AND sequence = 1`, [keyA]),
    );
    expect(await broken()).toEqual([
      { chainKey: keyA, sequence: 1, reason: 'a redacted event still carries a change' },
    ]);
    // Un-redacting with other content.
    await owner((c) =>
      c.query(`UPDATE audit_events SET redacted_at = NULL WHERE chain_key = $1 AND sequence = 1`, [keyA]),
    );
    expect(await broken()).toEqual([{ chainKey: keyA, sequence: 1, reason: 'the change does not match its digest' }]);
    await owner((c) =>
      c.query(`UPDATE audit_events SET change = NULL, redacted_at = now() WHERE chain_key = $1 AND sequence = 1`, [
        keyA,
      ]),
    );
    expect(await broken()).toEqual([]);
    // An edited redacted event (its metadata), an edited anonymisation event, a reorder and a deletion.
    await owner((c) =>
      c.query(`UPDATE audit_events SET action = 'complaint.acknowledged' WHERE chain_key = $1 AND sequence = 2`, [
        keyA,
      ]),
    );
    expect(await broken()).toEqual([{ chainKey: keyA, sequence: 2, reason: 'the hash does not match the event' }]);
    await owner((c) =>
      c.query(`UPDATE audit_events SET action = 'complaint.withdrawn' WHERE chain_key = $1 AND sequence = 2`, [keyA]),
    );
    await owner((c) =>
      c.query(
        `UPDATE audit_events SET change = jsonb_set(change, '{retentionYears}', '1') WHERE chain_key = $1 AND sequence = 3`,
        [keyB],
      ),
    );
    expect(await broken()).toEqual([{ chainKey: keyB, sequence: 3, reason: 'the change does not match its digest' }]);
    await owner((c) =>
      c.query(
        `UPDATE audit_events SET change = jsonb_set(change, '{retentionYears}', '6') WHERE chain_key = $1 AND sequence = 3`,
        [keyB],
      ),
    );
    expect(await broken()).toEqual([]);
    await owner(async (c) => {
      await c.query(`UPDATE audit_events SET sequence = -1 WHERE chain_key = $1 AND sequence = 1`, [keyB]);
      await c.query(`UPDATE audit_events SET sequence = 1 WHERE chain_key = $1 AND sequence = 2`, [keyB]);
      await c.query(`UPDATE audit_events SET sequence = 2 WHERE chain_key = $1 AND sequence = -1`, [keyB]);
    });
    expect((await broken())[0]).toMatchObject({ chainKey: keyB, sequence: 1 });
    await owner((c) => c.query(`DELETE FROM audit_events WHERE chain_key = $1 AND sequence = 2`, [keyA]));
    expect((await broken()).find((x) => x.chainKey === keyA)).toEqual({
      chainKey: keyA,
      sequence: 3,
      reason: expect.stringMatching(/missing or out of order/),
    });
  });
});

describe('the scheduled job', () => {
  it('is scheduled in pg-boss (Europe/London) and runs through the queue', async () => {
    const c = await withdrawn(`${TOKEN}5 scheduled`, {
      kind: 'PROFESSIONAL',
      firstName: 'Cron',
      lastName: `${TOKEN}5 Job`,
    });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'retention-worker-'));
    // Every minute, so that the test need not wait for 02:30.
    const config = readConfig({ ...TEST_ENV, DATA_DIR: dataDir, WORKERS: 'on', RETENTION_SCHEDULE: '* * * * *' });
    const workers = new Workers({
      services: w.gw.services,
      dataSource: w.db.dataSource,
      appUrl: w.db.appUrl,
      config,
      logger: pino({ level: 'silent' }),
      now: () => LATER,
    });
    await workers.start();
    try {
      const [schedule] = await w.db.dataSource.query(
        `SELECT cron, timezone FROM pgboss.schedule WHERE name = 'complaint-retention'`,
      );
      expect(schedule).toEqual({ cron: '* * * * *', timezone: 'Europe/London' });
      await waitUntil(
        'the scheduled retention job to anonymise the complaint',
        () => complaintRow(c.id),
        (row) => row.anonymisedAt !== null,
        { intervalMs: 250 },
      );
      expect(await complaintRow(c.id)).toEqual({ summary: ANONYMISED, withdrawalReason: null, anonymisedAt: LATER });
      const jobs = await w.db.dataSource.query(`SELECT state FROM pgboss.job WHERE name = 'complaint-retention'`);
      expect(jobs.length).toBeGreaterThanOrEqual(1);
    } finally {
      await workers.stop(2_000);
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('is configured by RETENTION_YEARS and RETENTION_SCHEDULE, refused in one line when invalid', () => {
    expect(readConfig({ ...TEST_ENV }).retention).toEqual({ years: 6, schedule: '30 2 * * *' });
    expect(readConfig({ ...TEST_ENV, RETENTION_SCHEDULE: 'off', RETENTION_YEARS: '7' }).retention).toEqual({
      years: 7,
      schedule: null,
    });
    for (const good of ['* * * * *', '*/5 0-6 1,15 * 1-5', '0 0 31 12 7', '5/2 * * * *'])
      expect(readConfig({ ...TEST_ENV, RETENTION_SCHEDULE: good }).retention.schedule).toBe(good);
    expect(() => readConfig({ ...TEST_ENV, RETENTION_YEARS: '0' })).toThrow(
      'RETENTION_YEARS must be an integer from 1 to 100, got "0"',
    );
    for (const bad of [
      'daily',
      '30 2 * *',
      '99 2 * * *',
      '30 2 * * 8',
      '*/0 * * * *',
      '1-2-3 * * * *',
      '30 2 * * * *',
    ]) {
      expect(() => readConfig({ ...TEST_ENV, RETENTION_SCHEDULE: bad }), bad).toThrow(
        `RETENTION_SCHEDULE must be a cron expression (minute hour day month weekday, e.g. "30 2 * * *") or off, got "${bad}"`,
      );
    }
  });
});
