/**
 * Database faults under load (SPEC §6, issue 12): the compiled gateway process, with workers, runs
 * over a PostgreSQL server this file starts itself, while keep-alive clients send complaints (each
 * with an Idempotency-Key, retried with it until answered) and reads (a provider's too, in its own
 * transaction), and an SMTP peer receives the acknowledgements. Three faults: PostgreSQL stopped and
 * started again; its postmaster killed (SIGKILL) while deliveries are in flight; the application's
 * connections terminated again and again. Each time: the process never exits; every answer is either
 * a success or HTTP 503 `SERVICE_UNAVAILABLE` with `Retry-After` (never 500, never 200 with
 * INTERNAL_SERVER_ERROR); `/readyz` is 503 while the database is down and 200 after, and what is
 * sent after that succeeds; every complaint answered exists exactly once; every acknowledgement ends
 * SENT and reaches the peer, once. Recovery times are printed, not asserted (a busy machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens';
import { prepareDatabase } from '../src/db/database';
import { createDataSource } from '../src/db/data-source';
import { alive, freePort, startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded-postgres';
import { Role } from '../src/domain/enums';
import { Factory } from './fixtures/factories';
import { TEST_ENV } from './fixtures/gateway';
import { startSmtpPeer, type SmtpPeer } from './fixtures/peers';
import { waitUntil } from './fixtures/wait';
import { queryOnce } from './fixtures/database';

const MAIN = path.resolve('dist/src/main.js');
const SECRET = 'database-faults-test-secret-long-enough-for-hs256';
const APP = { user: 'faults_app', password: 'faults_app_password' };
const CLIENTS = 8;
/** How long the load runs against a database that is down, or whose connections are being cut. */
const FAULT_MS = 10_000;

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordComplaintInput!) {
    recordComplaint(input: $input) {
      complaint {
        id
        reference
        summary
      }
      errors {
        code
        message
      }
    }
  }
`;
const QUEUE = /* GraphQL */ `
  query Queue {
    complaints(first: 10) {
      totalCount
      edges {
        node {
          reference
          status
          complainant {
            lastName
          }
        }
      }
    }
  }
