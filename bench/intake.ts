/**
 * `npm run bench:intake`: two gateway processes (workers on, one SMTP peer) over one scratch embedded
 * PostgreSQL holding the demo data, and concurrent clients recording complaints through them, split
 * between the two (issue 12: "two replicas, 16 concurrent intakes"). Prints the complaints recorded,
 * requests/s, p50/p95/p99 latency of `recordComplaint`, the gateways' slow-query warnings and the
 * acknowledgements delivered, and checks that every reference is distinct and `CMP-YYYY-NNNNNN`.
 * Options: --seconds S (20), --clients C (16), --scale N (1), --warmup S (3: the same load first, not counted).
 */
import 'reflect-metadata';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { Role } from '../src/domain/enums';
import { commandLine, run } from '../scripts/cli';
import { seededDatabase, startGatewayProcess, type GatewayProcess } from './harness';

const RECORD = `mutation Record($input: RecordComplaintInput!) {
  recordComplaint(input: $input) { complaint { id reference } errors { field message } }
}`;

const REFERENCE = /^CMP-\d{4}-\d{6}$/;
const GATEWAYS = 2;

interface Outcome {
  latencies: number[];
  references: string[];
  failures: string[];
}

/** The value at fraction `p` of sorted `values` (nearest rank). */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/**
 * What the database's busy sessions wait on, sampled every 100 ms until `until` (a hot row shows as
 * Lock:transactionid): samples per wait event, and the number of samples.
 */
