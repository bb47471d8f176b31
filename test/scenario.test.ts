/**
 * The procedure end to end, through the graph only: one adult complaint with all five aspect
 * categories and one child's complaint, from intake to the ombudsman's outcome, checking every
 * consequence, deadline and audit entry on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { verifyChain, type StoredEvent } from '../src/domain/audit-chain';
import { verifyAuditTrail } from '../src/services/audit.service';
import type { Court } from '../src/entities';
import { createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-04T15:00:00Z'); // Wednesday 4 November 2026
let w: World;
let coventry: Court;

const STATE = `
  id reference status version cstDueOn acknowledgementDueOn childContactDueOn responseDueOn originalResponseDueOn dueReason nextDueOn
  owner { lastName } closedAt
  aspects { id category }
  courtNotifications { id reason dueOn sentAt court { name } }
  reportCorrections { id dueOn correctedAt }
  referrals { id level sentToHr recipient { lastName } copiedLineManager { lastName } }
  providerEngagements { dueOn provider { name } }
  responses { status draftedBy { lastName } approver { lastName } sentAt }
  ombudsmanEscalations { id outcome recommendations { id dueOn completedOn } }
`;
const M = {
  record: `mutation ($input: RecordComplaintInput!) { recordComplaint(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  acknowledge: `mutation ($input: AcknowledgeComplaintInput!) { acknowledgeComplaint(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  triage: `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  contact: `mutation ($input: RecordChildContactInput!) { recordChildContact(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  assess: `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  correct: `mutation ($input: RecordReportCorrectionInput!) { recordReportCorrection(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  courtSent: `mutation ($input: RecordCourtNotificationSentInput!) { recordCourtNotificationSent(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  outcome: `mutation ($input: RecordReferralOutcomeInput!) { recordReferralOutcome(input: $input) { referral { outcome } errors { code field message } } }`,
  draft: `mutation ($input: DraftResponseInput!) { draftResponse(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  submit: `mutation ($input: SubmitResponseForApprovalInput!) { submitResponseForApproval(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  approve: `mutation ($input: ApproveResponseInput!) { approveResponse(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  send: `mutation ($input: SendResponseInput!) { sendResponse(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  escalate: `mutation ($input: EscalateToOmbudsmanInput!) { escalateToOmbudsman(input: $input) { complaint { ${STATE} } escalation { id } errors { code field message } userWarnings { code message } } }`,
  ombudsman: `mutation ($input: RecordOmbudsmanOutcomeInput!) { recordOmbudsmanOutcome(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
  comply: `mutation ($input: RecordRecommendationComplianceInput!) { recordRecommendationCompliance(input: $input) { complaint { ${STATE} } errors { code field message } } }`,
};

/** Runs a step and returns the complaint, insisting there were no errors. */
async function step(name: keyof typeof M, input: Record<string, unknown>, token?: string) {
  const payload = await w.mutate(M[name], input, token);
  expect(payload.errors, `${name}: ${JSON.stringify(payload.errors)}`).toEqual([]);
  return payload.complaint;
}

async function auditTrail(id: string) {
  const result = await w.gw.query(
    `query ($id: ID) { complaint(id: $id) { auditTrail { action actorRole entityType change } } }`,
    { id },
    w.tokens.manager,
  );
  expect(result.errors).toBeUndefined();
  return result.data.complaint.auditTrail as {
    action: string;
    actorRole: string | null;
    entityType: string;
    change: any;
  }[];
}

async function chainOf(complaintId: string): Promise<StoredEvent[]> {
  return w.db.dataSource.query(
    `SELECT id, chain_key AS "chainKey", sequence, actor_id AS "actorId", actor_role AS "actorRole", action, entity_type AS "entityType",
            entity_id AS "entityId", occurred_at AS "occurredAt", change, change_digest AS "changeDigest", previous_hash AS "previousHash", hash
     FROM audit_events WHERE chain_key = $1 ORDER BY sequence`,
    [`complaint:${complaintId}`],
  );
}

beforeAll(async () => {
  w = await createWorld(NOW);
  coventry = await w.f.court({ name: 'Family Court at Coventry' });
  // The next hearing is listed at another court on Friday 27 November.
  await w.f.hearing(w.kase.id, coventry.id, { startsAt: new Date('2026-11-27T10:00:00Z') });
});

afterAll(async () => {
  await w?.stop();
});