`;

let root: string;
let pgPort: number;
/** The running server; null from a SIGKILL until it is started again (its stop() would wait for an exit long past). */
let server: EmbeddedServer | null = null;

const startPostgres = () => startEmbeddedPostgres({ dir: path.join(root, 'pg'), port: pgPort });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'gateway-db-faults-'));
  await chmod(root, 0o755); // PostgreSQL runs as the OS user postgres
  pgPort = await freePort();
  server = await startPostgres();
});

afterAll(async () => {
  await server?.stop().catch(() => undefined);
  if (root) await rm(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The world of one test: its own database on the server, its data, its tokens.

interface World {
  name: string;
  ownerUrl: string;
  appUrl: string;
  caseId: string;
  officer: string;
  provider: string;
}

async function createWorld(name: string): Promise<World> {
  const { ownerUrl, appUrl } = await prepareDatabase(server!.url('postgres'), name, APP);
  const ds = createDataSource({ url: ownerUrl, poolSize: 2 });
  await ds.initialize();
  try {
    const f = new Factory(ds);
    const area = await f.serviceArea();
    const kase = await f.case({ serviceAreaId: area.id });
    const officer = await f.staff({ role: Role.CST_OFFICER });
    const provider = await f.provider();
    const secret = new TextEncoder().encode(SECRET);
    return {
      name,
      ownerUrl,
      appUrl,
      caseId: kase.id,
      officer: await signToken(secret, { role: Role.CST_OFFICER, subject: officer.id }),
      provider: await signToken(secret, { role: Role.PROVIDER, subject: provider.id, partnerId: provider.id }),
    };
  } finally {
    await ds.destroy();
  }
}

/** Statements as the owner on a connection of their own (the server may have been restarted since the last). */
function ownerQuery<T = any>(world: World, text: string, values: unknown[] = []): Promise<T[]> {
  return queryOnce<T>(world.ownerUrl, text, values);
}

// ---------------------------------------------------------------------------------------------
// The gateway process.

interface GatewayProcess {
  child: ChildProcess;
  port: number;
  lines: () => string[];
  /** Set when the process exits: it never should until the test stops it. */
  exit: () => { code: number | null; signal: string | null } | null;
  stop(): Promise<void>;
}

async function startGatewayProcess(world: World, smtp: SmtpPeer): Promise<GatewayProcess> {
  const dataDir = await mkdtemp(path.join(root, 'gateway-'));
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      ...TEST_ENV,
      WORKERS: 'on',
      DATA_DIR: dataDir,
      DATABASE_URL: world.appUrl,
      DATABASE_OWNER_URL: world.ownerUrl,
      SMTP_URL: smtp.url,
      JWT_SECRET: SECRET,
      DEMO_SCALE: '0',
      LOG_LEVEL: 'info',
      NOTIFY_CONCURRENCY: '4',
      NOTIFY_MAINTENANCE_SECONDS: '2',
      // A delivery records what the peer accepted for up to half the lease while the database is away
      // (src/services/delivery.service.ts): well over the outage here, however slowly the server restarts.
      NOTIFY_EXPIRE_SECONDS: '60',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exit: { code: number | null; signal: string | null } | null = null;
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  child.on('exit', (code, signal) => (exit = { code, signal }));
  const lines = () => output.split('\n').filter(Boolean);
  const ready = await waitUntil(
    'the gateway process to be ready',
    () => (exit ? `exited: ${output}` : lines().find((l) => l.includes('gateway ready'))),
    (line) => line !== undefined,
  );
  if (!ready?.includes('gateway ready')) throw new Error(`the gateway did not start: ${ready}`);
  return {
    child,
    port: Number(new URL(JSON.parse(ready).url).port),
    lines,
    exit: () => exit,
    async stop() {
      if (exit) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Fails at once when the gateway process has exited: no fault may end it. */
function stillRunning(gateway: GatewayProcess): void {
  const exit = gateway.exit();
  if (exit) throw new Error(`the gateway process exited (${JSON.stringify(exit)}):\n${logDigest(gateway.lines())}`);
}

// ---------------------------------------------------------------------------------------------
// Clients.

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: any;
}

function request(
  agent: http.Agent,
  port: number,
  method: 'GET' | 'POST',
  pathname: string,
  { body, token, key }: { body?: unknown; token?: string; key?: string } = {},
): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // left as text
          }
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Outcome {
  kind: 'mutation' | 'query' | 'partner' | 'readyz';
  marker?: string;
  /** 1 for the first time a complaint is sent, more for its retries with the same key. */
  attempt?: number;
  sentAt: number;
  answeredAt: number;
  answer?: Answer;
  error?: string;
}

const codesOf = (a: Answer): string[] =>
  Array.isArray(a.body?.errors) ? a.body.errors.map((e: any) => String(e.extensions?.code)) : [];

/** A success: HTTP 200 and no error at all (a mutation's payload errors included). */
function succeeded(o: Outcome): boolean {
  const a = o.answer;
  if (!a || a.status !== 200 || codesOf(a).length > 0) return false;
  if (o.kind !== 'mutation') return o.kind === 'readyz' || a.body?.data?.complaints !== undefined;
  const payload = a.body?.data?.recordComplaint;
  return payload?.errors?.length === 0 && payload.complaint?.summary === o.marker;
}

/** The retryable refusal the gateway owes a client while the database is unavailable. */
function unavailable(o: Outcome): boolean {
  const a = o.answer;
  if (!a || a.status !== 503) return false;
  if (o.kind === 'readyz') return true;
  if (!a.retryAfter) return false;
  return codesOf(a).length > 0 && codesOf(a).every((c) => c === 'SERVICE_UNAVAILABLE');
}

/** Answers to a retry under the same key that end it: the change was made, its answer lost (src/domain/idempotency.ts). */
const alreadyCommitted = (o: Outcome) =>
  o.answer?.status === 409 && codesOf(o.answer).includes('IDEMPOTENCY_KEY_ALREADY_COMMITTED');
/** A retry under the same key while the first request's claim is still held: retry with it shortly. */
const keyInUse = (o: Outcome) =>
  o.answer?.status === 409 && !!o.answer.retryAfter && codesOf(o.answer).includes('IDEMPOTENCY_KEY_IN_USE');

/**
 * After a refusal a client waits a little before its next request: less than the Retry-After it was
 * given, to keep the pressure on, but not so little that a 2-core machine does nothing else.
 */
const pauseAfterRefusal = (o: Outcome) =>
  o.answer && o.answer.status !== 200 ? new Promise((r) => setTimeout(r, 50)) : Promise.resolve();

interface Load {
  outcomes: Outcome[];
  probes: Outcome[];
  /** Complaints sent, by marker, with the key they are sent with and whether they are settled. */
  complaints: Map<string, { key: string; settled: boolean }>;
  stop(): Promise<void>;
}

function input(world: World, marker: string) {
  return {
    channel: 'EMAIL',
    receivedAt: '2026-03-02T09:00:00Z',
    summary: marker,
    caseId: world.caseId,
    complainant: {
      kind: 'NON_PARTY',
      firstName: 'Pat',
      lastName: 'Grandparent',
      relationship: 'Grandmother',
      email: `pat+${marker.replace(/\W+/g, '-')}@example.org`,
    },
  };
}

/** Sends one complaint under its key; settles it when answered OK or told it was already made. */
async function sendComplaint(world: World, gateway: GatewayProcess, agent: http.Agent, load: Load, marker: string) {
  const entry = load.complaints.get(marker)!;
  const outcome: Outcome = {
    kind: 'mutation',
    marker,
    attempt: load.outcomes.filter((o) => o.marker === marker).length + 1,
    sentAt: Date.now(),
    answeredAt: 0,
  };
  try {
    outcome.answer = await request(agent, gateway.port, 'POST', '/graphql', {
      body: { query: RECORD, operationName: 'Record', variables: { input: input(world, marker) } },
      token: world.officer,
      key: entry.key,
    });
  } catch (error) {
    outcome.error = (error as NodeJS.ErrnoException).code ?? String(error);
  }
  outcome.answeredAt = Date.now();
  load.outcomes.push(outcome);
  if (succeeded(outcome) || alreadyCommitted(outcome)) entry.settled = true;
  return outcome;
}

/**
 * CLIENTS keep-alive clients alternating a complaint (a failed one is sent again, with its key,
 * until it is settled) and a read of the work queue; one more reads as a provider; and `/readyz` is
 * polled every 100 ms on a connection of its own.
 */
function startLoad(world: World, gateway: GatewayProcess): Load {
  let stopping = false;
  const load: Load = { outcomes: [], probes: [], complaints: new Map(), stop: async () => undefined };
  const agents: http.Agent[] = [];
  const agent = () => {
    const a = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(a);
    return a;
  };
  const client = async (n: number) => {
    const a = agent();
    let current: string | null = null;
    for (let i = 0; !stopping; i++) {
      if (i % 2 === 0) {
        if (!current) {
          current = `${world.name} client ${n} complaint ${i / 2}`;
          load.complaints.set(current, { key: randomUUID(), settled: false });
        }
        const sent = await sendComplaint(world, gateway, a, load, current);
        if (load.complaints.get(current)!.settled) current = null;
        await pauseAfterRefusal(sent);
        continue;
      }
      const outcome: Outcome = { kind: 'query', sentAt: Date.now(), answeredAt: 0 };
      try {
        outcome.answer = await request(a, gateway.port, 'POST', '/graphql', {
          body: { query: QUEUE },
          token: world.officer,
        });
      } catch (error) {
        outcome.error = (error as NodeJS.ErrnoException).code ?? String(error);
      }
      outcome.answeredAt = Date.now();
      load.outcomes.push(outcome);
      await pauseAfterRefusal(outcome);
    }
  };
  const partner = async () => {
    const a = agent();
    while (!stopping) {
      const outcome: Outcome = { kind: 'partner', sentAt: Date.now(), answeredAt: 0 };
      try {
        outcome.answer = await request(a, gateway.port, 'POST', '/graphql', {
          body: { query: QUEUE },
          token: world.provider,
        });
      } catch (error) {
        outcome.error = (error as NodeJS.ErrnoException).code ?? String(error);
      }
      outcome.answeredAt = Date.now();
      load.outcomes.push(outcome);
      await pauseAfterRefusal(outcome);
    }
  };
  const probe = async () => {
    const a = agent();
    while (!stopping) {
      const outcome: Outcome = { kind: 'readyz', sentAt: Date.now(), answeredAt: 0 };
      try {
        outcome.answer = await request(a, gateway.port, 'GET', '/readyz');
      } catch (error) {
        outcome.error = (error as NodeJS.ErrnoException).code ?? String(error);
      }
      outcome.answeredAt = Date.now();
      load.probes.push(outcome);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const running = [...Array.from({ length: CLIENTS }, (_, n) => client(n)), partner(), probe()];
  load.stop = async () => {
    stopping = true;
    await Promise.allSettled(running);
    for (const a of agents) a.destroy();
  };
  return load;
}

/** Sends every complaint not yet settled again, with its key, until each is (the client's retry after the fault). */
async function settleComplaints(world: World, gateway: GatewayProcess, load: Load): Promise<void> {
  const agent = new http.Agent({ keepAlive: true });
  try {
    await waitUntil(
      'every complaint to be settled by retrying it with its key',
      async () => {
        stillRunning(gateway);
        const open = [...load.complaints].filter(([, c]) => !c.settled).map(([marker]) => marker);
        await Promise.all(open.map((marker) => sendComplaint(world, gateway, agent, load, marker)));
        return [...load.complaints].filter(([, c]) => !c.settled).map(([marker]) => marker);
      },
      (open) => open.length === 0,
      { intervalMs: 1_000 },
    );
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// What must hold after a fault.

/** Waits until every complaint's acknowledgement is SENT and the peer has it; returns what was received. */
async function awaitDeliveries(world: World, gateway: GatewayProcess, smtp: SmtpPeer) {
  const notifications = () => {
    stillRunning(gateway);
    return ownerQuery<{ id: string; status: string; template: string; summary: string | null }>(
      world,
      `SELECT n.id, n.status, n.template, c.summary
         FROM notifications n LEFT JOIN complaints c ON c.id = n.complaint_id`,
    );
  };
  const rows = await waitUntil(
    'every notification to be SENT and received by the SMTP peer',
    notifications,
    (rows) => {
      const received = new Set(smtp.received.map((m) => m.messageId));
      return rows.every((r) => r.status === 'SENT' && received.has(`<${r.id}@complaints-gateway>`));
    },
    { intervalMs: 500 },
  );
  return rows;
}

interface Verdict {
  /** Answers other than a success or a 503 SERVICE_UNAVAILABLE with Retry-After (or a keyed retry's 409). */
  wrong: Outcome[];
  connectionErrors: Outcome[];
}

function judge(load: Load): Verdict {
  const all = [...load.outcomes, ...load.probes];
  return {
    wrong: all.filter(
      (o) =>
        o.answer &&
        !succeeded(o) &&
        !unavailable(o) &&
        !(o.kind === 'mutation' && o.attempt! > 1 && (alreadyCommitted(o) || keyInUse(o))),
    ),
    connectionErrors: all.filter((o) => o.error),
  };
}

/** Outcomes grouped by what they were (kind, status, codes, first message), with counts: a short failure message. */
function summarise(outcomes: Outcome[]): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const o of outcomes) {
    const a = o.answer;
    const what = a
      ? `${o.kind}${o.attempt! > 1 ? ' (retry)' : ''} ${a.status}${a.retryAfter ? ' retry-after' : ''} ` +
        `${codesOf(a).join(',') || '-'} ${String(a.body?.errors?.[0]?.message ?? '').slice(0, 80)}`
      : `${o.kind} ${o.error}`;
    groups[what] = (groups[what] ?? 0) + 1;
  }
  return groups;
}

/** The checks common to every fault; returns figures for the report line. */
async function checkAfterFault(world: World, gateway: GatewayProcess, smtp: SmtpPeer, load: Load) {
  const settling = Date.now();
  await settleComplaints(world, gateway, load);
  const settleMs = Date.now() - settling;
  const verdict = judge(load);
  expect(gateway.exit(), 'the gateway process exited').toBeNull();
  expect(summarise(verdict.connectionErrors), 'requests without an answer').toEqual({});
  expect(summarise(verdict.wrong), 'answers that are neither a success nor a 503').toEqual({});

  // Nothing lost, nothing doubled: each complaint sent (and retried with its key) exists exactly once.
  const rows = await ownerQuery<{ summary: string; n: number }>(
    world,
    `SELECT summary, count(*)::int AS n FROM complaints GROUP BY summary`,
  );
  const counts = new Map(rows.map((r) => [r.summary, r.n]));
  const markers = [...load.complaints.keys()];
  expect(markers.filter((m) => counts.get(m) !== 1).map((m) => [m, counts.get(m) ?? 0])).toEqual([]);
  expect(rows.length).toBe(markers.length);

  // Every acknowledgement SENT and received, none left PENDING, each message once.
  const delivering = Date.now();
  const notifications = await awaitDeliveries(world, gateway, smtp);
  const deliveriesMs = Date.now() - delivering;
  const acknowledged = new Set(notifications.filter((n) => n.template === 'acknowledgement').map((n) => n.summary));
  expect(markers.filter((m) => !acknowledged.has(m))).toEqual([]);
  expect(notifications.filter((n) => n.status !== 'SENT')).toEqual([]);
  const ids = smtp.received.map((m) => m.messageId);
  const duplicates = ids.filter((id, k) => ids.indexOf(id) !== k);
  expect(duplicates, 'messages received more than once').toEqual([]);

  expect(gateway.exit(), 'the gateway process exited').toBeNull();
  const strays = gateway.lines().filter((l) => l.includes('a promise rejected with no handler')).length;
  const count = (p: (o: Outcome) => boolean) => load.outcomes.filter(p).length;
  return {
    requests: load.outcomes.length,
    ok: count(succeeded),
    unavailable: count(unavailable),
    readyz503: load.probes.filter((o) => o.answer?.status === 503).length,
    complaints: markers.length,
    retried: markers.filter((m) => load.outcomes.some((o) => o.marker === m && o.attempt! > 1)).length,
    alreadyCommitted: count(alreadyCommitted),
    keyInUse: count(keyInUse),
    notifications: notifications.length,
    strayRejections: strays,
    settleMs,
    deliveriesMs,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the load has made `count` complaints since `since`. */
async function progress(gateway: GatewayProcess, load: Load, count: number, since = 0): Promise<void> {
  await waitUntil(
    `${count} complaints answered OK`,
    () => {
      stillRunning(gateway);
      return load.outcomes.filter((o) => o.kind === 'mutation' && o.sentAt >= since && succeeded(o)).length;
    },
    (n) => n >= count,
    { intervalMs: 50 },
  );
}

/**
 * After the database is back (`up`): `/readyz` turns 200, and the first request sent after that, a
 * complaint of its own on a new connection, succeeds. Returns the times from `up` to each.
 */
async function recover(world: World, gateway: GatewayProcess, load: Load, up: number) {
  const ready = await waitUntil(
    '/readyz to answer 200 again',
    () => {
      stillRunning(gateway);
      return load.probes.find((o) => o.sentAt >= up && o.answer?.status === 200);
    },
    (o) => o !== undefined,
    { intervalMs: 20 },
  );
  const marker = `${world.name} first after recovery`;
  load.complaints.set(marker, { key: randomUUID(), settled: false });
  const agent = new http.Agent();
  const first = await sendComplaint(world, gateway, agent, load, marker).finally(() => agent.destroy());
  expect(succeeded(first), `the first request after /readyz said 200: ${JSON.stringify(first.answer)}`).toBe(true);
  const firstOk = load.outcomes
    .filter((o) => o.sentAt >= up && succeeded(o))
    .sort((a, b) => a.answeredAt - b.answeredAt)[0];
  return { readyAt: ready!.answeredAt, readyMs: ready!.answeredAt - up, firstOkMs: firstOk.answeredAt - up };
}

/** What was sent once `/readyz` said 200 again succeeded (a keyed retry may instead be told the key's state). */
function failedAfterReady(load: Load, readyAt: number): Outcome[] {
  return load.outcomes.filter(
    (o) =>
      o.sentAt >= readyAt &&
      !succeeded(o) &&
      !(o.kind === 'mutation' && o.attempt! > 1 && (alreadyCommitted(o) || keyInUse(o))),
  );
}

/** The postmaster's pid and its children (backends and helpers), from postmaster.pid and /proc. */
function postmasterAndChildren(): number[] {
  const pid = Number(readFileSync(path.join(root, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [pid, ...children];
}

/** The gateway's warnings and errors, one line per kind (message and error) with a count and the first stack. */
function logDigest(lines: string[]): string {
  const kinds = new Map<string, { n: number; first: string }>();
  for (const line of lines) {
    let entry: any;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = { level: 50, msg: line };
    }
    if (entry.level < 40) continue;
    const kind = `${entry.msg} | ${String(entry.err?.message ?? '').slice(0, 120)}`;
    const seen = kinds.get(kind) ?? { n: 0, first: String(entry.err?.stack ?? '').slice(0, 1500) };
    seen.n += 1;
    kinds.set(kind, seen);
  }
  return [...kinds].map(([kind, { n, first }]) => `${n} × ${kind}\n${first}`).join('\n');
}

interface Scenario {
  world: World;
  smtp: SmtpPeer;
  gateway: GatewayProcess;
  load: Load;
}

/** A world, an SMTP peer, the gateway and the load, then `fault`; everything stopped after, whatever happens. */
async function withLoad(name: string, delayMs: number, fault: (s: Scenario) => Promise<void>): Promise<void> {
  const world = await createWorld(name);
  const smtp = await startSmtpPeer({ delayMs });
  let gateway: GatewayProcess | undefined;
  try {
    gateway = await startGatewayProcess(world, smtp);
    const load = startLoad(world, gateway);
    try {
      await progress(gateway, load, 20);
    } catch (error) {
      await load.stop();
      throw error;
    }
    await fault({ world, smtp, gateway, load });
  } catch (error) {
    if (gateway) console.log(`gateway log (${name}), warnings and errors by kind:\n${logDigest(gateway.lines())}`);
    throw error;
  } finally {
    await gateway?.stop();
    await smtp.stop();
  }
}

describe('database faults under load', () => {
  it('PostgreSQL stopped and started again: 503 while down, recovery by itself, nothing lost', async () => {
    await withLoad('faults_stop', 20, async ({ world, smtp, gateway, load }) => {
      let stopped: number;
      let starting: number;
      let recovery: Awaited<ReturnType<typeof recover>>;
      try {
        await server!.stop();
        stopped = Date.now();
        await waitUntil(
          '/readyz to answer 503 with the database stopped',
          () => load.probes.filter((o) => o.sentAt >= stopped && o.answer?.status === 503).length,
          (n) => n > 0,
        );
        await sleep(stopped + FAULT_MS - Date.now());
        starting = Date.now();
        server = await startPostgres();
        recovery = await recover(world, gateway, load, Date.now());
        await progress(gateway, load, 20, recovery.readyAt);
      } finally {
        await load.stop();
      }
      const whileDown = [...load.outcomes, ...load.probes].filter(
        (o) => o.sentAt >= stopped && o.answeredAt < starting,
      );
      expect(summarise(whileDown.filter((o) => !unavailable(o))), 'answers while down that are not 503').toEqual({});
      expect(whileDown.filter((o) => o.kind === 'mutation').length).toBeGreaterThan(0);
      expect(summarise(failedAfterReady(load, recovery.readyAt)), 'failures once /readyz said 200').toEqual({});
      const figures = await checkAfterFault(world, gateway, smtp, load);
      console.log(
        `database stopped for ${Math.round((starting - stopped) / 1000)} s under load: ` +
          `${whileDown.length} requests while down, all 503; ${JSON.stringify(figures)}; ` +
          `recovery from PostgreSQL ready: /readyz 200 after ${recovery.readyMs} ms, ` +
          `first successful request after ${recovery.firstOkMs} ms`,
      );
    });
  });

  it('postmaster SIGKILLed while deliveries are in flight: same recovery, nothing lost', async () => {
    await withLoad('faults_kill', 300, async ({ world, smtp, gateway, load }) => {
      let killed: number;
      let gone: number;
      let starting: number;
      let recovery: Awaited<ReturnType<typeof recover>>;
      let inFlight: number;
      try {
        // A delivery is in flight: a notification is leased (claimed, not yet recorded).
        inFlight = await waitUntil(
          'a delivery in flight',
          async () =>
            Number(
              (await ownerQuery(world, 'SELECT count(*)::int AS n FROM notifications WHERE lease_token IS NOT NULL'))[0]
                .n,
            ),
          (n) => n > 0,
          { intervalMs: 20 },
        );
        const pids = postmasterAndChildren();
        process.kill(pids[0], 'SIGKILL');
        killed = Date.now();
        server = null;
        // A new postmaster cannot start while a backend of the old one still holds its shared memory.
        await waitUntil(
          'the killed postmaster and its backends to be gone',
          () => pids.filter(alive),
          (left) => left.length === 0,
          { intervalMs: 20 },
        );
        gone = Date.now();
        await waitUntil(
          '/readyz to answer 503 with the postmaster killed',
          () => load.probes.filter((o) => o.sentAt >= killed && o.answer?.status === 503).length,
          (n) => n > 0,
        );
        await sleep(killed + FAULT_MS - Date.now());
        starting = Date.now();
        server = await startPostgres();
        recovery = await recover(world, gateway, load, Date.now());
        await progress(gateway, load, 20, recovery.readyAt);
      } finally {
        await load.stop();
      }
      // Until its backends are gone, a request may still be served by one of them.
      const whileDown = [...load.outcomes, ...load.probes].filter((o) => o.sentAt >= gone && o.answeredAt < starting);
      expect(summarise(whileDown.filter((o) => !unavailable(o))), 'answers while down that are not 503').toEqual({});
      expect(whileDown.filter((o) => o.kind === 'mutation').length).toBeGreaterThan(0);
      expect(summarise(failedAfterReady(load, recovery.readyAt)), 'failures once /readyz said 200').toEqual({});
      const figures = await checkAfterFault(world, gateway, smtp, load);
      console.log(
        `postmaster SIGKILLed with ${inFlight} notification(s) in flight: ` +
          `${whileDown.length} requests while down, all 503; ${JSON.stringify(figures)}; ` +
          `recovery from PostgreSQL ready: /readyz 200 after ${recovery.readyMs} ms, ` +
          `first successful request after ${recovery.firstOkMs} ms`,
      );
    });
  });

  it('application connections terminated under load: 503 SERVICE_UNAVAILABLE, no duplicate email', async () => {
    await withLoad('faults_terminate', 20, async ({ world, smtp, gateway, load }) => {
      let terminated = 0;
      let rounds = 0;
      let leasedAtMost = 0;
      let recovery: Awaited<ReturnType<typeof recover>>;
      const owner = new pg.Client({ connectionString: world.ownerUrl });
      await owner.connect();
      try {
        const until = Date.now() + FAULT_MS;
        while (Date.now() < until) {
          const { rows } = await owner.query(
            `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
              WHERE usename = $1 AND pid <> pg_backend_pid()`,
            [APP.user],
          );
          terminated += rows.filter((r) => r.done).length;
          rounds += 1;
          // Deliveries in flight meanwhile (claimed, not yet recorded): the cut connections met them too.
          const [{ n }] = (
            await owner.query('SELECT count(*)::int AS n FROM notifications WHERE lease_token IS NOT NULL')
          ).rows;
          leasedAtMost = Math.max(leasedAtMost, n);
          await sleep(300);
        }
        recovery = await recover(world, gateway, load, Date.now());
        await progress(gateway, load, 20, recovery.readyAt);
      } finally {
        await owner.end();
        await load.stop();
      }
      expect(summarise(failedAfterReady(load, recovery.readyAt)), 'failures once /readyz said 200').toEqual({});
      const figures = await checkAfterFault(world, gateway, smtp, load);
      expect(figures.unavailable, 'no request met a terminated connection').toBeGreaterThan(0);
      console.log(
        `${terminated} application connections terminated in ${rounds} rounds under load, up to ${leasedAtMost} ` +
          `notifications in flight: ${JSON.stringify(figures)}; after the last round: /readyz 200 after ` +
          `${recovery.readyMs} ms, first successful request after ${recovery.firstOkMs} ms`,
      );
    });
  });
});