async function sampleWaits(owner: DataSource, until: number): Promise<{ waits: Map<string, number>; samples: number }> {
  const waits = new Map<string, number>();
  let samples = 0;
  while (Date.now() < until) {
    const rows: { wait: string; n: number }[] = await owner.query(
      `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, count(*)::int AS n FROM pg_stat_activity
       WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1`,
    );
    for (const { wait, n } of rows) waits.set(wait, (waits.get(wait) ?? 0) + n);
    samples += 1;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { waits, samples };
}

/** One client: records complaints on `gateway` one after another until `until`. */
async function client(
  gateway: GatewayProcess,
  token: string,
  caseIds: string[],
  offset: number,
  until: number,
  outcome: Outcome,
): Promise<void> {
  for (let i = offset; Date.now() < until; i += 1) {
    const input = {
      channel: 'EMAIL',
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
      summary: 'The report says I missed contact sessions that I attended.',
      caseId: caseIds[i % caseIds.length],
      complainant: {
        kind: 'NON_PARTY',
        firstName: 'Pat',
        lastName: `Grandparent${i}`,
        relationship: 'Grandmother',
        email: `pat.${i}@example.org`,
      },
    };
    const started = performance.now();
    const response = await fetch(`${gateway.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: RECORD, variables: { input } }),
    });
    const body = (await response.json()) as {
      data?: { recordComplaint?: { complaint: { reference: string } | null; errors: unknown[] } };
      errors?: unknown[];
    };
    const elapsed = performance.now() - started;
    const reference = body.data?.recordComplaint?.complaint?.reference;
    if (response.ok && reference && !body.errors) {
      outcome.latencies.push(elapsed);
      outcome.references.push(reference);
    } else {
      outcome.failures.push(`${response.status} ${JSON.stringify(body.errors ?? body.data).slice(0, 300)}`);
    }
  }
}

run(async () => {
  const { values } = commandLine('npm run bench:intake [-- --seconds S] [--clients N] [--scale N] [--warmup S]', {
    seconds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '16' },
    scale: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '3' },
  });
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  const scale = Number(values.scale);
  const warmup = Number(values.warmup);
  let received = 0;
  const peer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(peer.server.address() as AddressInfo).port}?tls=off`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gateway-bench-intake-'));
  await chmod(dir, 0o755);
  const db = await seededDatabase({ scale });
  const gateways: GatewayProcess[] = [];
  const owner = createDataSource({ url: db.ownerUrl, poolSize: 2 });
  try {
    await owner.initialize();
    const cases: { id: string }[] = await owner.query(`SELECT id FROM cases WHERE status = 'OPEN' ORDER BY id`);
    const [{ before }] = await owner.query('SELECT count(*)::int AS before FROM complaints');
    let slowQueries = 0;
    for (let g = 0; g < GATEWAYS; g++) {
      const gateway = await startGatewayProcess(db, [], {
        env: { WORKERS: 'on', SMTP_URL: smtpUrl, DATA_DIR: path.join(dir, `gateway-${g}`) },
        onLine: (line) => {
          if (line.includes('"msg":"slow query"')) slowQueries += 1;
          else if (line.includes('"level":50') || line.includes('"level":60')) console.error(line.slice(0, 500));
        },
      });
      gateways.push(gateway);
    }
    const token = await gateways[0].token(Role.CST_OFFICER);
    const caseIds = cases.map((k) => k.id);
    const drive = (until: number, outcome: Outcome, base: number) =>
      Promise.all(
        Array.from({ length: clients }, (_, c) =>
          client(gateways[c % GATEWAYS], token, caseIds, base + c * 1_000_000, until, outcome),
        ),
      );
    // Warm-up (compiled code paths, pools filled): its complaints are checked with the rest, not timed.
    const warm: Outcome = { latencies: [], references: [], failures: [] };
    await drive(Date.now() + warmup * 1000, warm, 500_000);
    const outcome: Outcome = { latencies: [], references: [], failures: [] };
    const started = Date.now();
    const until = started + seconds * 1000;
    const [, waits] = await Promise.all([drive(until, outcome, 0), sampleWaits(owner, until)]);
    const elapsed = (Date.now() - started) / 1000;

    // Every acknowledgement and alert written by the intakes goes out before the gateways stop.
    const drainStarted = Date.now();
    let pending = 0;
    for (;;) {
      const [row] = await owner.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'PENDING'`);
      pending = row.n;
      if (pending === 0 || Date.now() - drainStarted > 120_000) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const [{ after, distinct, malformed }] = await owner.query(
      `SELECT count(*)::int AS after, count(DISTINCT reference)::int AS distinct,
              count(*) FILTER (WHERE reference !~ '^CMP-[0-9]{4}-[0-9]{6}$')::int AS malformed FROM complaints`,
    );
    const statuses: { status: string; n: number }[] = await owner.query(
      'SELECT status, count(*)::int AS n FROM notifications GROUP BY 1 ORDER BY 1',
    );

    const sorted = [...outcome.latencies].sort((a, b) => a - b);
    const count = sorted.length;
    const unique = new Set(outcome.references).size;
    const badForm = outcome.references.filter((r) => !REFERENCE.test(r)).length;
    const numbers = outcome.references.map((r) => Number(r.slice(9))).sort((a, b) => a - b);
    const years = new Set(outcome.references.map((r) => r.slice(4, 8)));
    const span = count > 0 ? numbers[count - 1] - numbers[0] + 1 : 0;
    const ms = (v: number | undefined) => `${(v ?? 0).toFixed(0)} ms`;
    console.log(
      `recordComplaint, ${clients} clients over ${GATEWAYS} gateway processes (workers on), ${seconds} s, ` +
        `scale ${scale}: ${count} recorded (${outcome.failures.length} failed) = ${(count / elapsed).toFixed(1)} req/s`,
    );
    console.log(
      `latency: p50 ${ms(percentile(sorted, 0.5))}, p95 ${ms(percentile(sorted, 0.95))}, ` +
        `p99 ${ms(percentile(sorted, 0.99))}, max ${ms(sorted.at(-1))}`,
    );
    console.log(
      `references: ${unique} distinct of ${count} answered (${badForm} not CMP-YYYY-NNNNNN), year ${[...years].join(', ')}, ` +
        `${numbers[0] ?? '-'} to ${numbers.at(-1) ?? '-'} (${span - count} numbers unused); ` +
        `database: ${after - before} new complaints (${warm.references.length} in the warm-up), ` +
        `${distinct} distinct references of ${after}, ${malformed} malformed`,
    );
    console.log(
      `slow-query warnings: ${slowQueries}; notifications ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}` +
        ` (${pending} pending after the drain); SMTP peer received ${received}`,
    );
    const top = [...waits.waits].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(
      `database sessions, mean busy per sample (${waits.samples} samples): ` +
        top.map(([wait, n]) => `${wait} ${(n / waits.samples).toFixed(2)}`).join(', '),
    );
    for (const failure of [...warm.failures, ...outcome.failures].slice(0, 5)) console.error(`failed: ${failure}`);
    const everyReference = [...warm.references, ...outcome.references];
    const ok =
      new Set(everyReference).size === everyReference.length &&
      badForm === 0 &&
      distinct === after &&
      malformed === 0 &&
      after - before === everyReference.length;
    if (!ok) {
      console.error('references are not all distinct and well formed, or answers and rows disagree');
      process.exitCode = 1;
    }
  } finally {
    for (const gateway of gateways) await gateway.stop();
    if (owner.isInitialized) await owner.destroy();
    await db.stop();
    await new Promise<void>((resolve) => peer.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
});
