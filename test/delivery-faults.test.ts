/**
 * Retries used up by process deaths (SPEC §4, issue 12): a worker process sends to an SMTP peer so
 * slow that no send finishes and is killed with SIGKILL while sending, restarted and killed again,
 * until every delivery job has used its retries without an outcome. Then a worker with a peer that
 * answers: no notification is stranded PENDING — each is FAILED, with its attempts counted and an
 * error saying delivery was cut short — and `retryNotification` delivers a FAILED one.
 *
 * And the window for a duplicate: of a batch whose sends end at different times, a message the
 * peer accepted is recorded SENT while another is still being sent, so a kill then sends again only
 * what the peer had not accepted. And a live worker whose sends outlast its jobs' expiry keeps its
 * jobs and its leases: nothing is claimed or sent twice without a death.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { QUEUES, QUEUE_SCHEMA } from '../src/integrations/queue/job-queue';
import { createTestDatabase, onConnection, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway } from './fixtures/gateway';
import { startSmtpPeer, type SmtpPeer } from './fixtures/peers';
import { jobStates, liveJobs, notificationStatuses, spawnWorker, writeNotifications } from './fixtures/processes';
import { waitUntil } from './fixtures/wait';

const COUNT = 6;
const RETRY_LIMIT = 2;
/** Far more deaths than the retries need (each death uses up an attempt of every job it held). */
const KILLS_AT_MOST = 4 * (RETRY_LIMIT + 1);
const WORKER_ENV = {
  NOTIFY_RETRY_LIMIT: String(RETRY_LIMIT),
  NOTIFY_EXPIRE_SECONDS: '2',
  NOTIFY_MAINTENANCE_SECONDS: '1',
  NOTIFY_RETRY_DELAY_SECONDS: '1',
};

let db: TestDatabase;
let smtp: SmtpPeer;
let dataDir: string;

/** Each test has a database of its own: it watches every delivery job there. */
async function setUp(peer: Parameters<typeof startSmtpPeer>[0]): Promise<void> {
  db = await createTestDatabase();
  smtp = await startSmtpPeer(peer);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'gateway-delivery-faults-'));
  await chmod(dataDir, 0o755);
}

