/**
 * Notifications through real peers (an SMTP server and an HTTP receiver): who is told what, the
 * outbox in the mutation's transaction, retries and dead letters, signatures, and privacy.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationChannel, RecipientKind } from '../src/domain/enums';
import { Provider } from '../src/entities';
import { startSmtpPeer, startWebhookPeer, type SmtpPeer, type WebhookPeer } from './fixtures/peers';
import { createWorld, type World } from './fixtures/procedure';
import { waitUntil } from './fixtures/wait';
import { pdfText } from './fixtures/pdf';
import { systemWrite } from '../src/services/mutation';

const NOW = new Date('2026-11-04T15:00:00Z');
const CHILD_NAME = 'Zephyrine';
const FREE_TEXT = 'MARKER-FREE-TEXT-7431';
let w: World;
let smtp: SmtpPeer;
let hooks: WebhookPeer;
const PROVIDER_SECRET = `whsec_${Buffer.from('provider-signing-key-0123456789').toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.from('another-signing-key-0123456789').toString('base64')}`;

beforeAll(async () => {
  smtp = await startSmtpPeer();
  hooks = await startWebhookPeer();
  w = await createWorld(NOW, {
    WORKERS: 'on',
    SMTP_URL: smtp.url,
    HR_WEBHOOK_URL: `${hooks.url}/hr`,
    HR_WEBHOOK_SECRET: 'hr-signing-secret-0123456789',
    CST_MAILBOX: 'cst@service.example.org',
  });
  await w.db.dataSource
    .getRepository(Provider)
    .update(w.provider.id, { webhookUrl: `${hooks.url}/provider`, webhookSecret: PROVIDER_SECRET });
  await w.db.dataSource.query(`UPDATE children SET first_name = $1 WHERE id = $2`, [CHILD_NAME, w.child.id]);
});

afterAll(async () => {
  await w?.stop();
  await smtp?.stop();
  await hooks?.stop();
});

const NOTIFICATIONS = `query ($status: NotificationStatus) { notifications(filter: { status: $status }, first: 100) { totalCount edges { node { id template recipientAddress channel status attempts lastError idempotencyKey } } } }`;

async function notificationsOf(complaintId: string) {
  const r = await w.gw.query(
    `query ($id: ID) { complaint(id: $id) { acknowledgedAt notifications { id template recipientKind recipientAddress channel status attempts lastError idempotencyKey } } }`,
    { id: complaintId },
    w.tokens.manager,
  );
  expect(r.errors).toBeUndefined();
  return r.data.complaint;
}

function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  return waitUntil('the notifications to reach the expected state', read, ok);
}

describe('delivery', () => {
  it('acknowledges a recorded complaint by email, with a stable Message-ID, and completes the acknowledgement step', async () => {
    const before = smtp.received.length;
    const c = await w.recordAdult({
      complainant: {
        kind: 'ADULT_PARTY',
        firstName: 'Alex',
        lastName: 'Applicant',
        partyId: w.party.id,
        email: 'alex@example.org',
      },
    });
    // The acknowledgement by its subject: a message to staff about the same complaint may arrive first.
    const subject = `We have received your complaint (${c.reference})`;
    const ack = (await waitUntil(
      'the acknowledgement to arrive',
      async () => smtp.received.slice(before).find((m) => m.subject === subject),
      (m) => m !== undefined,
    ))!;
    expect(ack.to).toBe('alex@example.org');
    const state = await until(
      () => notificationsOf(c.id),
      (s) => s.acknowledgedAt !== null,
    );
    const [n] = state.notifications;
    expect(n).toMatchObject({
      template: 'acknowledgement',
      status: 'SENT',
      attempts: 1,
      idempotencyKey: expect.stringMatching(/^complaint-recorded:/),
    });
    expect(ack.messageId).toBe(`<${n.id}@complaints-gateway>`);
    expect(ack.text).toContain(c.reference);
    expect(ack.text).toContain('https://complaints.example.org/complaints/');
  });

  it('writes nothing and sends nothing when the transaction rolls back', async () => {
    const before = smtp.received.length;
    const service = w.gw.services.notifications;
    await expect(
      w.db.dataSource.transaction(async (tx) => {
        await service.send(
          systemWrite(tx, () => NOW, w.gw.workers.queue, w.gw.config),
          [
            {
              key: 'rollback-test:1',
              complaintId: null,
              recipientKind: RecipientKind.CST_MAILBOX,
              recipientId: null,
              address: 'cst@service.example.org',
              channel: NotificationChannel.EMAIL,
              template: 'deadline-reminder',
              payload: { reference: 'CMP-2026-999999', link: 'https://complaints.example.org', dueOn: '2026-11-05' },
            },
          ],
        );
        throw new Error('the change failed after writing');
      }),
    ).rejects.toThrow('the change failed after writing');
    // Counted by what this transaction wrote: deadline alerts may write notifications meanwhile.
    const [{ n: rows }] = await w.db.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE idempotency_key = 'rollback-test:1'`,
    );
    const [{ n: orphanJobs }] = await w.db.dataSource.query(
      `SELECT count(*)::int AS n FROM pgboss.job j WHERE j.name = 'notification-delivery' AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id::text = j.data->>'notificationId')`,
    );
    expect([rows, orphanJobs]).toEqual([0, 0]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received.slice(before).filter((m) => m.subject.includes('CMP-2026-999999'))).toEqual([]);
  });

  it('retries SMTP 421 until it is accepted, and fails at once on 550 without a retry storm; retryNotification sends it again', async () => {
    const later = await w.f.party(w.kase.id, { firstName: 'Lee', lastName: 'Later' });
    smtp.failNext(421, 2, 'later@example.org');
    const refusedBefore = smtp.refused();
    const before = smtp.received.length;
    const c = await w.recordAdult({
      complainant: {
        kind: 'ADULT_PARTY',
        firstName: 'Lee',
        lastName: 'Later',
        partyId: later.id,
        email: 'later@example.org',
      },
    });
    await smtp.waitFor(before + 1);
    const delivered = await until(
      () => notificationsOf(c.id),
      (s) => s.notifications[0]?.status === 'SENT',
    );
    // Both refusals were met (nodemailer may meet two on one connection), then it went through.
    expect(smtp.refused() - refusedBefore).toBe(2);
    expect(delivered.notifications[0].attempts).toBeGreaterThanOrEqual(2);
    expect(
      smtp.received
        .slice(before)
        .filter((m) => m.messageId === `<${delivered.notifications[0].id}@complaints-gateway>`),
    ).toHaveLength(1);

    const nobody = await w.f.party(w.kase.id, { firstName: 'No', lastName: 'Body' });
    smtp.failNext(550, 1, 'nobody@example.org');
    const refused = await w.recordAdult({
      complainant: {
        kind: 'ADULT_PARTY',
        firstName: 'No',
        lastName: 'Body',
        partyId: nobody.id,
        email: 'nobody@example.org',
      },
    });
    const failed = await until(
      () => notificationsOf(refused.id),
      (s) => s.notifications[0]?.status === 'FAILED',
    );
    expect(failed.notifications[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/^SMTP 550/) });
    await new Promise((r) => setTimeout(r, 2500));
    expect((await notificationsOf(refused.id)).notifications[0].attempts).toBe(1);
    const list = await w.gw.query(NOTIFICATIONS, { status: 'FAILED' }, w.tokens.manager);
    expect(list.data.notifications.edges.map((e: any) => e.node.id)).toContain(failed.notifications[0].id);

    const RETRY = `mutation ($input: RetryNotificationInput!) { retryNotification(input: $input) { notification { status } errors { code field message } } }`;
    const byOfficer = await w.gw.query(
      RETRY,
      { input: { notificationId: failed.notifications[0].id } },
      w.tokens.officer,
    );
    expect(byOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const retried = await w.mutate(RETRY, { notificationId: failed.notifications[0].id }, w.tokens.manager);
    expect(retried.notification.status).toBe('PENDING');
    const again = await w.mutate(RETRY, { notificationId: delivered.notifications[0].id }, w.tokens.manager);
    expect(again.errors[0]).toMatchObject({ code: 'CONFLICT' });
    const resent = await until(
      () => notificationsOf(refused.id),
      (s) => s.notifications[0]?.status === 'SENT',
    );
    expect(resent.notifications[0].attempts).toBe(2);
  });
});

describe('who is told what', () => {
  const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`;
  const ASSESS = `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { referrals { id } providerEngagements { id } } errors { message } } }`;
  const DRAFT = `mutation ($input: DraftResponseInput!) { draftResponse(input: $input) { errors { message } } }`;
  const SUBMIT = `mutation ($input: SubmitResponseForApprovalInput!) { submitResponseForApproval(input: $input) { errors { message } } }`;
  const APPROVE = `mutation ($input: ApproveResponseInput!) { approveResponse(input: $input) { errors { message } } }`;
  const SEND = `mutation ($input: SendResponseInput!) { sendResponse(input: $input) { complaint { status } errors { message } } }`;

  it('tells the court, managers, the provider, the HR system and the complainant, each once, with signed webhooks', async () => {
    const court = await w.f.court({ name: 'Family Court at Coventry', email: 'coventry@courts.example.org' });
    await w.f.hearing(w.kase.id, court.id, { startsAt: new Date('2026-11-27T10:00:00Z') });
    const party = await w.f.party(w.kase.id, { firstName: 'Tell', lastName: 'Everyone' });
    hooks.respondWith(500); // the first webhook fails, then the receiver recovers
    const c = await w.recordAdult({
      summary: `The adviser got the dates wrong. ${FREE_TEXT}`,
      complainant: {
        kind: 'ADULT_PARTY',
        firstName: 'Tell',
        lastName: 'Everyone',
        partyId: party.id,
        email: 'tell@example.org',
      },
    });
    await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'ACCEPTED' });
    const assessed = await w.mutate(ASSESS, {
      complaintId: c.id,
      aspects: [
        { category: 'PROFESSIONAL_JUDGEMENT', description: 'Recommendation' },
        {
          category: 'STAFF_CONDUCT',
          description: 'Rude',
          staffId: w.practitioner.id,
          seriousness: 'SERIOUS',
          drawToCourt: true,
        },
        { category: 'PROVIDER_ACTIONS', description: 'Cancelled', providerId: w.provider.id },
      ],
    });
    expect(assessed.errors).toEqual([]);
    await w.mutate(DRAFT, {
      complaintId: c.id,
      understanding: 'You told us about the dates.',
      desiredRemedy: 'An apology',
      assessmentOutcome: 'We agree',
      steps: 'We apologise.',
    });
    await w.mutate(SUBMIT, { complaintId: c.id });
    await w.mutate(APPROVE, { complaintId: c.id }, w.tokens.head);
    expect((await w.mutate(SEND, { complaintId: c.id })).complaint.status).toBe('RESPONDED');

    const state = await until(
      () => notificationsOf(c.id),
      (s) => s.notifications.every((n: any) => n.status === 'SENT'),
    );
    // Deadline reminders run on the queue's real clock, not the test's: deadline-alerts.test.ts covers them.
    const sent = state.notifications
      .filter((n: any) => !n.template.startsWith('deadline-'))
      .map((n: any) => `${n.template} ${n.recipientKind} ${n.recipientAddress.replace(hooks.url, 'HOOKS')}`)
      .sort();
    expect(sent).toEqual(
      [
        `acknowledgement COMPLAINANT tell@example.org`,
        `approval-requested STAFF ${w.head.email}`,
        `court-notification COURT coventry@courts.example.org`, // conduct drawn to the court's attention
        `court-notification COURT coventry@courts.example.org`, // professional judgement, with the response
        `provider-engagement PROVIDER HOOKS/provider`,
        `referral HR_SYSTEM HOOKS/hr`,
        `referral STAFF ${w.head.email}`,
        `referral STAFF ${w.lineManager.email}`, // copied on the senior referral
        `response COMPLAINANT tell@example.org`,
        `response-copy STAFF ${w.lineManager.email}`,
      ].sort(),
    );
    // Once the court has the complaint and the response, the complaint closes by itself.
    const closed = await until(
      async () =>
        (await w.gw.query(`query ($id: ID) { complaint(id: $id) { status } }`, { id: c.id }, w.tokens.officer)).data
          .complaint.status,
      (s) => s === 'CLOSED',
    );
    expect(closed).toBe('CLOSED');

    // The webhook that failed with 500 was delivered once afterwards, with the same webhook-id, signed.
    const provider = hooks.requests.filter(
      (r) => r.body.includes(c.reference) && r.headers['webhook-id']?.toString().startsWith('engagement:'),
    );
    const hr = hooks.requests.filter(
      (r) => r.body.includes(c.reference) && r.headers['webhook-id']?.toString().startsWith('referral:'),
    );
    const all = [...provider, ...hr];
    expect(all.filter((r) => r.status === 200)).toHaveLength(2);
    expect(all.filter((r) => r.status === 500)).toHaveLength(1);
    const failedId = all.find((r) => r.status === 500)!.headers['webhook-id'];
    expect(all.filter((r) => r.headers['webhook-id'] === failedId).map((r) => r.status)).toEqual([500, 200]);
    // Verified as a partner verifies them: the standardwebhooks library (whsec_ secret; raw bytes for the HR
    // system's secret, set before secrets were issued in the standard's format).
    for (const r of provider) {
      const verified = new Webhook(PROVIDER_SECRET).verify(r.body, r.headers as Record<string, string>);
      expect(verified).toMatchObject({ type: 'provider-engagement', data: { reference: c.reference } });
      expect(String(r.headers['webhook-signature'])).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    }
    const hrKey = new Webhook(Buffer.from('hr-signing-secret-0123456789'), { format: 'raw' });
    for (const r of hr)
      expect(hrKey.verify(r.body, r.headers as Record<string, string>)).toMatchObject({ type: 'referral' });
    // A receiver holding another secret refuses them.
    expect(() =>
      new Webhook(OTHER_SECRET).verify(provider[0].body, provider[0].headers as Record<string, string>),
    ).toThrow(WebhookVerificationError);

    // The court's message carries the case number, the next hearing and, for professional judgement, the response.
    const toCourt = smtp.received.filter(
      (m) => m.to.includes('coventry@courts.example.org') && m.subject.includes(c.reference),
    );
    expect(toCourt).toHaveLength(2);
    expect(toCourt.every((m) => m.text.includes('BM26P00001') && m.text.includes('2026-11-27'))).toBe(true);
    expect(toCourt.some((m) => m.text.includes('We apologise.') && m.text.includes(FREE_TEXT))).toBe(true);
  });

  it("never puts a child's name or the complaint's free text in a message to anyone but the court and the complainant", async () => {
    const c = await w.recordAdult({
      summary: `${CHILD_NAME} was upset. ${FREE_TEXT}`,
      complainant: { kind: 'CHILD', firstName: CHILD_NAME, lastName: 'Child', childId: w.child.id },
    });
    await w.mutate(
      `mutation ($input: FlagSafeguardingConcernInput!) { flagSafeguardingConcern(input: $input) { errors { message } } }`,
      {
        complaintId: c.id,
        concern: `${CHILD_NAME} said something worrying. ${FREE_TEXT}`,
      },
    );
    await until(
      () => notificationsOf(c.id),
      (s) => s.notifications.length >= 4 && s.notifications.every((n: any) => n.status !== 'PENDING'),
    );
    const courtAddresses = new Set((await w.db.dataSource.query('SELECT email FROM courts')).map((r: any) => r.email));
    const complainantAddresses = new Set(
      (await w.db.dataSource.query('SELECT email FROM complainants WHERE email IS NOT NULL')).map((r: any) => r.email),
    );
    const others = smtp.received.filter((m) => !courtAddresses.has(m.to) && !complainantAddresses.has(m.to));
    expect(others.length).toBeGreaterThan(3);
    for (const m of others) {
      for (const part of [m.subject, m.text, m.html]) {
        expect(part, `${m.to}: ${m.subject}`).not.toContain(CHILD_NAME);
        expect(part, `${m.to}: ${m.subject}`).not.toContain(FREE_TEXT);
        expect(part).not.toContain('Section 7 welfare report');
      }
    }
    for (const r of hooks.requests) {
      expect(r.body).not.toContain(CHILD_NAME);
      expect(r.body).not.toContain(FREE_TEXT);
    }
    const alerts = smtp.received
      .filter((m) => m.subject.startsWith('Safeguarding concern') && m.subject.includes(c.reference))
      .map((m) => m.to)
      .sort();
    expect(alerts).toEqual([w.head.email, w.lineManager.email].sort());
  });
});

describe('letters', () => {
  it('prints a letter for a complainant without email and waits until it is recorded as posted', async () => {
    const party = await w.f.party(w.kase.id, { firstName: 'Paper', lastName: 'Post' });
    const c = await w.recordAdult({
      complainant: {
        kind: 'ADULT_PARTY',
        firstName: 'Paper',
        lastName: 'Post',
        partyId: party.id,
        address: '12 High Street, Coventry, CV1 1AA',
      },
    });
    const waiting = await until(
      () => notificationsOf(c.id),
      (s) => s.notifications[0]?.status === 'AWAITING_POST',
    );
    expect(waiting.acknowledgedAt).toBeNull();
    // The letter is a PDF kept as the complaint's document (issue 16; test/letters.test.ts reads it whole).
    const [letter] = await w.db.dataSource.query(
      `SELECT dc.content FROM documents d JOIN document_contents dc ON dc.document_id = d.id
        WHERE d.notification_id = $1 AND d.content_type = 'application/pdf'`,
      [waiting.notifications[0].id],
    );
    const text = (await pdfText(letter.content)).replace(/\s+/g, ' ');
    expect(text).toContain('12 High Street');
    expect(text).toContain(c.reference);
    const POSTED = `mutation ($input: RecordLetterPostedInput!) { recordLetterPosted(input: $input) { notification { status sentAt } errors { code message } } }`;
    const posted = await w.mutate(POSTED, { notificationId: waiting.notifications[0].id });
    expect(posted.notification.status).toBe('SENT');
    expect((await notificationsOf(c.id)).acknowledgedAt).not.toBeNull();
    expect((await w.mutate(POSTED, { notificationId: waiting.notifications[0].id })).errors[0].code).toBe('CONFLICT');
  });
});

describe('more triggers', () => {
  const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`;

  async function templatesOf(complaintId: string) {
    const s = await until(
      () => notificationsOf(complaintId),
      (v) => v.notifications.length > 0 && v.notifications.every((n: any) => n.status !== 'PENDING'),
    );
    // Reminders fire on the queue's real clock, not the test's fixed one: they are tested elsewhere.
    return s.notifications
      .filter((n: any) => !n.template.startsWith('deadline-'))
      .map((n: any) => `${n.template} ${n.recipientKind} ${n.status}`)
      .sort();
  }

  it('tells the complainant and the provider or local manager at triage, and the complainant of an extension', async () => {
    const mk = async (name: string) => {
      const party = await w.f.party(w.kase.id, { firstName: name, lastName: 'Triage' });
      return w.recordAdult({
        complainant: {
          kind: 'ADULT_PARTY',
          firstName: name,
          lastName: 'Triage',
          partyId: party.id,
          email: `${name.toLowerCase()}@example.org`,
        },
      });
    };
    const refused = await mk('Refused');
    await w.mutate(TRIAGE, {
      complaintId: refused.id,
      outcome: 'NOT_ACCEPTED',
      notAcceptedReason: 'COURT_DECISION',
      explanation: 'You can appeal the order.',
    });
    expect(await templatesOf(refused.id)).toEqual([
      'acknowledgement COMPLAINANT SENT',
      'not-accepted COMPLAINANT SENT',
    ]);
    const explained = smtp.received.find(
      (m) => m.to === 'refused@example.org' && m.text.includes('You can appeal the order.'),
    );
    expect(explained).toBeDefined();

    const local = await mk('Local');
    await w.mutate(TRIAGE, { complaintId: local.id, outcome: 'LOCAL_RESOLUTION', localManagerId: w.lineManager.id });
    expect(await templatesOf(local.id)).toEqual([
      'acknowledgement COMPLAINANT SENT',
      'local-manager STAFF SENT',
      'local-resolution COMPLAINANT SENT',
    ]);

    const provider = await mk('Provider');
    await w.mutate(TRIAGE, { complaintId: provider.id, outcome: 'REFERRED_TO_PROVIDER', providerId: w.provider.id });
    expect(await templatesOf(provider.id)).toEqual([
      'acknowledgement COMPLAINANT SENT',
      'provider-referral PROVIDER SENT',
      'referred-to-provider COMPLAINANT SENT',
    ]);

    const extended = await mk('Extended');
    await w.mutate(TRIAGE, { complaintId: extended.id, outcome: 'ACCEPTED' });
    await w.mutate(
      `mutation ($input: ExtendResponseDeadlineInput!) { extendResponseDeadline(input: $input) { errors { message } } }`,
      {
        complaintId: extended.id,
        newDueOn: '2026-12-04',
        reason: 'Waiting for the contact centre records',
      },
    );
    expect(await templatesOf(extended.id)).toEqual(['acknowledgement COMPLAINANT SENT', 'extension COMPLAINANT SENT']);
    expect(smtp.received.find((m) => m.to === 'extended@example.org' && m.text.includes('2026-12-04'))).toBeDefined();
  });

  it("tells the owner and the court of a child's complaint", async () => {
    const child = await w.f.child(w.kase.id, { firstName: 'Sky' });
    const c = await w.recordAdult({
      complainant: { kind: 'CHILD', firstName: 'Sky', lastName: 'Child', childId: child.id, email: 'sky@example.org' },
    });
    expect(await templatesOf(c.id)).toEqual([
      'acknowledgement COMPLAINANT SENT',
      'child-complaint-owner STAFF SENT',
      'court-notification COURT SENT',
    ]);
  });

  it('disables a provider endpoint that answers 410, and fails the message at once', async () => {
    const gone = await w.f.provider({ name: 'Gone Ltd', email: 'gone@example.org' });
    await w.db.dataSource
      .getRepository(Provider)
      .update(gone.id, { webhookUrl: `${hooks.url}/gone`, webhookSecret: 'gone-secret-0123456789' });
    hooks.respondWith(410);
    const party = await w.f.party(w.kase.id, { firstName: 'Gone', lastName: 'Away' });
    const c = await w.recordAdult({
      complainant: {
        kind: 'ADULT_PARTY',
        firstName: 'Gone',
        lastName: 'Away',
        partyId: party.id,
        email: 'away@example.org',
      },
    });
    await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'REFERRED_TO_PROVIDER', providerId: gone.id });
    const state = await until(
      () => notificationsOf(c.id),
      (s) => s.notifications.some((n: any) => n.recipientKind === 'PROVIDER' && n.status === 'FAILED'),
    );
    expect(state.notifications.find((n: any) => n.recipientKind === 'PROVIDER')).toMatchObject({
      attempts: 1,
      lastError: expect.stringMatching(/410/),
    });
    const [row] = await w.db.dataSource.query('SELECT webhook_disabled_at FROM providers WHERE id = $1', [gone.id]);
    expect(row.webhook_disabled_at).not.toBeNull();
  });
});
