/**
 * Two replicas (SPEC §6, issue 12): two gateway processes (`node dist/src/main.js`) on one database,
 * both running workers, share a burst of 1,200 notifications. Every one is delivered exactly once:
 * as many messages at the SMTP peer as rows, each Message-ID once, every row SENT. How the two
 * processes split the work (their /metrics) is logged, not asserted.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { startSmtpPeer, type SmtpPeer } from './fixtures/peers';
import { notificationStatuses, startGatewayProcess, writeNotifications } from './fixtures/processes';
import { waitUntil } from './fixtures/wait';

const COUNT = 1_200;
const SECRET = 'replicas-test-secret-long-enough-for-hs256';

let db: TestDatabase;
let smtp: SmtpPeer;
const dirs: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpPeer({ delayMs: 2 });
  for (let i = 0; i < 2; i++) {
    dirs.push(await mkdtemp(path.join(os.tmpdir(), `gateway-replica-${i}-`)));
    await chmod(dirs[i], 0o755);
  }
});

afterAll(async () => {
  await smtp?.stop();
  await db?.drop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The EMAIL deliveries a process has counted (its /metrics). */
async function deliveriesOf(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_notification_deliveries_total{channel="EMAIL"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('two gateway processes on one database', () => {
  it(`deliver a burst of ${COUNT} notifications, each exactly once`, async () => {
    const env = { SMTP_URL: smtp.url, JWT_SECRET: SECRET };
    // Started together, as replicas of a deployment are.
    const replicas = await Promise.all(dirs.map((dir) => startGatewayProcess(db, dir, env)));
    try {
      // The burst: rows and jobs committed as mutations commit them, a hundred to a transaction.
      await writeNotifications(db, dirs[0], {
        name: 'burst',
        count: COUNT,
        retryLimit: 3,
        expireSeconds: 30,
        perTransaction: 100,
      });
      await waitUntil(
        'every notification to be SENT',
        () => notificationStatuses(db),
        (s) => s.SENT === COUNT,
        {
          intervalMs: 250,
        },
      );
      const split = await Promise.all(replicas.map((r) => deliveriesOf(r.url)));
      console.log(
        `two replicas: ${COUNT} notifications delivered, ${split.join(' / ')} by each process (their /metrics); ` +
          `${smtp.received.length} messages at the peer`,
      );
      expect(split.reduce((a, b) => a + b, 0)).toBe(COUNT);
    } finally {
      await Promise.all(replicas.map((r) => r.stop('SIGTERM')));
    }
    for (const r of replicas) {
      expect(await r.exited).toBe(0);
      expect(r.output(), 'an error in a replica').not.toMatch(/"level":(50|60)/);
    }

    expect(await notificationStatuses(db)).toEqual({ SENT: COUNT });
    const rows: { id: string }[] = await db.dataSource.query('SELECT id FROM notifications');
    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => `<${r.id}@complaints-gateway>`)));
  });
});
