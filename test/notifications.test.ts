/**
 * Notifications through real peers (an SMTP server and an HTTP receiver): who is told what, the
 * outbox in the mutation's transaction, retries and dead letters, signatures, and privacy.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationChannel, RecipientKind } from '../src/domain/enums';
import { Provider } from '../src/entities';
import { SYSTEM } from '../src/services/audit.service';
import { NotificationService } from '../src/services/notification.service';
import { startSmtpPeer, startWebhookPeer, type SmtpPeer, type WebhookPeer } from './fixtures/peers';
import { createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-04T15:00:00Z');
const CHILD_NAME = 'Zephyrine';
const FREE_TEXT = 'MARKER-FREE-TEXT-7431';
let w: World;
let smtp: SmtpPeer;
let hooks: WebhookPeer;
const PROVIDER_SECRET = `whsec_${Buffer.from('provider-signing-key-0123456789').toString('base64')}`;

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
  await w.db.dataSource.getRepository(Provider).update(w.provider.id, { webhookUrl: `${hooks.url}/provider`, webhookSecret: PROVIDER_SECRET });
  await w.db.dataSource.query(`UPDATE children SET first_name = $1 WHERE id = $2`, [CHILD_NAME, w.child.id]);
});

afterAll(async () => {
  await w?.stop();
  await smtp?.stop();
  await hooks?.stop();
});

const NOTIFICATIONS = `query ($status: NotificationStatus) { notifications(filter: { status: $status }, first: 100) { totalCount edges { node { id template recipientAddress channel status attempts lastError idempotencyKey } } } }`;

async function notificationsOf(complaintId: string) {
  const r = await w.gw.query(`query ($id: ID) { complaint(id: $id) { acknowledgedAt notifications { id template recipientKind recipientAddress channel status attempts lastError idempotencyKey } } }`, { id: complaintId }, w.tokens.manager);
  expect(r.errors).toBeUndefined();
  return r.data.complaint;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met: ${JSON.stringify(value).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('delivery', () => {
  it('acknowledges a recorded complaint by email, with a stable Message-ID, and completes the acknowledgement step', async () => {
    const before = smtp.received.length;
    const c = await w.recordAdult({ complainant: { kind: 'ADULT_PARTY', firstName: 'Alex', lastName: 'Applicant', partyId: w.party.id, email: 'alex@example.org' } });
    const mails = await smtp.waitFor(before + 1);
    const ack = mails.find((m) => m.subject.includes(c.reference))!;
    expect(ack.to).toBe('alex@example.org');
    const state = await until(() => notificationsOf(c.id), (s) => s.acknowledgedAt !== null);
    const [n] = state.notifications;
    expect(n).toMatchObject({ template: 'acknowledgement', status: 'SENT', attempts: 1, idempotencyKey: expect.stringMatching(/^complaint-recorded:/) });
    expect(ack.messageId).toBe(`<${n.id}@complaints-gateway>`);
    expect(ack.text).toContain(c.reference);
    expect(ack.text).toContain('https://complaints.example.org/complaints/');
  });

  it('writes nothing and sends nothing when the transaction rolls back', async () => {
    const before = smtp.received.length;
    const [{ n: rowsBefore }] = await w.db.dataSource.query('SELECT count(*)::int AS n FROM notifications');
    const [{ n: jobsBefore }] = await w.db.dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notification-delivery'`);
    const service = new NotificationService();
    await expect(
      w.db.dataSource.transaction(async (tx) => {
        await service.send({ tx, actor: SYSTEM, now: () => NOW, today: '2026-11-04', outbox: w.gw.workers.queue, config: w.gw.config }, [{
          key: 'rollback-test:1', complaintId: null, recipientKind: RecipientKind.CST_MAILBOX, recipientId: null,
          address: 'cst@service.example.org', channel: NotificationChannel.EMAIL, template: 'deadline-reminder',
          payload: { reference: 'CMP-2026-999999', link: 'https://complaints.example.org', dueOn: '2026-11-05' },
        }]);
        throw new Error('the change failed after writing');
      }),
    ).rejects.toThrow('the change failed after writing');
    const [{ n: rowsAfter }] = await w.db.dataSource.query('SELECT count(*)::int AS n FROM notifications');
    const [{ n: jobsAfter }] = await w.db.dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notification-delivery'`);
    expect([rowsAfter, jobsAfter]).toEqual([rowsBefore, jobsBefore]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received.slice(before).filter((m) => m.subject.includes('CMP-2026-999999'))).toEqual([]);
  });

  it('retries SMTP 421 until it is accepted, and fails at once on 550 without a retry storm; retryNotification sends it again', async () => {
    const later = await w.f.party(w.kase.id, { firstName: 'Lee', lastName: 'Later' });
    smtp.failNext(421, 2, 'later@example.org');
    const refusedBefore = smtp.refused();
    const before = smtp.received.length;
    const c = await w.recordAdult({ complainant: { kind: 'ADULT_PARTY', firstName: 'Lee', lastName: 'Later', partyId: later.id, email: 'later@example.org' } });
    await smtp.waitFor(before + 1, 20_000);
    const delivered = await until(() => notificationsOf(c.id), (s) => s.notifications[0]?.status === 'SENT', 20_000);
    // Both refusals were met (nodemailer may meet two on one connection), then it went through.
    expect(smtp.refused() - refusedBefore).toBe(2);
    expect(delivered.notifications[0].attempts).toBeGreaterThanOrEqual(2);
    expect(smtp.received.slice(before).filter((m) => m.messageId === `<${delivered.notifications[0].id}@complaints-gateway>`)).toHaveLength(1);

    const nobody = await w.f.party(w.kase.id, { firstName: 'No', lastName: 'Body' });
    smtp.failNext(550, 1, 'nobody@example.org');
    const refused = await w.recordAdult({ complainant: { kind: 'ADULT_PARTY', firstName: 'No', lastName: 'Body', partyId: nobody.id, email: 'nobody@example.org' } });
    const failed = await until(() => notificationsOf(refused.id), (s) => s.notifications[0]?.status === 'FAILED');
    expect(failed.notifications[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/^SMTP 550/) });
    await new Promise((r) => setTimeout(r, 2500));
    expect((await notificationsOf(refused.id)).notifications[0].attempts).toBe(1);
    const list = await w.gw.query(NOTIFICATIONS, { status: 'FAILED' }, w.tokens.manager);
    expect(list.data.notifications.edges.map((e: any) => e.node.id)).toContain(failed.notifications[0].id);

    const RETRY = `mutation ($input: RetryNotificationInput!) { retryNotification(input: $input) { notification { status } errors { code field message } } }`;
    const byOfficer = await w.gw.query(RETRY, { input: { notificationId: failed.notifications[0].id } }, w.tokens.officer);
    expect(byOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const retried = await w.mutate(RETRY, { notificationId: failed.notifications[0].id }, w.tokens.manager);
    expect(retried.notification.status).toBe('PENDING');
    const again = await w.mutate(RETRY, { notificationId: delivered.notifications[0].id }, w.tokens.manager);
    expect(again.errors[0]).toMatchObject({ code: 'CONFLICT' });
    const resent = await until(() => notificationsOf(refused.id), (s) => s.notifications[0]?.status === 'SENT');
    expect(resent.notifications[0].attempts).toBe(2);
  });
});
