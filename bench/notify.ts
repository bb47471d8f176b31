/**
 * `npm run bench:notify`: 10,000 emails to a local smtp-server peer (a process of its own), once through the gateway's
 * dispatcher (outbox rows + pg-boss jobs + delivery workers, each message tracked) and once through
 * plain pooled nodemailer, in the same run. Both send the same messages: the deadline reminder, rendered
 * from the same template with the same payload, from the same address. Prints messages/s for both and the ratio.
 * Options: --count N (10000), --concurrency C (16).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { fork } from 'node:child_process';
import { Client } from 'pg';
import { readConfig } from '../src/config';
import { prepareDatabase } from '../src/db/database';
import { createDataSource } from '../src/db/data-source';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { NotificationChannel, RecipientKind } from '../src/domain/enums';
import type { Outgoing } from '../src/services/notification.service';
import { messageIdOf } from '../src/services/delivery.service';
import { render } from '../src/integrations/templates/templates';
import { createServices } from '../src/services/services';
import { Workers } from '../src/workers';
import { commandLine, run } from '../scripts/cli';
import { systemWrite } from '../src/services/mutation';

/** The message both runs send: the deadline reminder to the CST mailbox. */
const TEMPLATE = 'deadline-reminder';
const addressOf = (i: number) => `cst+${i}@service.example.org`;
const payloadOf = (i: number) => ({
  reference: `CMP-2026-${String(i).padStart(6, '0')}`,
  link: 'https://complaints.example.org',
  dueOn: '2026-11-30',
});

interface PeerCount {
  received: number;
  firstAt: number | null;
  lastAt: number | null;
}

run(async () => {
  const { values } = commandLine('npm run bench:notify [-- --count N] [--concurrency N]', {
    count: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16' },
  });
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  const peer = fork(path.join(__dirname, 'smtp-peer.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message: 'count' | 'reset' | 'close') =>
    new Promise<PeerCount>((resolve) => {
      peer.once('message', (answer: PeerCount) => resolve(answer));
      peer.send(message);
    });
  const { port } = await new Promise<{ port: number }>((resolve) => peer.once('message', resolve));
  const smtpUrl = `smtp://127.0.0.1:${port}?tls=off`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gateway-bench-notify-'));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
  const config = readConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    SMTP_URL: smtpUrl,
    WORKERS: 'on',
    NOTIFY_CONCURRENCY: String(concurrency),
    NOTIFY_POLLING_SECONDS: '0.5',
    NOTIFY_RETRY_LIMIT: '3',
    NOTIFY_RETRY_DELAY_SECONDS: '1',
  });
  try {
    // Plain pooled nodemailer: the floor any dispatcher pays for SMTP itself.
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: Number(new URL(smtpUrl).port),
      pool: true,
      maxConnections: 5,
      ignoreTLS: true,
    });
    let t = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < count) {
          const i = next++;
          await transport.sendMail({
            from: config.notifications.mailFrom,
            to: addressOf(i),
            ...render(TEMPLATE, payloadOf(i)),
            messageId: messageIdOf({ id: randomUUID() }),
          });
        }
      }),
    );
    const plainSeconds = (Date.now() - t) / 1000;
    transport.close();
    await ask('reset');

    const { appUrl, ownerUrl } = await prepareDatabase(pg.url('postgres'), 'bench', {
      user: 'bench_app',
      password: 'bench_app_password',
    });
    const ds = createDataSource({ url: appUrl, poolSize: concurrency + 4 });
    await ds.initialize();
    const services = createServices();
    const workers = new Workers({ dataSource: ds, appUrl, config, logger: pino({ level: 'error' }), services });
    await workers.queue.start();
    t = Date.now();
    const { notifications } = services;
    for (let start = 0; start < count; start += 500) {
      const batch: Outgoing[] = Array.from({ length: Math.min(500, count - start) }, (_, k) => {
        const i = start + k;
        return {
          key: `bench:${i}`,
          complaintId: null,
          recipientKind: RecipientKind.CST_MAILBOX,
          recipientId: null,
          address: addressOf(i),
          channel: NotificationChannel.EMAIL,
          template: TEMPLATE,
          payload: payloadOf(i),
        };
      });
      await ds.transaction((tx) =>
        notifications.send(
          systemWrite(tx, () => new Date(), workers.queue, config),
          batch,
        ),
      );
    }
    const enqueueSeconds = (Date.now() - t) / 1000;
    await workers.queue.stop();
    // As the plain run found it: a database at rest (no autovacuum of the rows just written competing).
    const owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    await owner.query('VACUUM ANALYZE notifications, pgboss.job');
    await owner.end();

    const dispatcher = new Workers({ dataSource: ds, appUrl, config, logger: pino({ level: 'error' }), services });
    t = Date.now();
    await dispatcher.start();
    const startSeconds = (Date.now() - t) / 1000;
    // The peer is asked first (over IPC), so that counting recorded rows does not load the database being measured.
    for (;;) {
      const received = (await ask('count')).received;
      const n =
        received < count
          ? 0
          : (await ds.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'SENT'`))[0].n;
      if (n >= count) break;
      if (Date.now() - t > 30 * 60_000) throw new Error(`only ${received} of ${count} delivered in 30 minutes`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const dispatchSeconds = (Date.now() - t) / 1000;
    await dispatcher.stop();
    await ds.destroy();

    const plainRate = count / plainSeconds;
    const dispatchRate = count / dispatchSeconds;
    console.log(
      `plain pooled nodemailer: ${count} messages in ${plainSeconds.toFixed(1)} s = ${plainRate.toFixed(0)} messages/s`,
    );
    console.log(
      `gateway outbox: ${count} rows and jobs written in ${enqueueSeconds.toFixed(1)} s (${(count / enqueueSeconds).toFixed(0)}/s)`,
    );
    console.log(
      `gateway dispatcher (${concurrency} workers): ${count} delivered and recorded in ${dispatchSeconds.toFixed(1)} s = ${dispatchRate.toFixed(0)} messages/s`,
    );
    console.log(`(the dispatcher's start-up, included above: ${startSeconds.toFixed(2)} s)`);
    const { received, firstAt, lastAt } = await ask('count');
    console.log(`first to last message at the peer: ${((lastAt! - firstAt!) / 1000).toFixed(1)} s`);
    console.log(`ratio dispatcher / plain: ${(dispatchRate / plainRate).toFixed(2)} (peer received ${received})`);
  } finally {
    await pg.stop();
    await ask('close');
    await rm(dir, { recursive: true, force: true });
  }
});