afterEach(async () => {
  await smtp?.stop();
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Row {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  idempotency_key: string;
}

const rows = (): Promise<Row[]> =>
  db.dataSource.query('SELECT id, status, attempts, last_error, idempotency_key FROM notifications ORDER BY id');

const usedUp = (states: Record<string, number>) => states.failed === COUNT;

describe('delivery jobs whose retries are used up by process deaths', () => {
  it('leave no notification PENDING: each is FAILED, and retryNotification delivers it', async () => {
    await setUp({ hold: true });
    await writeNotifications(db, dataDir, {
      name: 'cut-short',
      count: COUNT,
      retryLimit: RETRY_LIMIT,
      expireSeconds: Number(WORKER_ENV.NOTIFY_EXPIRE_SECONDS),
    });

    // Kill the worker whenever the peer holds a message it is sending, until every job is used up.
    let kills = 0;
    while (!usedUp(await jobStates(db))) {
      expect(kills, 'SIGKILLs needed to use up every delivery job').toBeLessThan(KILLS_AT_MOST);
      const worker = spawnWorker(db, dataDir, { ...WORKER_ENV, SMTP_URL: smtp.url });
      try {
        await waitUntil(
          'the worker to be sending, or every delivery job to be used up',
          async () => ({ held: smtp.held(), jobs: await jobStates(db), exit: worker.child.exitCode }),
          (seen) => seen.held > 0 || usedUp(seen.jobs) || seen.exit !== null,
          { intervalMs: 50 },
        );
      } finally {
        await worker.stop('SIGKILL');
      }
      kills += 1;
      // The killed worker's connections close; the peer drops what it held for them.
      await smtp.idle();
    }

    // Now the peer answers, and a worker runs the dead letters.
    smtp.release();
    const worker = spawnWorker(db, dataDir, { ...WORKER_ENV, SMTP_URL: smtp.url });
    const gw = await startTestGateway(db);
    try {
      await waitUntil(
        'no delivery job, nor dead letter, left to run',
        () => liveJobs(db, [QUEUES.delivery, QUEUES.undeliverable]),
        (n) => n === 0,
        { intervalMs: 200 },
      );
      const settled = await rows();
      console.log(
        `retries used up by deaths: ${kills} SIGKILLs, ${smtp.dropped()} sends cut short at the peer, ` +
          `rows ${JSON.stringify(await notificationStatuses(db))}, attempts ${settled.map((r) => r.attempts)}, ` +
          `dead letters ${JSON.stringify(await jobStates(db, QUEUES.undeliverable))}`,
      );
      expect(
        settled.filter((r) => r.status === 'PENDING'),
        'notifications stranded PENDING',
      ).toEqual([]);
      // Nothing could be sent, so every one is FAILED: visible, with why, and its attempts counted.
      for (const row of settled)
        expect(row).toMatchObject({
          status: 'FAILED',
          attempts: expect.any(Number),
          last_error: expect.stringMatching(/cut short/),
        });
      expect(settled.every((r) => r.attempts > 0)).toBe(true);
      expect(smtp.received).toEqual([]);

      // A CST manager sends one again; the worker delivers it, once.
      const manager = await new Factory(db.dataSource).staff({ role: Role.CST_MANAGER });
      const [failed] = settled;
      const retried = await gw.query(
        `mutation ($input: RetryNotificationInput!) {
           retryNotification(input: $input) { notification { status } errors { code message } }
         }`,
        { input: { notificationId: failed.id } },
        await gw.token(Role.CST_MANAGER, manager.id),
      );
      expect(retried.errors).toBeUndefined();
      expect(retried.data.retryNotification.errors ?? []).toEqual([]);
      expect(retried.data.retryNotification.notification.status).toBe('PENDING');
      const sent = await waitUntil(
        'the retried notification to be SENT',
        rows,
        (now) => now.find((r) => r.id === failed.id)?.status === 'SENT',
        { intervalMs: 200 },
      );
      expect(sent.find((r) => r.id === failed.id)).toMatchObject({ attempts: failed.attempts + 1, last_error: null });
      expect(smtp.received.map((m) => m.messageId)).toEqual([`<${failed.id}@complaints-gateway>`]);
      expect(sent.filter((r) => r.status === 'FAILED')).toHaveLength(COUNT - 1);
    } finally {
      await gw.stop();
      await worker.stop('SIGTERM');
    }
  });
});

describe('a dead letter whose worker dies while it fails the notification', () => {
  it('runs again after the delivery expiry, not pg-boss’s default of 15 minutes', async () => {
    await setUp({});
    await writeNotifications(db, dataDir, { name: 'dead-letter', count: 1, retryLimit: RETRY_LIMIT, expireSeconds: 2 });
    const [row] = await rows();
    // What pg-boss does when a delivery job fails its last retry: the job failed, and a dead letter
    // inserted with only its name, data and retry limit (the table's defaults for the rest).
    await db.dataSource.query(`UPDATE ${QUEUE_SCHEMA}.job SET state = 'failed' WHERE name = $1`, [QUEUES.delivery]);
    await db.dataSource.query(`INSERT INTO ${QUEUE_SCHEMA}.job (name, data, retry_limit) VALUES ($1, $2, $3)`, [
      QUEUES.undeliverable,
      { notificationId: row.id },
      RETRY_LIMIT,
    ]);
    const giveUp = `UPDATE notifications%`;
    const deadLetter = () =>
      db.dataSource.query(
        `SELECT state, extract(epoch FROM expire_in)::int AS expire FROM ${QUEUE_SCHEMA}.job WHERE name = $1`,
        [QUEUES.undeliverable],
      );
    // The notification's row is locked, so the worker that takes the dead letter waits in its handler.
    await onConnection(db.ownerUrl, async (lock) => {
      await lock.query('BEGIN');
      await lock.query('SELECT 1 FROM notifications WHERE id = $1 FOR UPDATE', [row.id]);
      const worker = spawnWorker(db, dataDir, { ...WORKER_ENV, SMTP_URL: smtp.url });
      try {
        await waitUntil(
          'the worker to be failing the notification under the dead letter',
          () =>
            db.dataSource.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
              [giveUp],
            ),
          ([{ n }]) => n > 0,
        );
        // It holds the dead letter for as long as a delivery job, not 15 minutes.
        const [held] = await deadLetter();
        expect(held.state).toBe('active');
        expect(held.expire).toBeLessThanOrEqual(Number(WORKER_ENV.NOTIFY_EXPIRE_SECONDS) + 5);
      } finally {
        await worker.stop('SIGKILL');
        await lock.query('ROLLBACK');
      }
    });
    const worker = spawnWorker(db, dataDir, { ...WORKER_ENV, SMTP_URL: smtp.url });
    try {
      // (The killed worker's statement may still end once the lock goes: the row is then FAILED already.)
      await waitUntil('the dead letter run by a second worker', deadLetter, ([job]) => job.state === 'completed', {
        intervalMs: 200,
      });
      expect(await rows()).toEqual([expect.objectContaining({ status: 'FAILED', last_error: expect.any(String) })]);
    } finally {
      await worker.stop('SIGTERM');
    }
  });
});

describe('a batch whose sends end at different times', () => {
  it('records each message once the peer accepts it, so a kill re-sends only those not accepted', async () => {
    await setUp({});
    // The job lasts well beyond what the check needs: the held message is not sent again meanwhile.
    // One loop, so that one fetch takes the four jobs as one batch.
    const env = { ...WORKER_ENV, NOTIFY_RETRY_LIMIT: '5', NOTIFY_EXPIRE_SECONDS: '5', NOTIFY_CONCURRENCY: '1' };
    await writeNotifications(db, dataDir, { name: 'one-slow', count: 4, retryLimit: 5, expireSeconds: 5 });
    // One message of the batch (one job fetch) gets no answer; the other three are accepted.
    smtp.hold('one-slow-0@');
    let worker = spawnWorker(db, dataDir, { ...env, SMTP_URL: smtp.url });
    try {
      // Each on its first attempt: the slow one's send has neither ended nor been tried again.
      const seen = await waitUntil(
        'the accepted messages to be recorded SENT while one of their batch is still being sent',
        async () => ({ held: smtp.held(), rows: (await rows()).map((r) => `${r.status}/${r.attempts}`).sort() }),
        (now) => now.held === 1 && now.rows.join() === 'PENDING/1,SENT/1,SENT/1,SENT/1',
        { intervalMs: 50 },
      );
      expect(seen.rows).toEqual(['PENDING/1', 'SENT/1', 'SENT/1', 'SENT/1']);
    } finally {
      await worker.stop('SIGKILL');
    }
    await smtp.idle();
    smtp.release();
    worker = spawnWorker(db, dataDir, { ...env, SMTP_URL: smtp.url });
    try {
      await waitUntil('all four SENT after the restart', rows, (now) => now.every((r) => r.status === 'SENT'), {
        intervalMs: 200,
      });
    } finally {
      await worker.stop('SIGTERM');
    }
    // Nothing the peer had accepted was sent again: each message arrived once.
    const ids = smtp.received.map((m) => m.messageId).sort();
    expect(ids).toEqual((await rows()).map((r) => `<${r.id}@complaints-gateway>`).sort());
  });
});

describe('a live worker whose sends outlast its jobs’ expiry', () => {
  it('keeps its jobs and leases: nothing is claimed or sent again while it is still sending', async () => {
    // Each message takes longer at the peer than a job may run before it is taken for a dead worker's.
    await setUp({ delayMs: 6_000 });
    await writeNotifications(db, dataDir, { name: 'slow-peer', count: 3, retryLimit: 5, expireSeconds: 2 });
    const worker = spawnWorker(db, dataDir, { ...WORKER_ENV, NOTIFY_RETRY_LIMIT: '5', SMTP_URL: smtp.url });
    try {
      // Past the lease it took, a message still being sent is still leased (so not cancelled, not claimed).
      const sending: { live: boolean }[] = await waitUntil(
        'a message to be under way for longer than the lease it was claimed with',
        () =>
          db.dataSource.query(
            `SELECT lease_until > now() AS live FROM notifications
              WHERE status = 'PENDING' AND last_attempt_at < now() - interval '3 seconds'`,
          ),
        (found) => found.length > 0,
        { intervalMs: 100 },
      );
      expect(sending.map((r) => r.live)).not.toContain(false);
      await waitUntil('all three SENT', rows, (now) => now.every((r) => r.status === 'SENT'), { intervalMs: 200 });
    } finally {
      // Lets what it has in hand finish, so that a second send in flight would reach the peer.
      await worker.stop('SIGTERM');
    }
    await smtp.idle();
    const settled = await rows();
    expect(settled.map((r) => r.attempts)).toEqual([1, 1, 1]);
    expect(smtp.received.map((m) => m.messageId).sort()).toEqual(
      settled.map((r) => `<${r.id}@complaints-gateway>`).sort(),
    );
    expect(await jobStates(db)).toEqual({ completed: 3 });
  });
});
