/**
 * `npm run bench:cost`: seeds scale 10 into a scratch embedded PostgreSQL, starts the gateway in a
 * child process and times costly queries one at a time: the recursive query of issue 13 and the
 * heaviest queries the cost limit accepts. Then eight copies of the recursive query at once, with
 * `/healthz` probed throughout. Options: --scale N (10), --runs R (3).
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import {
  getNamedType,
  isLeafType,
  isListType,
  getNullableType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { DEFAULT_QUERY_COST_LIMIT } from '../src/config';
import { DEFAULT_PAGE_SIZE } from '../src/read/paging';
import { operationCost } from '../src/graphql/cost';
import { createSchema } from '../src/graphql/schema';
import { Role } from '../src/domain/enums';
import { createServices } from '../src/services/services';
import { commandLine, run } from '../scripts/cli';
import { seededDatabase, startGatewayProcess } from './harness';

/** The query: a complaint's case's complaints, five levels down, under a page of 100. */
export const RECURSIVE = `query Recursive { complaints(first: 100) { edges { node { id reference case { id
  complaints { id reference case { id complaints { id reference case { id complaints { id reference case { id
  complaints { id reference case { id complaints { id reference status } } } } } } } } } } } } } }`;

/** Fields a CST officer may not read: asking for them would answer an error instead of the data. */
const FORBIDDEN_TO_OFFICER = new Set(['auditTrail', 'notifications', 'qualifications', 'training']);

/** Every field of `type` a query can select without arguments, objects to `depth` levels (lists only if `lists`). */
function everything(type: GraphQLObjectType, depth: number, lists: boolean): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (FORBIDDEN_TO_OFFICER.has(field.name)) continue;
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (depth > 0 && isObjectType(named) && (lists || !isListType(getNullableType(field.type))))
      parts.push(`${field.name} { ${everything(named, depth - 1, lists)} }`);
  }
  return parts.join(' ');
}

function costOf(schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return operationCost(schema, fragments, operation, variables, {
    defaultPageSize: DEFAULT_PAGE_SIZE,
    maxPageSize: 100,
  });
}

/** The token limit src/http/apollo.ts sets: a longer query is refused whatever its cost. */
const MAX_TOKENS = 3000;

function tooManyTokens(query: string): boolean {
  try {
    parse(query, { maxTokens: MAX_TOKENS });
    return false;
  } catch {
    return true;
  }
}

/**
 * The heaviest query of a shape the limit accepts: `shape(first, aliases)` with the most aliases (up
 * to 15), then the largest `first` (up to 100), whose cost is within the limit.
 */
function heaviest(
  schema: GraphQLSchema,
  limit: number,
  shape: (first: number, aliases: number) => string,
): { query: string; cost: number } | null {
  let best: { query: string; cost: number } | null = null;
  for (let aliases = 1; aliases <= 15; aliases++) {
    for (let first = 100; first >= 1; first--) {
      const query = shape(first, aliases);
      if (tooManyTokens(query)) return best;
      const cost = costOf(schema, query);
      if (cost <= limit) {
        if (!best || cost > best.cost) best = { query, cost };
        break;
      }
    }
  }
  return best;
}

