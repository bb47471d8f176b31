/**
 * `npm run bench:stats`: how long `complaintStatistics` takes on a large data set. Seeds scale 100
 * (100,000 cases, ~204,000 complaints) into a scratch embedded PostgreSQL, starts the gateway in a
 * child process and times the query over HTTP, one request at a time, for a quarter of the whole
 * service (as the analyst and as a CST manager), a quarter of one service area and a whole year.
 * Every answer is checked. Options: --scale N (100), --runs N (20), --database-url URL (an already
 * seeded database, e.g. after `npm run seed -- --scale 100`: no scratch server, no seeding).
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../src/auth/tokens';
import { prepareDatabase } from '../src/db/database';
import { createDataSource } from '../src/db/data-source';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded-postgres';
import { Role } from '../src/domain/enums';
import { demoSubject } from '../src/seed/ids';
import { seedDemoData } from '../src/seed/seed';
import { option, run } from '../scripts/cli';

const STATS = `query Stats($from: LocalDate!, $to: LocalDate!, $area: ID) {
  complaintStatistics(from: $from, to: $to, serviceAreaId: $area) {
    from to smallCountsSuppressed
    received { count display } receivedByCategory { key count } receivedByChannel { key count } receivedByStatus { key count }
    receivedByComplainantKind { key count } receivedByTriageOutcome { key count } childrensShare { value display }
    acknowledgements { key count } acknowledgedOnTime { display }
    responsesSent { count display } responsesAgainstDueDate { key count } responsesAgainstOriginalDueDate { key count }
    respondedOnTime { display } respondedOnTimeAgainstOriginalDueDate { display } medianWorkingDaysToRespond { value display }
    extensions { display } referralsByLevel { key display } referralsByOutcome { key display } courtNotifications { display }
    ombudsmanEscalations { display } ombudsmanOutcomes { key display } compliments { display } learningPointsOpened { display } learningPointsClosed { display }
  }
}`;

const TODAY = '2026-11-23';

run(async () => {
  const argv = process.argv.slice(2);
  const scale = Number(option(argv, 'scale') ?? 100);
  const runs = Number(option(argv, 'runs') ?? 20);
  let databaseUrl = option(argv, 'database-url');
  let ownerUrl = process.env.DATABASE_OWNER_URL ?? databaseUrl;
  let dir: string | undefined;
  let pg: EmbeddedServer | undefined;
  let child: ReturnType<typeof spawn> | undefined;
  try {
    if (!databaseUrl) {
      dir = await mkdtemp(path.join(os.tmpdir(), 'gateway-bench-stats-'));
      await chmod(dir, 0o755);
      pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
      const prepared = await prepareDatabase(pg.url('postgres'), 'bench', { user: 'bench_app', password: 'bench_app_password' });
      databaseUrl = prepared.appUrl;
      ownerUrl = prepared.ownerUrl;
      const ds = createDataSource({ url: databaseUrl });
      await ds.initialize();
      const t = Date.now();
      const counts = await seedDemoData(ds, { scale, today: TODAY, onProgress: (m) => process.stdout.write(`\r  ${m}        `) });
      await ds.destroy();
      // As a database in service would be: vacuumed and analysed (by the owner: the application role may not).
      const owner = createDataSource({ url: ownerUrl });
      await owner.initialize();
      await owner.query('VACUUM ANALYZE');
      await owner.destroy();
      console.log(`\nseeded scale ${scale}: ${counts.cases} cases, ${counts.complaints} complaints, ${counts.responses} responses in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
    const port = await freePort();
    const secret = 'bench-secret-that-is-long-enough-for-hs256';
    child = spawn(process.execPath, [path.resolve(__dirname, '../src/main.js')], {
      env: { ...process.env, NODE_ENV: 'test', WORKERS: 'off', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, DATABASE_OWNER_URL: ownerUrl, JWT_SECRET: secret, LOG_LEVEL: 'warn', DEMO_SCALE: '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (const started = Date.now(); !(await fetch(`${base}/readyz`).then((r) => r.ok, () => false)); ) {
      if (child.exitCode !== null) throw new Error('the gateway exited during start-up');
      if (Date.now() - started > 60_000) throw new Error('the gateway did not become ready in 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const token = (role: Role) => signToken(new TextEncoder().encode(secret), { role, subject: demoSubject(role).subject });
    const analyst = await token(Role.ANALYST);
    const manager = await token(Role.CST_MANAGER);
    const post = async (query: string, variables: Record<string, unknown>, bearer: string) => {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    };
    const areas = (await post('{ serviceAreas { id name } }', {}, manager)).data.serviceAreas as { id: string; name: string }[];

    const cases = [
      { name: '2026-Q3, whole service, as ANALYST', variables: { from: '2026-07-01', to: '2026-09-30' }, bearer: analyst },
      { name: '2026-Q3, whole service, as CST_MANAGER', variables: { from: '2026-07-01', to: '2026-09-30' }, bearer: manager },
      { name: `2026-Q3, ${areas[0].name}, as CST_MANAGER`, variables: { from: '2026-07-01', to: '2026-09-30', area: areas[0].id }, bearer: manager },
      { name: '2025-11-24 to 2026-11-23 (a year), whole service, as CST_MANAGER', variables: { from: '2025-11-24', to: TODAY }, bearer: manager },
    ];
    console.log(`complaintStatistics over HTTP, ${runs} requests one at a time after one warm-up (${os.cpus().length} cores, PostgreSQL on the same machine):`);
    for (const c of cases) {
      const probe = await post(STATS, c.variables, c.bearer);
      if (probe.errors || !(probe.data?.complaintStatistics?.received?.count > 0)) throw new Error(`${c.name}: unexpected answer ${JSON.stringify(probe).slice(0, 500)}`);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const answer = await post(STATS, c.variables, c.bearer);
        times.push(performance.now() - t);
        if (answer.errors) throw new Error(`${c.name}: ${JSON.stringify(answer.errors)}`);
      }
      times.sort((a, b) => a - b);
      const s = probe.data.complaintStatistics;
      console.log(
        `  ${c.name}: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms` +
          ` (received ${s.received.display}, responses sent ${s.responsesSent.display}, median ${s.medianWorkingDaysToRespond.display} working days)`,
      );
    }
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await pg?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});