describe('scenario', () => {
  it('takes an adult complaint with all five aspect categories from intake to the ombudsman', async () => {
    // Intake, Monday 2 November: hand-off due Tuesday, acknowledgement Thursday, response 5 working days before the hearing.
    let c = await step('record', {
      channel: 'LETTER',
      receivedAt: '2026-11-02T09:00:00Z',
      cstReceivedAt: '2026-11-02T14:00:00Z',
      summary: 'The report says I missed two sessions; the adviser was rude; the centre cancelled sessions.',
      caseId: w.kase.id,
      subjectStaffId: w.practitioner.id,
      complainant: {
        kind: 'ADULT_PARTY',
        firstName: 'Alex',
        lastName: 'Applicant',
        partyId: w.party.id,
        email: 'alex@example.org',
      },
    });
    expect(c).toMatchObject({
      reference: 'CMP-2026-000001',
      status: 'RECEIVED',
      cstDueOn: '2026-11-03',
      acknowledgementDueOn: '2026-11-05',
      responseDueOn: '2026-11-20',
      originalResponseDueOn: '2026-11-20',
      dueReason: 'BEFORE_HEARING',
      nextDueOn: '2026-11-05',
    });
    c = await step('acknowledge', { complaintId: c.id, expectedVersion: 1, acknowledgedAt: '2026-11-03T10:00:00Z' });
    expect(c.nextDueOn).toBe('2026-11-20');
    c = await step('triage', { complaintId: c.id, expectedVersion: 2, outcome: 'ACCEPTED' });
    expect(c.status).toBe('ACCEPTED');

    // Assessment: every category, with its consequences.
    c = await step('assess', {
      complaintId: c.id,
      expectedVersion: 3,
      aspects: [
        {
          category: 'PROFESSIONAL_JUDGEMENT',
          description: 'Disagrees with the recommendation for supervised contact',
          finding: 'Reasoning not explained',
        },
        {
          category: 'FACTUAL_ERROR',
          description: 'The report records two missed sessions',
          courtReportId: w.report.id,
          remedialAction: 'Correct paragraph 12',
        },
        {
          category: 'CASE_MANAGEMENT',
          description: 'Calls not returned for three weeks',
          remedialAction: 'Cover arrangements changed',
        },
        {
          category: 'STAFF_CONDUCT',
          description: 'Rude on the phone',
          staffId: w.practitioner.id,
          seriousness: 'SERIOUS',
          drawToCourt: true,
        },
        { category: 'PROVIDER_ACTIONS', description: 'Sessions cancelled without notice', providerId: w.provider.id },
      ],
    });
    expect(c.status).toBe('ASSESSED');
    expect(c.aspects.map((a: any) => a.category)).toEqual([
      'PROFESSIONAL_JUDGEMENT',
      'FACTUAL_ERROR',
      'CASE_MANAGEMENT',
      'STAFF_CONDUCT',
      'PROVIDER_ACTIONS',
    ]);
    expect(c.courtNotifications.map((n: any) => [n.reason, n.court.name, n.dueOn])).toEqual([
      ['PROFESSIONAL_JUDGEMENT', 'Family Court at Coventry', '2026-11-26'],
      ['STAFF_CONDUCT', 'Family Court at Coventry', '2026-11-26'],
    ]);
    expect(c.reportCorrections.map((r: any) => r.dueOn)).toEqual(['2026-11-26']);
    expect(
      c.referrals.map((r: any) => [r.level, r.recipient.lastName, r.copiedLineManager.lastName, r.sentToHr]),
    ).toEqual([['SENIOR_MANAGER', 'Head', 'Manager', true]]);
    expect(c.providerEngagements).toEqual([{ dueOn: '2026-11-11', provider: { name: 'Brightpath Contact Centre' } }]);
    expect(c.nextDueOn).toBe('2026-11-20');

    // Before the hearing: the report is corrected and the conduct drawn to the court's attention.
    c = await step('correct', {
      reportCorrectionId: c.reportCorrections[0].id,
      correction: 'Paragraph 12 now records that both sessions were attended.',
    });
    const conduct = c.courtNotifications.find((n: any) => n.reason === 'STAFF_CONDUCT');
    c = await step('courtSent', { courtNotificationId: conduct.id });
    const outcome = await w.mutate(
      M.outcome,
      { referralId: c.referrals[0].id, outcome: 'FORMAL_INVESTIGATION', note: 'Under the Employee Relations Policy' },
      w.tokens.head,
    );
    expect(outcome.referral.outcome).toBe('FORMAL_INVESTIGATION');

    // The response: drafted by the CST, approved by a senior manager not complained about, sent.
    c = await step('draft', {
      complaintId: c.id,
      understanding: 'You told us the report was wrong, the adviser was rude and the centre cancelled sessions.',
      desiredRemedy: 'A corrected report and an apology.',
      assessmentOutcome: 'The report was wrong and has been corrected; the conduct is being investigated.',
      steps: 'We corrected the report, told the court and asked the centre for its account.',
    });
    c = await step('submit', { complaintId: c.id });
    expect(c.responses[0]).toMatchObject({ status: 'AWAITING_APPROVAL', approver: { lastName: 'Head' } });
    c = await step('approve', { complaintId: c.id }, w.tokens.head);
    c = await step('send', { complaintId: c.id });
    expect(c.responses[0]).toMatchObject({
      status: 'SENT',
      draftedBy: { lastName: 'Officer' },
      approver: { lastName: 'Head' },
    });
    // The court still has to receive the complaint and the response (professional judgement).
    expect(c).toMatchObject({ status: 'RESPONDED', nextDueOn: '2026-11-26', closedAt: null });
    const pj = c.courtNotifications.find((n: any) => n.reason === 'PROFESSIONAL_JUDGEMENT');
    c = await step('courtSent', { courtNotificationId: pj.id });
    expect(c).toMatchObject({ status: 'CLOSED', nextDueOn: null });

    // The ombudsman, through an MP.
    const escalated = await w.mutate(M.escalate, {
      complaintId: c.id,
      mpName: 'Sam Member MP',
      referredOn: '2026-11-04',
    });
    expect(escalated.errors).toEqual([]);
    expect(escalated.userWarnings).toEqual([]);
    c = await step('ombudsman', {
      escalationId: escalated.escalation.id,
      outcome: 'PARTLY_UPHELD',
      outcomeOn: '2026-11-04',
      recommendations: [{ recommendation: 'Apologise in writing', dueOn: '2026-12-04' }],
    });
    expect(c.status).toBe('ESCALATED_TO_OMBUDSMAN');
    c = await step('comply', {
      recommendationId: c.ombudsmanEscalations[0].recommendations[0].id,
      complianceEvidence: 'Apology sent 4 November',
      completedOn: '2026-11-04',
    });
    expect(c.ombudsmanEscalations[0]).toMatchObject({
      outcome: 'PARTLY_UPHELD',
      recommendations: [{ completedOn: '2026-11-04' }],
    });

    // Every step is in the audit trail, in order, on an intact hash chain.
    const trail = await auditTrail(c.id);
    expect(trail.map((e) => e.action)).toEqual([
      'complaint.recorded',
      'complaint.acknowledged',
      'complaint.triaged',
      'complaint.assessed',
      'report.corrected',
      'court-notification.sent',
      'referral.outcome-recorded',
      'response.drafted',
      'response.submitted',
      'response.approved',
      'response.sent',
      'court-notification.sent',
      'complaint.closed',
      'ombudsman.escalated',
      'ombudsman.outcome-recorded',
      'ombudsman.recommendation-complied',
    ]);
    expect(trail.find((e) => e.action === 'complaint.triaged')!.change.status).toEqual({
      from: 'RECEIVED',
      to: 'ACCEPTED',
    });
    expect(trail.find((e) => e.action === 'complaint.closed')).toMatchObject({
      actorRole: null,
      change: { status: { from: 'RESPONDED', to: 'CLOSED' } },
    });
    expect(trail.find((e) => e.action === 'response.approved')!.actorRole).toBe('SENIOR_MANAGER');
    expect(verifyChain(await chainOf(c.id))).toBeNull();
  });

  it("takes a child's complaint from intake to the ombudsman", async () => {
    let c = await step('record', {
      channel: 'PHONE',
      receivedAt: '2026-11-02T16:30:00Z',
      summary: 'Nobody asked me what I wanted.',
      caseId: w.kase.id,
      complainant: { kind: 'CHILD', firstName: 'Robin', lastName: 'Child', childId: w.child.id },
    });
    // Owned by the Head of Practice from intake; acknowledged by the next working day; the court told before the hearing.
    expect(c).toMatchObject({
      status: 'RECEIVED',
      owner: { lastName: 'Head' },
      acknowledgementDueOn: '2026-11-03',
      childContactDueOn: '2026-11-05',
      responseDueOn: null,
      dueReason: null,
      nextDueOn: '2026-11-03',
    });
    expect(c.courtNotifications.map((n: any) => [n.reason, n.court.name, n.dueOn])).toEqual([
      ['CHILD_COMPLAINT', 'Family Court at Coventry', '2026-11-26'],
    ]);
    c = await step('acknowledge', { complaintId: c.id, acknowledgedAt: '2026-11-03T09:00:00Z' });
    expect(c.nextDueOn).toBe('2026-11-05'); // the contact with the child
    c = await step('triage', { complaintId: c.id, outcome: 'ACCEPTED' });
    c = await step(
      'contact',
      {
        complaintId: c.id,
        contactedOn: '2026-11-04',
        method: 'PHONE',
        met: false,
        note: 'Robin wants to be asked before decisions.',
      },
      w.tokens.lineManager,
    );
    expect(c).toMatchObject({
      responseDueOn: '2026-12-02',
      originalResponseDueOn: '2026-12-02',
      dueReason: 'CHILD_MEETING',
      nextDueOn: '2026-11-26',
    });
    c = await step('assess', {
      complaintId: c.id,
      aspects: [
        {
          category: 'CASE_MANAGEMENT',
          description: "The child's wishes were not asked",
          remedialAction: 'Practice reminder',
        },
      ],
    });
    // The owner (a senior manager) drafts; another senior manager approves.
    c = await step(
      'draft',
      {
        complaintId: c.id,
        understanding: 'You told us nobody asked what you wanted.',
        desiredRemedy: 'To be asked before decisions.',
        assessmentOutcome: 'You should have been asked.',
        steps: 'Your adviser will meet you before the next hearing.',
      },
      w.tokens.head,
    );
    c = await step('submit', { complaintId: c.id }, w.tokens.head);
    expect(c.responses[0].approver.lastName).toBe('Assistant');
    const selfApproval = await w.mutate(M.approve, { complaintId: c.id }, w.tokens.head);
    expect(selfApproval.errors[0]).toMatchObject({ code: 'NOT_PERMITTED' });
    c = await step('approve', { complaintId: c.id }, w.tokens.otherSenior);
    c = await step('send', { complaintId: c.id });
    expect(c).toMatchObject({ status: 'RESPONDED', nextDueOn: '2026-11-26' });
    c = await step('courtSent', { courtNotificationId: c.courtNotifications[0].id });
    expect(c.status).toBe('CLOSED');
    const escalated = await w.mutate(M.escalate, {
      complaintId: c.id,
      mpName: 'Sam Member MP',
      referredOn: '2026-11-04',
    });
    c = await step('ombudsman', {
      escalationId: escalated.escalation.id,
      outcome: 'RESOLVED_WITHOUT_FINDING',
      outcomeOn: '2026-11-04',
    });
    expect(c).toMatchObject({
      status: 'ESCALATED_TO_OMBUDSMAN',
      ombudsmanEscalations: [{ outcome: 'RESOLVED_WITHOUT_FINDING', recommendations: [] }],
    });

    const trail = await auditTrail(c.id);
    expect(trail.map((e) => e.action)).toEqual([
      'complaint.recorded',
      'complaint.acknowledged',
      'complaint.triaged',
      'child.contacted',
      'complaint.assessed',
      'response.drafted',
      'response.submitted',
      'response.approved',
      'response.sent',
      'court-notification.sent',
      'complaint.closed',
      'ombudsman.escalated',
      'ombudsman.outcome-recorded',
    ]);
    expect(trail.find((e) => e.action === 'child.contacted')!.change.responseDueOn).toEqual({
      from: null,
      to: '2026-12-02',
    });
    expect(verifyChain(await chainOf(c.id))).toBeNull();
  });
});

