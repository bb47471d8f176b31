/**
 * What the benchmarks share: a scratch embedded PostgreSQL seeded with the demo data, and the
 * gateway in a child process over it, with tokens for the demo people.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { signToken } from '../src/auth/tokens';
import { prepareDatabase } from '../src/db/database';
import { createDataSource } from '../src/db/data-source';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import type { Role } from '../src/domain/enums';
import { demoSubject } from '../src/seed/ids';
import { seedDemoData } from '../src/seed/seed';
import { commandLine } from '../scripts/cli';

export const BENCH_TODAY = '2026-11-23';

export interface ScratchDatabase {
  appUrl: string;
  ownerUrl: string;
  counts: Record<string, number>;
  seconds: number;
  stop(): Promise<void>;
}

/** A scratch embedded server with the demo data at `scale`; `vacuum` analyses it as a database in service would be. */
export async function seededDatabase(options: {
  scale: number;
  vacuum?: boolean;
  onProgress?: (message: string) => void;
}): Promise<ScratchDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gateway-bench-'));
  await chmod(dir, 0o755); // PostgreSQL runs as the OS user postgres
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
  const stop = async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { ownerUrl, appUrl } = await prepareDatabase(pg.url('postgres'), 'bench', {
      user: 'bench_app',
      password: 'bench_app_password',
    });
    const started = Date.now();
    const app = createDataSource({ url: appUrl });
    await app.initialize();
    const counts = await seedDemoData(app, {
      scale: options.scale,
      today: BENCH_TODAY,
      onProgress: options.onProgress,
    });
    await app.destroy();
    if (options.vacuum) {
      // By the owner: the application role may not.
      const owner = createDataSource({ url: ownerUrl });
      await owner.initialize();
      await owner.query('VACUUM ANALYZE');
      await owner.destroy();
    }
    return { appUrl, ownerUrl, counts, seconds: (Date.now() - started) / 1000, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface GatewayProcess {
  base: string;
  pid: number;
  /** A bearer token for the demo person holding `role`. */
  token(role: Role): Promise<string>;
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  /** Settings over the defaults (workers off, warnings logged), e.g. `WORKERS: 'on'` and `SMTP_URL`. */
  env?: Record<string, string>;
  /** Each line the gateway writes to stdout (its log), instead of passing it through. */
  onLine?: (line: string) => void;
}

/** The gateway in a child process (workers off unless `env` says) over the given database, once it is ready. */
export async function startGatewayProcess(
  database: { appUrl: string; ownerUrl: string },
  nodeArgs: string[] = [],
  options: GatewayProcessOptions = {},
): Promise<GatewayProcess> {
  const port = await freePort();
  const secret = 'bench-secret-that-is-long-enough-for-hs256';
  const child = spawn(process.execPath, [...nodeArgs, path.resolve(__dirname, '../src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      WORKERS: 'off',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.appUrl,
      DATABASE_OWNER_URL: database.ownerUrl,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      DEMO_SCALE: '0',
      ...options.env,
    },
    stdio: ['ignore', options.onLine ? 'pipe' : 'inherit', 'inherit'],
  });
  const { onLine } = options;
  if (onLine && child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    for (
      const started = Date.now();
      !(await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      ));
    ) {
      if (child.exitCode !== null) throw new Error('the gateway exited during start-up');
      if (Date.now() - started > 60_000) throw new Error('the gateway did not become ready in 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    base,
    pid: child.pid!,
    token: (role) => signToken(new TextEncoder().encode(secret), { role, subject: demoSubject(role).subject }),
    stop,
  };
}

/** What a large-data benchmark runs with: the gateway over the database, and how many requests to time. */
export interface LargeDataRun {
  gateway: GatewayProcess;
  database: { appUrl: string; ownerUrl: string };
  runs: number;
}

/**
 * A benchmark over a large data set: `--scale N` (100) seeded into a scratch server, or
 * `--database-url URL` (already seeded: no scratch server, no seeding); `--runs N` (20) requests each.
 * Starts the gateway in a child process, runs `work`, and stops everything whatever happens.
 */
export async function onLargeData(command: string, work: (run: LargeDataRun) => Promise<void>): Promise<void> {
  const { values } = commandLine(`${command} [-- --scale N] [--runs N] [--database-url URL]`, {
    scale: { type: 'string', default: '100' },
    runs: { type: 'string', default: '20' },
    'database-url': { type: 'string' },
  });
  const scale = Number(values.scale);
  const runs = Number(values.runs);
  const databaseUrl = values['database-url'];
  let db: ScratchDatabase | undefined;
  let gateway: GatewayProcess | undefined;
  try {
    if (!databaseUrl) {
      db = await seededDatabase({ scale, vacuum: true, onProgress: (m) => process.stdout.write(`\r  ${m}        `) });
      const { cases, complaints, responses } = db.counts;
      console.log(
        `\nseeded scale ${scale}: ${cases} cases, ${complaints} complaints, ${responses} responses in ${db.seconds.toFixed(0)} s`,
      );
    }
    const database = db ?? { appUrl: databaseUrl!, ownerUrl: process.env.DATABASE_OWNER_URL ?? databaseUrl! };
    gateway = await startGatewayProcess(database);
    await work({ gateway, database, runs });
  } finally {
    await gateway?.stop();
    await db?.stop();
  }
}

/** Milliseconds of `runs` calls of `request` one at a time, sorted; `check` sees each answer. */
export async function timeRequests<T>(runs: number, request: () => Promise<T>, check: (answer: T) => void) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const answer = await request();
    times.push(performance.now() - started);
    check(answer);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1)! };
}
