/**
 * Never losing a notification: a worker process is killed with SIGKILL while delivering 200
 * emails, then restarted. Every notification is delivered; the only duplicates are messages the
 * SMTP peer had accepted before the kill, and each carries the same Message-ID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config';
import { NotificationChannel, RecipientKind } from '../src/domain/enums';
import { JobQueue } from '../src/integrations/queue/job-queue';
import type { Outgoing } from '../src/services/notification.service';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { TEST_ENV } from './fixtures/gateway';
import { startSmtpPeer, type SmtpPeer } from './fixtures/peers';
import { waitUntil } from './fixtures/wait';
import { createServices } from '../src/services/services';
import { systemWrite } from '../src/services/mutation';

const COUNT = 200;
let db: TestDatabase;
let smtp: SmtpPeer;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpPeer({ delayMs: 15 });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'gateway-crash-'));
  await chmod(dataDir, 0o755);
});

afterAll(async () => {
  await smtp?.stop();
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

function startWorker(): ChildProcess {
  return spawn(process.execPath, [path.resolve('dist/src/worker-main.js')], {
    env: {
      PATH: process.env.PATH,
      ...TEST_ENV,
      WORKERS: 'on',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      DATABASE_URL: db.appUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      SMTP_URL: smtp.url,
      NOTIFY_CONCURRENCY: '4',
      NOTIFY_EXPIRE_SECONDS: '2',
      NOTIFY_MAINTENANCE_SECONDS: '1',
      NOTIFY_RETRY_LIMIT: '5',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

describe('a worker killed mid-delivery', () => {
  it('delivers all 200 after a restart, with duplicates only of messages already accepted', async () => {
    const config = readConfig({ ...TEST_ENV, DATA_DIR: dataDir });
    const queue = new JobQueue(
      db.appUrl,
      { retryLimit: 5, retryDelaySeconds: 1, expireSeconds: 2, maintenanceSeconds: 60 },
      () => undefined,
    );
    await queue.start();
    const outgoing: Outgoing[] = Array.from({ length: COUNT }, (_, i) => ({
      key: `crash-test:${i}`,
      complaintId: null,
      recipientKind: RecipientKind.CST_MAILBOX,
      recipientId: null,
      address: `cst+${i}@service.example.org`,
      channel: NotificationChannel.EMAIL,
      template: 'deadline-reminder',
      payload: {
        reference: `CMP-2026-${String(i).padStart(6, '0')}`,
        link: 'https://complaints.example.org',
        dueOn: '2026-11-30',
      },
    }));
    await db.dataSource.transaction((tx) =>
      createServices().notifications.send(
        systemWrite(tx, () => new Date(), queue, config),
        outgoing,
      ),
    );
    await queue.stop();

    let worker = startWorker();
    await smtp.waitFor(50);
    const killed = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGKILL');
    await killed;
    // The peer finishes what was in flight when the worker died (its client never heard the 250).
    await smtp.idle();
    const acceptedBeforeKill = new Set(smtp.received.map((m) => m.messageId));
    const sentBeforeKill: number = (
      await db.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'SENT'`)
    )[0].n;

    worker = startWorker();
    try {
      const byStatus = async () =>
        Object.fromEntries(
          (await db.dataSource.query(`SELECT status, count(*)::int AS n FROM notifications GROUP BY status`)).map(
            (r: { status: string; n: number }) => [r.status, r.n],
          ),
        ) as Record<string, number>;
      await waitUntil(
        `all ${COUNT} notifications to be SENT after the restart`,
        byStatus,
        (seen) => seen.SENT === COUNT,
        { intervalMs: 200 },
      );
    } finally {
      const stopped = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await stopped;
    }

    const ids = smtp.received.map((m) => m.messageId);
    const unique = new Set(ids);
    const rows: { id: string }[] = await db.dataSource.query('SELECT id FROM notifications');
    expect(unique).toEqual(new Set(rows.map((r) => `<${r.id}@complaints-gateway>`)));
    const duplicates = ids.length - unique.size;
    const duplicated = [...unique].filter((id) => ids.indexOf(id) !== ids.lastIndexOf(id));
    for (const id of duplicated)
      expect(acceptedBeforeKill.has(id), `${id} was sent twice but not accepted before the kill`).toBe(true);
    expect(duplicates).toBeLessThanOrEqual(acceptedBeforeKill.size - sentBeforeKill);
    console.log(
      `crash test: ${COUNT} notifications, ${acceptedBeforeKill.size} accepted before SIGKILL (${sentBeforeKill} recorded as sent), ` +
        `${ids.length} messages received in all, ${duplicates} duplicate(s), all with the same Message-ID`,
    );
  });
});
