/**
 * SIGTERM under keep-alive load (SPEC §6, issue 12): the compiled gateway process is stopped while
 * 16 clients on keep-alive connections send mutations and queries (and one sends its complaints
 * slowly), and they keep sending until their connections are refused. Then, from the database and
 * the gateway's log: every complaint that committed had its client answered (none
 * committed-but-cut), and no answer the gateway wrote was cut; every request sent once the process
 * had said it was shutting down was answered with `Connection: close`; `/readyz` answered 503 while
 * the process still answered; the steps ran in order, the database last; and the process exited 0
 * (not forced: the force exit is 1). Once with no drain delay, once with one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens';
import { Role } from '../src/domain/enums';
import type { Case, Staff } from '../src/entities';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { TEST_ENV } from './fixtures/gateway';
import { waitUntil } from './fixtures/wait';

const MAIN = path.resolve('dist/src/main.js');
const SECRET = 'shutdown-test-secret-long-enough-for-hs256';
const CLIENTS = 16;
/** Answers received before the signal: the load is well under way. */
const WARM_UP = 150;

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordComplaintInput!) {
    recordComplaint(input: $input) {
      complaint {
        id
        summary
      }
      errors {
        code
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
        }
      }
    }
  }
`;

let db: TestDatabase;
let dataDir: string;
let officer: Staff;
let kase: Case;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'gateway-shutdown-'));
  await chmod(dataDir, 0o755);
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea();
  kase = await f.case({ serviceAreaId: area.id });
  officer = await f.staff({ role: Role.CST_OFFICER });
  token = await signToken(new TextEncoder().encode(SECRET), { role: Role.CST_OFFICER, subject: officer.id });
});

afterAll(async () => {
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Process {
  child: ChildProcess;
  port: number;
  lines: () => string[];
  /** Set, synchronously, when the process's "shutting down" line arrives. */
  draining: () => boolean;
}

async function startGatewayProcess(env: Record<string, string>): Promise<Process> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      ...TEST_ENV,
      WORKERS: 'on',
      DATA_DIR: dataDir,
      DATABASE_URL: db.appUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      JWT_SECRET: SECRET,
      DEMO_SCALE: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let draining = false;
  child.stdout.on('data', (d) => {
    const tail = output.slice(-100);
    output += d;
    if (!draining && (tail + String(d)).includes('"msg":"shutting down"')) draining = true;
  });
  child.stderr.on('data', (d) => (output += d));
  const lines = () => output.split('\n').filter(Boolean);
  const ready = await waitUntil(
    'the gateway process to be ready',
    () => (child.exitCode === null ? lines().find((l) => l.includes('gateway ready')) : `exited: ${output}`),
    (line) => line !== undefined,
  );
  if (!ready?.includes('gateway ready')) throw new Error(`the gateway did not start: ${ready}`);
  return { child, port: Number(new URL(JSON.parse(ready).url).port), lines, draining: () => draining };
}

interface Answer {
  status: number;
  connection: string | undefined;
  body: any;
}

/**
 * One request over `agent`; rejects with the socket error (its `code`) when there is no answer. With
 * `trickleMs`, the body follows the headers in ten pieces over that time, as from a slow client.
 */
function request(
  agent: http.Agent,
  port: number,
  method: string,
  pathname: string,
  { body, id, trickleMs = 0 }: { body?: unknown; id?: string; trickleMs?: number } = {},
) {
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
          authorization: `Bearer ${token}`,
          ...(id ? { 'x-request-id': id } : {}),
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
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (!payload || !trickleMs) return req.end(payload);
    req.flushHeaders();
    const pieces = payload.match(/[^]{1,40}/g)!;
    const size = Math.ceil(pieces.length / 10);
    const write = (from: number) => {
      if (req.destroyed) return;
      if (from + size >= pieces.length) return req.end(pieces.slice(from).join(''));
      req.write(pieces.slice(from, from + size).join(''));
      setTimeout(() => write(from + size), trickleMs / 10);
    };
    write(0);
  });
}

interface Outcome {
  kind: 'mutation' | 'query' | 'readyz';
  /** The request id the gateway logs with its answer. */
  id?: string;
  marker?: string;
  /** Sent after SIGTERM was sent / after the process said it was shutting down. */
  afterSignal: boolean;
  afterDraining: boolean;
  answer?: Answer;
  error?: string;
}

/**
 * A client on a keep-alive connection: alternately records a complaint and reads the work queue
 * until refused. A slow client sends only complaints, each body taking a second to arrive: one is
 * usually in flight when the signal comes, and the others' connections carry new requests meanwhile.
 */
async function client(
  n: number,
  gateway: Process,
  agent: http.Agent,
  state: { signalled: boolean; giveUp: boolean; scenario: string },
  outcomes: Outcome[],
  slow = false,
) {
  for (let i = 0; !state.giveUp; i++) {
    const mutation = slow || i % 2 === 0;
    const marker = `shutdown-test ${state.scenario} client ${n} request ${i}`;
    const outcome: Outcome = {
      kind: mutation ? 'mutation' : 'query',
      id: `${state.scenario}-${n}-${i}`,
      marker: mutation ? marker : undefined,
      afterSignal: state.signalled,
      afterDraining: gateway.draining(),
    };
    const body = mutation
      ? {
          query: RECORD,
          variables: {
            input: {
              channel: 'EMAIL',
              receivedAt: '2026-03-02T09:00:00Z',
              summary: marker,
              caseId: kase.id,
              complainant: {
                kind: 'NON_PARTY',
                firstName: 'Pat',
                lastName: 'Grandparent',
                relationship: 'Grandmother',
              },
            },
          },
        }
      : { query: QUEUE };
    try {
      outcome.answer = await request(agent, gateway.port, 'POST', '/graphql', {
        body,
        id: outcome.id,
        trickleMs: slow ? 1_000 : 0,
      });
    } catch (error) {
      outcome.error = (error as NodeJS.ErrnoException).code ?? String(error);
    }
    outcomes.push(outcome);
    if (outcome.error === 'ECONNREFUSED') return;
  }
}

/** `/readyz` on a connection of its own, every 50 ms, until refused. */
async function readinessProbe(gateway: Process, state: { signalled: boolean; giveUp: boolean }, outcomes: Outcome[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    while (!state.giveUp) {
      const outcome: Outcome = { kind: 'readyz', afterSignal: state.signalled, afterDraining: gateway.draining() };
      try {
        outcome.answer = await request(agent, gateway.port, 'GET', '/readyz');
      } catch (error) {
        outcome.error = (error as NodeJS.ErrnoException).code ?? String(error);
      }
      outcomes.push(outcome);
      if (outcome.error === 'ECONNREFUSED') return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    agent.destroy();
  }
}

describe('SIGTERM under keep-alive load', () => {
  it.each([
    { scenario: 'at-once', delay: '0' },
    { scenario: 'with-delay', delay: '2' },
  ])('answers every request it accepted ($scenario: SHUTDOWN_DELAY_SECONDS=$delay)', async ({ scenario, delay }) => {
    const gateway = await startGatewayProcess({ SHUTDOWN_DELAY_SECONDS: delay });
    const exited = new Promise<number | null>((resolve) => gateway.child.once('exit', (code) => resolve(code)));
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));
    const state = { signalled: false, giveUp: false, scenario };
    const outcomes: Outcome[] = [];
    const probes: Outcome[] = [];
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n, gateway, agent, state, outcomes));
    const slowAgent = new http.Agent({ keepAlive: true });
    clients.push(client(CLIENTS, gateway, slowAgent, state, outcomes, true));
    const probe = readinessProbe(gateway, state, probes);
    try {
      await waitUntil(
        `${WARM_UP} answers before the signal`,
        () => outcomes.filter((o) => o.answer).length,
        (n) => n >= WARM_UP,
      );
      gateway.child.kill('SIGTERM');
      state.signalled = true;
      await waitUntil(
        'the gateway process to exit',
        () => exitCode,
        (code) => code !== undefined,
      );
      await waitUntil(
        'every client to be refused',
        () => outcomes.filter((o) => o.error === 'ECONNREFUSED').length,
        (n) => n === CLIENTS + 1,
      );
      await probe;
    } finally {
      state.giveUp = true;
      await Promise.allSettled([...clients, probe]);
      agent.destroy();
      slowAgent.destroy();
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }

    const rows: { summary: string }[] = await db.dataSource.query(
      `SELECT summary FROM complaints WHERE summary LIKE $1`,
      [`shutdown-test ${scenario} %`],
    );
    const committed = new Set(rows.map((r) => r.summary));
    const mutations = outcomes.filter((o) => o.kind === 'mutation');
    const answered = (o: Outcome) =>
      o.answer?.status === 200 && o.answer.body?.data?.recordComplaint?.complaint?.summary === o.marker;
    // What the gateway says it answered (it logs each answer after writing it).
    const logged = new Set(
      gateway
        .lines()
        .filter((l) => l.includes('"msg":"graphql"'))
        .map((l) => JSON.parse(l).requestId as string),
    );
    const drainingRequests = [...outcomes, ...probes].filter((o) => o.afterDraining && o.answer);
    const summary = {
      committedButCut: mutations.filter((o) => committed.has(o.marker!) && !answered(o)).map((o) => o.marker),
      answeredButCut: outcomes.filter((o) => o.error && logged.has(o.id!)).map((o) => o.id),
      answeredNotCommitted: mutations.filter((o) => answered(o) && !committed.has(o.marker!)).map((o) => o.marker),
      notOk: outcomes.filter((o) => o.answer && o.answer.status !== 200).map((o) => o.answer),
      withoutConnectionClose: drainingRequests.filter((o) => o.answer!.connection !== 'close').length,
      exitCode,
    };
    const afterSignal = mutations.filter((o) => o.afterSignal);
    const readyzWhileDraining = probes.filter((o) => o.afterDraining && o.answer).map((o) => o.answer!.status);
    console.log(
      `shutdown test (${scenario}): ${outcomes.length} requests, ${mutations.length} mutations, ` +
        `${committed.size} committed; after the signal ${afterSignal.length} mutations sent, ` +
        `${afterSignal.filter(answered).length} answered, ` +
        `${afterSignal.filter((o) => o.error && o.error !== 'ECONNREFUSED').length} cut ` +
        `(${afterSignal.filter((o) => o.error && committed.has(o.marker!)).length} of them committed), ` +
        `${summary.answeredButCut.length} requests cut after the gateway wrote their answer, ` +
        `${outcomes.filter((o) => o.answer?.connection === 'close').length} answered with Connection: close; ` +
        `${drainingRequests.length} requests (probes too) sent after "shutting down" and answered, ` +
        `${summary.withoutConnectionClose} of them without Connection: close; ` +
        `/readyz after "shutting down": ${JSON.stringify(readyzWhileDraining)}`,
    );
    expect(summary).toEqual({
      committedButCut: [],
      answeredButCut: [],
      answeredNotCommitted: [],
      notOk: [],
      withoutConnectionClose: 0,
      exitCode: 0,
    });
    // The stop met requests: some in flight or arriving were answered, and told to close.
    expect(outcomes.filter((o) => o.answer?.connection === 'close').length).toBeGreaterThan(0);
    if (delay !== '0') {
      // Readiness says 503 at once, while the process still answers through the drain delay.
      expect(readyzWhileDraining).toContain(503);
      expect(readyzWhileDraining).not.toContain(200);
    }
    // The steps in order, the database last; by their times (lines written at exit may come out of order).
    const steps = ['shutting down', 'http stopped', 'workers stopped', 'stopped'].map((msg) => {
      const line = gateway.lines().find((l) => l.includes(`"msg":"${msg}"`));
      return line ? (JSON.parse(line).time as number) : null;
    });
    expect(
      steps.every((t, k) => t !== null && (k === 0 || t >= steps[k - 1]!)),
      `shutdown steps at ${steps}`,
    ).toBe(true);
  });
});