const aliased = (aliases: number, field: (i: number) => string) =>
  `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: ${field(i)}`).join(' ')} }`;

/** The shapes an attacker would try under the limit: wide, deep, recursive, many pages. */
function heaviestQueries(schema: GraphQLSchema, limit: number): { name: string; query: string; analyst?: boolean }[] {
  const complaint = schema.getType('Complaint') as GraphQLObjectType;
  const statistics = schema.getType('ComplaintStatistics') as GraphQLObjectType;
  const orders = ['NEXT_DUE_ON', 'RECEIVED_AT', 'RECEIVED_AT_DESC'];
  const page = (selection: string) => (first: number, aliases: number) =>
    aliased(
      aliases,
      (i) => `complaints(first: ${first}, orderBy: ${orders[i % 3]}) { totalCount edges { node { ${selection} } } }`,
    );
  const recursive = (levels: number): string =>
    levels === 0
      ? 'id reference status'
      : `id reference case { id caseNumber complaints { ${recursive(levels - 1)} } }`;
  const shapes: [string, (first: number, aliases: number) => string][] = [
    ['every field of a complaint, objects 1 level down', page(everything(complaint, 1, true))],
    ['every field of a complaint, to-one objects 3 levels down', page(everything(complaint, 3, false))],
    ...[1, 2, 3, 5].map((levels): [string, (first: number, aliases: number) => string] => [
      `a complaint's case's complaints, ${levels} levels down`,
      page(recursive(levels)),
    ]),
    [
      'totalCount of complaints in every order',
      (_, aliases) => aliased(aliases, (i) => `complaints(first: 0, orderBy: ${orders[i % 3]}) { totalCount }`),
    ],
    [
      'statistics for a year (as an analyst)',
      (_, aliases) =>
        aliased(
          aliases,
          (i) =>
            `complaintStatistics(from: "${2025 - i}-11-24", to: "${2026 - i}-11-23") { ${everything(statistics, 2, true)} }`,
        ),
    ],
  ];
  const found: { name: string; query: string; analyst?: boolean }[] = [];
  for (const [name, shape] of shapes) {
    const best = heaviest(schema, limit, shape);
    if (best) found.push({ name: `${name} (cost ${best.cost})`, query: best.query, analyst: name.includes('analyst') });
    else console.log(`${name}: not accepted even with first: 1`);
  }
  return found;
}

interface Timed {
  status: number;
  ms: number;
  bytes: number;
  code: string;
}

async function post(base: string, token: string, query: string, variables?: object): Promise<Timed> {
  const started = performance.now();
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    text = await response.text();
  } catch (error) {
    return { status: 0, ms: performance.now() - started, bytes: 0, code: String((error as Error).cause ?? error) };
  }
  const ms = performance.now() - started;
  const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, ms, bytes: text.length, code: body.errors?.[0]?.extensions?.code ?? '-' };
}

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The named queries, each timed `runs` times for each role; the median and the slowest are printed. */
async function timeQueries(
  base: string,
  tokens: Record<string, string>,
  queries: { name: string; query: string; variables?: object; analyst?: boolean }[],
  runs: number,
): Promise<{ name: string; median: number }> {
  let slowest = { name: '', median: 0 };
  for (const q of queries) {
    for (const [role, token] of Object.entries(tokens)) {
      if ((role === 'ANALYST') !== !!q.analyst) continue;
      const results: Timed[] = [];
      for (let i = 0; i < runs; i++) results.push(await post(base, token, q.query, q.variables));
      const ms = results.map((r) => r.ms);
      const last = results.at(-1)!;
      console.log(
        `${q.name} as ${role}: HTTP ${last.status} ${last.code}, ${(last.bytes / 1024).toFixed(0)} KiB, ` +
          `median ${median(ms).toFixed(0)} ms, slowest ${Math.max(...ms).toFixed(0)} ms`,
      );
      if (median(ms) > slowest.median) slowest = { name: `${q.name} as ${role}`, median: median(ms) };
    }
  }
  return slowest;
}

/** Eight copies of a query at once while `/healthz` is probed every 100 ms. */
async function attack(base: string, token: string, name: string, query: string): Promise<void> {
  let probing = true;
  let slowestProbe = 0;
  const probes = (async () => {
    while (probing) {
      const started = performance.now();
      await fetch(`${base}/healthz`);
      slowestProbe = Math.max(slowestProbe, performance.now() - started);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: 8 }, () => post(base, token, query)));
  const ms = performance.now() - started;
  probing = false;
  await probes;
  const codes = [...new Set(results.map((r) => `${r.status} ${r.code}`))].join(', ');
  console.log(`8 × ${name} at once: all answered in ${ms.toFixed(0)} ms (${codes})`);
  console.log(`  slowest /healthz meanwhile ${slowestProbe.toFixed(0)} ms`);
}

run(async () => {
  const { values } = commandLine('npm run bench:cost [-- --scale N] [--runs N] [--limits a,b,c]', {
    scale: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    limits: { type: 'string', default: String(DEFAULT_QUERY_COST_LIMIT) },
  });
  const scale = Number(values.scale);
  const runs = Number(values.runs);
  const db = await seededDatabase({ scale, vacuum: true });
  console.log(`seeded scale ${scale}: ${db.counts.cases} cases, ${db.counts.complaints} complaints`);
  // --limits a,b,c: what each of these limits would accept (the gateway runs with the largest).
  const limits = values.limits.split(',').map(Number);
  const env = { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', QUERY_COST_LIMIT: String(Math.max(...limits)) };
  const gateway = await startGatewayProcess(db, [], { env });
  try {
    const tokens = {
      CST_OFFICER: await gateway.token(Role.CST_OFFICER),
      PRACTITIONER: await gateway.token(Role.PRACTITIONER),
      ANALYST: await gateway.token(Role.ANALYST),
    };
    const schema = await createSchema(createServices());
    console.log(`the issue's query costs ${costOf(schema, RECURSIVE)}`);
    const { CST_OFFICER, PRACTITIONER } = tokens;
    await timeQueries(
      gateway.base,
      { CST_OFFICER, PRACTITIONER },
      [{ name: 'recursive (issue 13)', query: RECURSIVE }],
      runs,
    );
    for (const limit of limits) {
      console.log(`-- the heaviest queries a limit of ${limit} accepts`);
      const queries = heaviestQueries(schema, limit);
      const slowest = await timeQueries(gateway.base, { CST_OFFICER, ANALYST: tokens.ANALYST }, queries, runs);
      console.log(
        `the heaviest accepted query's time (limit ${limit}): median ${slowest.median.toFixed(0)} ms, ${slowest.name}`,
      );
    }
    await attack(gateway.base, tokens.CST_OFFICER, 'recursive (issue 13)', RECURSIVE);
    // The heaviest pages of complaints the default limit accepts, as a CST officer.
    for (const q of heaviestQueries(schema, DEFAULT_QUERY_COST_LIMIT).filter((h) => !h.analyst))
      await attack(gateway.base, tokens.CST_OFFICER, q.name, q.query);
    console.log(`gateway peak RSS ${(await peakRss(gateway.pid)).toFixed(0)} MiB`);
  } finally {
    await gateway.stop();
    await db.stop();
  }
});