describe('audit:verify', () => {
  it('finds every chain intact, then an edited and a deleted event', async () => {
    const intact = await verifyAuditTrail(w.db.dataSource.manager);
    expect(intact.chains).toBeGreaterThanOrEqual(2);
    expect(intact.broken).toEqual([]);
    const owner = new pg.Client({ connectionString: w.db.ownerUrl });
    await owner.connect();
    let edited: string;
    let deleted: string;
    try {
      [edited, deleted] = (
        await owner.query(
          `SELECT DISTINCT chain_key FROM audit_events WHERE chain_key LIKE 'complaint:%' ORDER BY 1 LIMIT 2`,
        )
      ).rows.map((r) => r.chain_key);
      await owner.query(
        `UPDATE audit_events SET change = jsonb_set(change, '{edited}', 'true') WHERE chain_key = $1 AND sequence = 2`,
        [edited],
      );
      await owner.query(`DELETE FROM audit_events WHERE chain_key = $1 AND sequence = 2`, [deleted]);
    } finally {
      await owner.end();
    }
    const report = await verifyAuditTrail(w.db.dataSource.manager);
    expect(report.broken).toEqual(
      [
        { chainKey: edited, sequence: 2, reason: 'the change does not match its digest' },
        { chainKey: deleted, sequence: 3, reason: expect.stringMatching(/missing or out of order/) },
      ].sort((x, y) => x.chainKey.localeCompare(y.chainKey)),
    );
  });
});
