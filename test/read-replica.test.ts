/**
 * The read replica (SPEC §6, issue 14) against a real streaming standby: a primary this file starts
 * (migrated and seeded with the project's own tools), a standby made from it by an online base backup
 * (pg_backup_start/stop, the data folder copied as the OS user postgres) that streams its WAL, and the
 * compiled gateway process with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby.
 *
 * Which server answered is proven, not assumed: with the standby's replay paused, a complaint recorded
 * through a mutation is on the primary only, so a query that does not count it was answered by the
 * standby, and a mutation payload that shows it was read from the primary.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens';
import { prepareDatabase, withDatabase } from '../src/db/database';
import { isConnectionError } from '../src/db/connection-errors';
import { createDataSource } from '../src/db/data-source';
import {
  freePort,
  loadEmbeddedPostgres,
  startEmbeddedPostgres,
  type EmbeddedServer,
} from '../src/db/embedded-postgres';
import { ReplicaReads } from '../src/db/replica';
import { Role } from '../src/domain/enums';
import { queryOnce } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startGatewayProcess, type Spawned } from './fixtures/processes';
import { waitUntil } from './fixtures/wait';

const SECRET = 'read-replica-test-secret-long-enough-for-hs256';
const APP = { user: 'replica_app', password: 'replica_app_password' };
const DATABASE = 'complaints';
/** A standby answers in about a second; a busy machine may take far longer. */
const STANDBY_PATIENCE_MS = 120_000;

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordComplaintInput!) {
    recordComplaint(input: $input) {
      complaint {
        summary
        complainant {
          lastName
        }
      }
      errors {
        code
      }
    }
  }
`;
const QUEUE = /* GraphQL */ `
  query Queue {
    complaints(first: 5) {
      totalCount
    }
  }
`;

let root: string;
let primary: EmbeddedServer;
let password: string;
let ownerUrl: string;
let appUrl: string;
let caseId: string;
let officer: string;
let standbyDir: string;
let standbyPort: number;
let standby: { stop(): Promise<void> } | null = null;
let gateway: Spawned & { url: string };
const postgresUser = {
  uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
  gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
};

/** The standby's URL for `user` (its roles and passwords are the primary's, replicated). */
function standbyUrl(credentials?: { user: string; password: string }): string {
  const superuser = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${standbyPort}/${DATABASE}`;
  return withDatabase(superuser, DATABASE, credentials);
}

const sql = queryOnce;

const complaintsOn = async (url: string) =>
  (await sql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM complaints'))[0].n;

/**
 * An online base backup of the primary into `dir` (pg_basebackup of this version is not at hand): the
 * low-level API in one session, the data folder copied without the server's pid file and WAL.
 */
async function baseBackup(dir: string): Promise<void> {
  const client = new pg.Client({ connectionString: primary.url('postgres') });
  await client.connect();
  try {
    await client.query("SELECT pg_backup_start('standby', true)");
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, postgresUser.uid, postgresUser.gid);
    const copy =
      `tar -C '${path.join(root, 'primary')}' --exclude=postmaster.pid --exclude=postmaster.opts ` +
      `--exclude='pg_wal/*' -cf - . | tar -C '${dir}' -xf -`;
    await new Promise<void>((resolve, reject) =>
      execFile('sh', ['-c', copy], postgresUser, (error, _out, stderr) =>
        error ? reject(new Error(`copying the data folder failed: ${stderr}`)) : resolve(),
      ),
    );
    const [{ labelfile }] = (await client.query('SELECT labelfile FROM pg_backup_stop(true)')).rows;
    for (const [file, text] of [
      ['backup_label', labelfile as string],
      ['standby.signal', ''],
    ]) {
      await writeFile(path.join(dir, file), text, { mode: 0o600 });
      await chown(path.join(dir, file), postgresUser.uid, postgresUser.gid);
    }
  } finally {
    await client.end();
  }
}

/**
 * Starts the standby on its folder. The package's start() waits for "ready to accept connections",
 * which a standby never logs ("… read-only connections"): it is left pending, and the standby is
 * known ready once a connection to it succeeds.
 */
async function startStandby(): Promise<{ stop(): Promise<void> }> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: standbyDir,
    port: standbyPort,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    // Kept on stop: the same standby is started again.
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      // At least the primary's (src/db/embedded-postgres.ts), or recovery stops.
      ...['-c', 'max_connections=200'],
      '-c',
      `primary_conninfo=host=127.0.0.1 port=${primary.port} user=postgres password=${password} ` +
        'application_name=standby1',
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  // Rejected only when the server exits (or is stopped): while starting, that is a failure to report at once.
  let exited: unknown = null;
  void server.start().catch((error: unknown) => (exited = error ?? 'exited'));
  await waitUntil(
    'the standby to accept read-only connections',
    () => {
      if (exited) throw new Error(`the standby exited while starting: ${String(exited)}`);
      return sql(standbyUrl(), 'SELECT pg_is_in_recovery() AS standby').then(([row]) => row.standby as boolean, String);
    },
    (standby) => standby === true,
    { timeoutMs: STANDBY_PATIENCE_MS, intervalMs: 25 },
  );
  return { stop: () => server.stop() };
}

