/**
 * `npm run bench:stats`: how long `complaintStatistics` takes on a large data set. Seeds scale 100
 * (100,000 cases, ~204,000 complaints) into a scratch embedded PostgreSQL, starts the gateway in a
 * child process and times the query over HTTP, one request at a time, for a quarter of the whole
 * service (as the analyst and as a CST manager), a quarter of one service area and a whole year.
 * Every answer is checked. Options: --scale N (100), --runs N (20), --database-url URL (an already
 * seeded database, e.g. after `npm run seed -- --scale 100`: no scratch server, no seeding).
 */
import 'reflect-metadata';
import os from 'node:os';
import { Role } from '../src/domain/enums';
import { run } from '../scripts/cli';
import { BENCH_TODAY, onLargeData, timeRequests } from './harness';

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

run(() =>
  onLargeData('npm run bench:stats', async ({ gateway, runs }) => {
    const { base } = gateway;
    const analyst = await gateway.token(Role.ANALYST);
    const manager = await gateway.token(Role.CST_MANAGER);
    const post = async (query: string, variables: Record<string, unknown>, bearer: string) => {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    };
    const areas = (await post('{ serviceAreas { id name } }', {}, manager)).data.serviceAreas as {
      id: string;
      name: string;
    }[];

    const cases = [
      {
        name: '2026-Q3, whole service, as ANALYST',
        variables: { from: '2026-07-01', to: '2026-09-30' },
        bearer: analyst,
      },
      {
        name: '2026-Q3, whole service, as CST_MANAGER',
        variables: { from: '2026-07-01', to: '2026-09-30' },
        bearer: manager,
      },
      {
        name: `2026-Q3, ${areas[0].name}, as CST_MANAGER`,
        variables: { from: '2026-07-01', to: '2026-09-30', area: areas[0].id },
        bearer: manager,
      },
      {
        name: '2025-11-24 to 2026-11-23 (a year), whole service, as CST_MANAGER',
        variables: { from: '2025-11-24', to: BENCH_TODAY },
        bearer: manager,
      },
    ];
    console.log(
      `complaintStatistics over HTTP, ${runs} requests one at a time after one warm-up (${os.cpus().length} cores, PostgreSQL on the same machine):`,
    );
    for (const c of cases) {
      const probe = await post(STATS, c.variables, c.bearer);
      if (probe.errors || !(probe.data?.complaintStatistics?.received?.count > 0))
        throw new Error(`${c.name}: unexpected answer ${JSON.stringify(probe).slice(0, 500)}`);
      const t = await timeRequests(
        runs,
        () => post(STATS, c.variables, c.bearer),
        (answer) => {
          if (answer.errors) throw new Error(`${c.name}: ${JSON.stringify(answer.errors)}`);
        },
      );
      const s = probe.data.complaintStatistics;
      console.log(
        `  ${c.name}: median ${t.median.toFixed(0)} ms, min ${t.min.toFixed(0)} ms, max ${t.max.toFixed(0)} ms` +
          ` (received ${s.received.display}, responses sent ${s.responsesSent.display}, median ${s.medianWorkingDaysToRespond.display} working days)`,
      );
    }
  }),
);
