/**
 * `npm run bench`: seeds scale 10 into a scratch embedded PostgreSQL, starts the gateway in a child
 * process and drives it with autocannon on the CST work queue and on one complaint with its whole
 * case file. Every response body is checked. Prints requests/s, p50/p99 latency, SQL statements per
 * request and the gateway's peak RSS. Options: --scale N (10), --duration S (15), --connections C (10),
 * --cpu-prof DIR (write the gateway's CPU profile there).
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDataSource } from '../src/db/data-source';
import { Role } from '../src/domain/enums';
import { commandLine, run } from '../scripts/cli';
import { seededDatabase, startGatewayProcess, type GatewayProcess } from './harness';

const WORK_QUEUE = `query WorkQueue {
  complaints(first: 50, orderBy: NEXT_DUE_ON) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id reference status nextDueOn responseDueOn dueReason
      subjectStaff { id firstName lastName }
      case { id caseNumber hearings { id startsAt status } }
    } }
  }
}`;

const COMPLAINT_DETAIL = `query ComplaintDetail($id: ID!) {
  complaint(id: $id) {
    id reference status channel receivedAt cstDueOn acknowledgementDueOn responseDueOn dueReason nextDueOn version
    complainant { kind firstName lastName email }
    subjectStaff { firstName lastName lineManager { firstName lastName } }
    aspects { category description finding remedialAction provider { name } courtReport { title } staff { lastName } }
    referrals { level outcome }
    courtNotifications { reason dueOn sentAt court { name } }
    responses { status understanding sentAt }
    case {
      caseNumber status involvementEndedOn
      court { name email } serviceArea { name }
      practitioner { firstName lastName lineManager { firstName lastName } }
      hearings { startsAt status hearingType court { name } }
      courtReports { title reportType filedOn author { lastName } }
      contactLogs { occurredAt method withWhom summary staff { lastName } }
      parties { firstName lastName role }
      children { firstName lastName dateOfBirth }
    }
  }
}`;

interface Metrics {
  sql: number;
  requests: number;
}

async function scrape(base: string): Promise<Metrics> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(name))
      .reduce((a, l) => a + Number(l.split(' ').at(-1)), 0);
  return { sql: sum('gateway_sql_statements_total'), requests: sum('gateway_graphql_requests_total{') };
}

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

run(async () => {
  const { values } = commandLine('npm run bench [-- --scale N] [--duration S] [--connections N] [--cpu-prof dir]', {
    scale: { type: 'string', default: '10' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
    'cpu-prof': { type: 'string' },
  });
  const scale = Number(values.scale);
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const db = await seededDatabase({ scale });
  let gateway: GatewayProcess | undefined;
  try {
    const { counts } = db;
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `seeded scale ${scale}: ${counts.cases} cases, ${counts.complaints} complaints, ${rows} rows in ${db.seconds.toFixed(1)} s`,
    );
    const ds = createDataSource({ url: db.appUrl });
    await ds.initialize();
    const [{ id: detailId }] = await ds.query(
      `SELECT c.id FROM complaints c WHERE c.case_id IS NOT NULL AND EXISTS (SELECT 1 FROM complaint_aspects a WHERE a.complaint_id = c.id) ORDER BY c.reference LIMIT 1`,
    );
    await ds.destroy();

    const profileDir = values['cpu-prof'];
    gateway = await startGatewayProcess(
      db,
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [],
    );
    const { base } = gateway;
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${await gateway.token(Role.CST_OFFICER)}`,
    };

    const cases = [
      {
        name: 'work queue: complaints(first: 50) + case, hearings, subject staff',
        body: JSON.stringify({ operationName: 'WorkQueue', query: WORK_QUEUE }),
        check: (data: any) =>
          data?.complaints?.edges?.length === 50 && data.complaints.edges.every((e: any) => e.node.reference),
      },
      {
        name: 'one complaint with its whole case file',
        body: JSON.stringify({
          operationName: 'ComplaintDetail',
          query: COMPLAINT_DETAIL,
          variables: { id: detailId },
        }),
        check: (data: any) => data?.complaint?.id === detailId && Array.isArray(data.complaint.case?.hearings),
      },
    ];
    const results: string[] = [];
    for (const c of cases) {
      // Warm up (and check one answer in full).
      const probe: any = await (await fetch(`${base}/graphql`, { method: 'POST', headers, body: c.body })).json();
      if (probe.errors || !c.check(probe.data))
        throw new Error(`${c.name}: unexpected answer ${JSON.stringify(probe).slice(0, 500)}`);
      await autocannon({ url: `${base}/graphql`, connections, duration: 3, method: 'POST', headers, body: c.body });
      const before = await scrape(base);
      let bad = 0;
      const result = await autocannon({
        url: `${base}/graphql`,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            headers,
            body: c.body,
            onResponse: (status: number, body: string) => {
              if (status !== 200) return void bad++;
              try {
                const parsed = JSON.parse(body);
                if (parsed.errors || !c.check(parsed.data)) bad++;
              } catch {
                bad++;
              }
            },
          },
        ],
      });
      const after = await scrape(base);
      const served = after.requests - before.requests;
      const line = [
        c.name,
        `  requests/s ${result.requests.average.toFixed(0)}  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms`,
        `  SQL statements/request ${(served ? (after.sql - before.sql) / served : 0).toFixed(2)}  responses checked ${result.requests.total}  bad ${bad + result.non2xx + result.errors}`,
      ].join('\n');
      console.log(line);
      results.push(line);
      if (bad + result.non2xx + result.errors > 0)
        throw new Error(`${c.name}: ${bad + result.non2xx + result.errors} bad responses`);
    }
    console.log(
      `gateway peak RSS ${(await peakRss(gateway.pid)).toFixed(0)} MiB (${connections} connections, ${duration} s per operation, ${os.cpus().length} cores)`,
    );
  } finally {
    await gateway?.stop();
    await db.stop();
  }
});