/** Waits until the standby has replayed everything the primary has. */
async function caughtUp(): Promise<number> {
  const n = await complaintsOn(ownerUrl);
  await waitUntil(
    'the standby to catch up',
    () => complaintsOn(standbyUrl()),
    (m) => m === n,
    {
      timeoutMs: STANDBY_PATIENCE_MS,
      intervalMs: 25,
    },
  );
  return n;
}

async function graphql(url: string, query: string, variables?: object, requestId?: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${officer}`,
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

const record = (marker: string) =>
  graphql(gateway.url, RECORD, {
    input: {
      channel: 'EMAIL',
      receivedAt: '2026-03-02T09:00:00Z',
      summary: marker,
      caseId,
      complainant: { kind: 'NON_PARTY', firstName: 'Pat', lastName: marker, relationship: 'Grandmother' },
    },
  });

const queued = async (url = gateway.url) => {
  const answer = await graphql(url, QUEUE);
  if (answer.status !== 200 || answer.errors) throw new Error(`the query failed: ${JSON.stringify(answer)}`);
  return answer.data.complaints.totalCount as number;
};

/** Waits until the query counts `total` complaints: the standby replayed what the primary wrote. */
const seesReplayed = (total: number) =>
  waitUntil(
    'the query to see the complaint once replayed',
    () => queued(),
    (n) => n === total,
    {
      timeoutMs: STANDBY_PATIENCE_MS,
      intervalMs: 25,
    },
  );

/** How many of the process's log lines carry this message. */
const logged = (process: Spawned, message: string) =>
  process
    .output()
    .split('\n')
    .filter((line) => line.includes(`"msg":"${message}`)).length;

const UNREACHABLE = 'read replica unreachable';
const BACK = 'read replica reachable again';

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'gateway-replica-'));
  await chmod(root, 0o755); // PostgreSQL runs as the OS user postgres
  primary = await startEmbeddedPostgres({ dir: path.join(root, 'primary'), port: await freePort() });
  password = (await readFile(path.join(root, 'primary.password'), 'utf8')).trim();
  ({ ownerUrl, appUrl } = await prepareDatabase(primary.url('postgres'), DATABASE, APP));
  const ds = createDataSource({ url: ownerUrl, poolSize: 2 });
  await ds.initialize();
  try {
    const f = new Factory(ds);
    const area = await f.serviceArea();
    caseId = (await f.case({ serviceAreaId: area.id })).id;
    await f.complaint({ caseId });
    const staff = await f.staff({ role: Role.CST_OFFICER });
    officer = await signToken(new TextEncoder().encode(SECRET), { role: Role.CST_OFFICER, subject: staff.id });
  } finally {
    await ds.destroy();
  }

  standbyDir = path.join(root, 'standby');
  standbyPort = await freePort();
  const started = Date.now();
  await baseBackup(standbyDir);
  const copied = Date.now();
  standby = await startStandby();
  console.log(`standby: base backup ${copied - started} ms, ready ${Date.now() - copied} ms after`);

  const env = { JWT_SECRET: SECRET, WORKERS: 'off', DATABASE_REPLICA_URL: standbyUrl(APP) };
  gateway = await startGatewayProcess({ ownerUrl, appUrl }, path.join(root, 'gateway'), env);
}, 240_000);

afterAll(async () => {
  await gateway?.stop('SIGTERM');
  await standby?.stop().catch(() => undefined);
  await primary?.stop().catch(() => undefined);
  if (root) await rm(root, { recursive: true, force: true });
});

