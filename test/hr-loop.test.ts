/**
 * The HR system loop (issue 6), through real peers: a senior conduct referral goes to the HR system
 * by a signed webhook with a thin payload; the HR system fetches the details through the graph with
 * its own credential (audited as a partner read); it records the outcomes; the line manager and the
 * senior manager are told by email, without the outcome itself in the message.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { startSmtpPeer, startWebhookPeer, type SmtpPeer, type WebhookPeer } from './fixtures/peers';
import { createWorld, type World } from './fixtures/procedure';
import { waitUntil } from './fixtures/wait';

const NOW = new Date('2026-11-05T12:00:00Z');
const HR_SECRET = 'hr-signing-secret-0123456789';
/** A rotation under way: the secret HR_SECRET replaced still signs beside it (HR_WEBHOOK_PREVIOUS_SECRET). */
const HR_PREVIOUS_SECRET = 'hr-signing-secret-before-rotation';
const CONDUCT = 'MARKER-CONDUCT-5512 raised voice at the complainant';
let w: World;
let smtp: SmtpPeer;
let hooks: WebhookPeer;
let hr: string;

beforeAll(async () => {
  smtp = await startSmtpPeer();
  hooks = await startWebhookPeer();
  w = await createWorld(NOW, {
    WORKERS: 'on',
    SMTP_URL: smtp.url,
    HR_WEBHOOK_URL: `${hooks.url}/hr`,
    HR_WEBHOOK_SECRET: HR_SECRET,
    HR_WEBHOOK_PREVIOUS_SECRET: HR_PREVIOUS_SECRET,
  });
  hr = await w.gw.token(Role.HR_SYSTEM, 'hr-system');
});

afterAll(async () => {
  await w?.stop();
  await smtp?.stop();
  await hooks?.stop();
});

const OUTCOME = `mutation ($input: RecordReferralOutcomeInput!) { recordReferralOutcome(input: $input) { referral { outcome outcomeNote outcomeRecordedAt } errors { code field message } } }`;

describe('the HR loop', () => {
  it('sends the referral, lets HR read it with its own credential, records its outcomes and tells the managers', async () => {
    const c = await w.recordAdult();
    expect(
      (
        await w.mutate(
          `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`,
          { complaintId: c.id, outcome: 'ACCEPTED' },
        )
      ).errors,
    ).toEqual([]);
    const assessed = await w.mutate(
      `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { referrals { id level sentToHr } } errors { message } } }`,
      {
        complaintId: c.id,
        aspects: [
          {
            category: 'STAFF_CONDUCT',
            description: CONDUCT,
            staffId: w.practitioner.id,
            seriousness: 'SERIOUS',
            referralLevel: 'SENIOR_MANAGER',
          },
        ],
      },
    );
    expect(assessed.errors).toEqual([]);
    const [referral] = assessed.complaint.referrals;
    expect(referral).toMatchObject({ level: 'SENIOR_MANAGER', sentToHr: true });

    // 1. The signed webhook: ids and the reference, nothing about the conduct or the people.
    const [hook] = (await hooks.waitFor(1)).filter((r) =>
      r.headers['webhook-id']?.toString().startsWith(`referral:${referral.id}`),
    );
    // Verified with the standardwebhooks library, as the HR system does (its secret set as raw bytes).
    const body = new Webhook(Buffer.from(HR_SECRET), { format: 'raw' }).verify(
      hook.body,
      hook.headers as Record<string, string>,
    );
    expect(body).toMatchObject({
      type: 'referral',
      data: { reference: c.reference, referralId: referral.id, staffId: w.practitioner.id, level: 'SENIOR_MANAGER' },
    });
    // Mid-rotation, an HR system still verifying with the secret being replaced accepts it too; another does not.
    const verifyWith = (secret: string) =>
      new Webhook(Buffer.from(secret), { format: 'raw' }).verify(hook.body, hook.headers as Record<string, string>);
    expect(verifyWith(HR_PREVIOUS_SECRET)).toEqual(body);
    expect(() => verifyWith('some-other-secret-0123456789')).toThrow();
    expect(hook.body).not.toContain('MARKER-CONDUCT');
    expect(hook.body).not.toContain(w.practitioner.lastName);

    // 2. The HR system fetches the details through the graph with its own credential.
    const details = await w.gw.query(
      `{ referrals(first: 10) { edges { node { id level complaint { reference case { caseNumber } } aspect { category description } staff { firstName lastName email } } } } }`,
      {},
      hr,
    );
    expect(details.errors).toBeUndefined();
    expect(details.data.referrals.edges.map((e: any) => e.node)).toEqual([
      {
        id: referral.id,
        level: 'SENIOR_MANAGER',
        // The case number of the referrals sent to it (SPEC §3), and nothing else of the case.
        complaint: { reference: c.reference, case: { caseNumber: w.kase.caseNumber } },
        aspect: { category: 'STAFF_CONDUCT', description: CONDUCT },
        staff: { firstName: w.practitioner.firstName, lastName: w.practitioner.lastName, email: w.practitioner.email },
      },
    ]);
    const reads = await w.db.dataSource.query(
      `SELECT actor_role FROM audit_events WHERE complaint_id = $1 AND action = 'partner.read'`,
      [c.id],
    );
    expect(reads).toEqual([{ actor_role: 'HR_SYSTEM' }]);

    // 3. HR records the formal investigation, then that the regulator was notified.
    const investigation = await w.mutate(
      OUTCOME,
      { referralId: referral.id, outcome: 'FORMAL_INVESTIGATION', note: 'Investigation opened' },
      hr,
    );
    expect(investigation).toMatchObject({
      errors: [],
      referral: { outcome: 'FORMAL_INVESTIGATION', outcomeNote: 'Investigation opened' },
    });
    const regulator = await w.mutate(
      OUTCOME,
      { referralId: referral.id, outcome: 'REGULATOR_NOTIFIED', note: 'Referred to Social Work England' },
      hr,
    );
    expect(regulator).toMatchObject({ errors: [], referral: { outcome: 'REGULATOR_NOTIFIED' } });
    const trail = await w.db.dataSource.query(
      `SELECT actor_role, change->'outcome' AS outcome FROM audit_events WHERE complaint_id = $1 AND action = 'referral.outcome-recorded' ORDER BY sequence`,
      [c.id],
    );
    expect(trail).toEqual([
      { actor_role: 'HR_SYSTEM', outcome: { from: null, to: 'FORMAL_INVESTIGATION' } },
      { actor_role: 'HR_SYSTEM', outcome: { from: 'FORMAL_INVESTIGATION', to: 'REGULATOR_NOTIFIED' } },
    ]);

    // 4. The line manager and the senior manager are told each time — that there is an outcome, not what it is.
    const told = await w.db.dataSource.query(
      `SELECT recipient_address AS "to" FROM notifications WHERE complaint_id = $1 AND template = 'referral-outcome' ORDER BY created_at, recipient_address`,
      [c.id],
    );
    expect(told.map((r: any) => r.to).sort()).toEqual(
      [w.head.email, w.head.email, w.lineManager.email, w.lineManager.email].sort(),
    );
    const outcomeMails = () =>
      smtp.received.filter(
        (m) => m.subject.startsWith('Conduct referral outcome recorded') && m.subject.includes(c.reference),
      );
    await waitUntil(
      'the four outcome emails',
      () => outcomeMails().map((m) => m.to),
      (to) => to.length >= 4,
    );
    expect(
      outcomeMails()
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual([w.head.email, w.head.email, w.lineManager.email, w.lineManager.email].sort());
    for (const m of outcomeMails()) {
      expect(m.text).toContain(c.reference);
      expect(m.text).not.toMatch(/REGULATOR|INVESTIGATION|Social Work England|MARKER-CONDUCT/);
    }
  });

  it('a line manager recording the outcome is not told of it themselves; the senior manager is', async () => {
    const c = await w.recordAdult();
    await w.mutate(
      `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`,
      { complaintId: c.id, outcome: 'ACCEPTED' },
    );
    const assessed = await w.mutate(
      `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { referrals { id } } errors { message } } }`,
      {
        complaintId: c.id,
        aspects: [
          {
            category: 'STAFF_CONDUCT',
            description: 'Late to a visit',
            staffId: w.practitioner.id,
            seriousness: 'STANDARD',
            referralLevel: 'LINE_MANAGER_FOR_ACTION',
          },
        ],
      },
    );
    const [referral] = assessed.complaint.referrals;
    expect(
      (await w.mutate(OUTCOME, { referralId: referral.id, outcome: 'INFORMAL_ACTION' }, w.tokens.lineManager)).errors,
    ).toEqual([]);
    const told = await w.db.dataSource.query(
      `SELECT recipient_address AS "to" FROM notifications WHERE complaint_id = $1 AND template = 'referral-outcome'`,
      [c.id],
    );
    expect(told).toEqual([{ to: w.head.email }]);
  });
});

describe('formal action on any referral goes to the HR system (SPEC §1.5, §4)', () => {
  const ASSESS = `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { referrals { id level sentToHr } } errors { message } } }`;
  const WITH_HR = `mutation ($input: RecordReferralOutcomeInput!) { recordReferralOutcome(input: $input) { referral { outcome sentToHr } errors { code field message } } }`;
  const READ = `{ referrals(first: 50) { edges { node { id outcome aspect { description } staff { lastName training } } } } }`;

  /** A complaint with one conduct referral at `level`; its referral. */
  async function referred(level: string, description: string) {
    const c = await w.recordAdult();
    await w.mutate(
      `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`,
      { complaintId: c.id, outcome: 'ACCEPTED' },
    );
    const seriousness = level === 'SENIOR_MANAGER' ? 'SERIOUS' : 'STANDARD';
    const assessed = await w.mutate(ASSESS, {
      complaintId: c.id,
      aspects: [
        { category: 'STAFF_CONDUCT', description, staffId: w.practitioner.id, seriousness, referralLevel: level },
      ],
    });
    expect(assessed.errors).toEqual([]);
    return { complaint: c, referral: assessed.complaint.referrals[0] };
  }

  const hrRows = (complaintId: string) =>
    w.db.dataSource.query(
      `SELECT template, idempotency_key AS key, payload FROM notifications
        WHERE complaint_id = $1 AND recipient_kind = 'HR_SYSTEM' ORDER BY created_at`,
      [complaintId],
    );

  it("sends a line manager's referral to HR when they record formal action, once; HR then reads it and records on", async () => {
    const { complaint: c, referral } = await referred('LINE_MANAGER_FOR_ACTION', 'MARKER-CONDUCT-8812 shouted');
    expect(referral.sentToHr).toBe(false);
    const seen = async () => (await w.gw.query(READ, {}, hr)).data.referrals.edges.map((e: any) => e.node.id);
    expect(await seen()).not.toContain(referral.id);
    // Other outcomes stay with the managers.
    const investigation = await w.mutate(
      WITH_HR,
      { referralId: referral.id, outcome: 'FORMAL_INVESTIGATION' },
      w.tokens.lineManager,
    );
    expect(investigation).toMatchObject({ errors: [], referral: { sentToHr: false } });
    expect(await hrRows(c.id)).toEqual([]);

    const formal = await w.mutate(
      WITH_HR,
      { referralId: referral.id, outcome: 'FORMAL_ACTION', note: 'Written warning' },
      w.tokens.lineManager,
    );
    expect(formal).toMatchObject({ errors: [], referral: { outcome: 'FORMAL_ACTION', sentToHr: true } });
    const rows = await hrRows(c.id);
    expect(rows).toEqual([
      {
        template: 'referral-formal-action',
        key: `referral-formal-action:${referral.id}:hr`,
        payload: {
          reference: c.reference,
          link: expect.stringContaining(c.reference),
          action: expect.stringMatching(/Formal action was recorded/),
          dueOn: null,
          referralId: referral.id,
          staffId: w.practitioner.id,
          level: 'LINE_MANAGER_FOR_ACTION',
          effect: {},
        },
      },
    ]);
    const event = await w.db.dataSource.query(
      `SELECT actor_role, change->'sentToHr' AS hr FROM audit_events
        WHERE entity_id = $1 AND action = 'referral.outcome-recorded' ORDER BY sequence`,
      [referral.id],
    );
    expect(event).toEqual([
      { actor_role: 'LINE_MANAGER', hr: null },
      { actor_role: 'LINE_MANAGER', hr: { from: false, to: true } },
    ]);

    // The signed webhook reaches HR: ids and the reference, nothing of the conduct or the people.
    const delivered = await waitUntil(
      'the formal-action webhook',
      () => hooks.requests.filter((r) => r.headers['webhook-id'] === `referral-formal-action:${referral.id}:hr`),
      (found) => found.some((r) => r.status === 200),
    );
    const body = JSON.parse(delivered[0].body);
    expect(body).toMatchObject({
      type: 'referral-formal-action',
      data: { reference: c.reference, referralId: referral.id, staffId: w.practitioner.id },
    });
    expect(delivered[0].body).not.toMatch(/MARKER-CONDUCT|Written warning|Adviser/);

    // HR now reads it, with the conduct aspect and the referred staff's personal data, and records on.
    const read = (await w.gw.query(READ, {}, hr)).data.referrals.edges.map((e: any) => e.node);
    expect(read.find((r: any) => r.id === referral.id)).toEqual({
      id: referral.id,
      outcome: 'FORMAL_ACTION',
      aspect: { description: 'MARKER-CONDUCT-8812 shouted' },
      staff: { lastName: 'Adviser', training: expect.any(Array) },
    });
    const regulator = await w.mutate(WITH_HR, { referralId: referral.id, outcome: 'REGULATOR_NOTIFIED' }, hr);
    expect(regulator.errors).toEqual([]);

    // Formal action recorded again by the manager: HR has the referral already; nothing new is sent.
    const again = await w.mutate(WITH_HR, { referralId: referral.id, outcome: 'FORMAL_ACTION' }, w.tokens.lineManager);
    expect(again.errors).toEqual([]);
    expect((await hrRows(c.id)).map((r: any) => r.key)).toEqual([`referral-formal-action:${referral.id}:hr`]);
  });

  it('tells HR of formal action a senior manager records on a senior referral, not of what HR records itself', async () => {
    const bySenior = await referred('SENIOR_MANAGER', 'Missed a safeguarding visit');
    expect(
      (await w.mutate(WITH_HR, { referralId: bySenior.referral.id, outcome: 'FORMAL_ACTION' }, w.tokens.head)).errors,
    ).toEqual([]);
    expect((await hrRows(bySenior.complaint.id)).map((r: any) => r.template)).toEqual([
      'referral',
      'referral-formal-action',
    ]);

    const byHr = await referred('SENIOR_MANAGER', 'Falsified a record');
    expect((await w.mutate(WITH_HR, { referralId: byHr.referral.id, outcome: 'FORMAL_ACTION' }, hr)).errors).toEqual(
      [],
    );
    expect((await hrRows(byHr.complaint.id)).map((r: any) => r.template)).toEqual(['referral']);
  });
});