describe('read replica', () => {
  it('answers a query from the standby, and a mutation and its payload from the primary', async () => {
    const before = await caughtUp();
    await sql(standbyUrl(), 'SELECT pg_wal_replay_pause()');
    try {
      const recorded = await record('replica one');
      // Written on the primary (the standby refuses writes), and its payload read there: the standby has no such row.
      expect(recorded.status).toBe(200);
      expect(recorded.data.recordComplaint).toMatchObject({
        complaint: { summary: 'replica one', complainant: { lastName: 'replica one' } },
        errors: [],
      });
      expect(await complaintsOn(ownerUrl)).toBe(before + 1);
      // The query does not see it: the standby answered, its replay paused.
      const answer = await graphql(gateway.url, QUEUE, undefined, 'replica-read-1');
      expect(answer).toMatchObject({ status: 200, data: { complaints: { totalCount: before } } });
      // The request's statements on the standby were counted (its log line).
      const line = await waitUntil(
        "the query's log line (written once its connection closes)",
        () =>
          gateway
            .output()
            .split('\n')
            .find((l) => l.includes('"requestId":"replica-read-1"') && l.includes('"msg":"graphql"')),
        (found) => found !== undefined,
      );
      expect(JSON.parse(line!).sql).toBeGreaterThan(0);
    } finally {
      await sql(standbyUrl(), 'SELECT pg_wal_replay_resume()');
    }
    // Replayed, the standby shows it too: asynchronous replication, not a different database.
    await seesReplayed(before + 1);
    expect(logged(gateway, UNREACHABLE)).toBe(0);
  });

  it('answers queries from the primary while the standby is down, with one warning', async () => {
    await standby!.stop();
    standby = null;
    const recorded = await record('replica two');
    expect(recorded.status).toBe(200);
    const total = await complaintsOn(ownerUrl);
    for (let i = 0; i < 5; i++) {
      const answer = await graphql(gateway.url, QUEUE);
      // Not a 503, not an error: the primary's answer, the complaint recorded meanwhile included.
      expect(answer).toMatchObject({ status: 200, data: { complaints: { totalCount: total } } });
      expect(answer.errors).toBeUndefined();
    }
    expect(logged(gateway, UNREACHABLE)).toBe(1);
    expect(gateway.child.exitCode).toBeNull();
  });

  it('reads from the standby again once it is back, without a restart', async () => {
    const restarted = Date.now();
    standby = await startStandby();
    const before = await caughtUp();
    console.log(`standby: restarted and caught up in ${Date.now() - restarted} ms`);
    await sql(standbyUrl(), 'SELECT pg_wal_replay_pause()');
    try {
      expect((await record('replica three')).status).toBe(200);
      // The primary counts it: once the gateway tries the standby again, the query stops counting it.
      await waitUntil(
        'queries to be answered by the standby again',
        () => queued(),
        (n) => n === before,
        {
          timeoutMs: STANDBY_PATIENCE_MS,
          intervalMs: 50,
        },
      );
    } finally {
      await sql(standbyUrl(), 'SELECT pg_wal_replay_resume()');
    }
    await seesReplayed(before + 1);
    expect(logged(gateway, BACK)).toBe(1);
    expect(logged(gateway, UNREACHABLE)).toBe(1);
  });

  it('moves a request to the primary when its replica connection is lost before it answered, and not after', async () => {
    await caughtUp();
    const ds = createDataSource({ url: appUrl, replicated: true, poolSize: 2 });
    await ds.initialize();
    const replica = new ReplicaReads(ds, standbyUrl(APP));
    await replica.start();
    const lose = async (client: pg.ClientBase & { processID?: number }) => {
      const ended = new Promise((resolve) => client.once('error', resolve));
      await sql(standbyUrl(), `SELECT pg_terminate_backend(${client.processID})`);
      await ended;
    };
    const recovering = 'SELECT pg_is_in_recovery() AS standby';
    try {
      // Lost before any statement: the request goes on on the primary.
      const fresh = replica.runner();
      await lose(await fresh.connect());
      expect(await fresh.manager.query(recovering)).toEqual([{ standby: false }]);
      expect(fresh.onReplica).toBe(false);
      await fresh.release();
      // Lost after a statement was answered on it: an error (a 503 for the request), not a silent move.
      await waitUntil(
        'the replica to be tried again',
        () => replica.usable(),
        (usable) => usable,
      );
      const reading = replica.runner();
      expect(await reading.manager.query(recovering)).toEqual([{ standby: true }]);
      await lose(await reading.connect());
      const error = await reading.manager.query(recovering).catch((e: unknown) => e);
      expect(isConnectionError(error)).toBe(true);
      await reading.release();
    } finally {
      await ds.destroy();
    }
  });

  it('starts while the replica is unreachable, and answers from the primary', async () => {
    const nobody = `postgres://replica_app:x@127.0.0.1:${await freePort()}/${DATABASE}`;
    const env = { JWT_SECRET: SECRET, WORKERS: 'off', DATABASE_REPLICA_URL: nobody };
    const other = await startGatewayProcess({ ownerUrl, appUrl }, path.join(root, 'other'), env);
    try {
      expect(await queued(other.url)).toBe(await complaintsOn(ownerUrl));
      expect(logged(other, UNREACHABLE)).toBe(1);
    } finally {
      await other.stop('SIGTERM');
    }
  });
});
