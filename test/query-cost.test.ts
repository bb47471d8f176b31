/**
 * Issue 13, point 2: an operation's cost multiplies by the size of every list above each field and
 * is refused over the limit before anything runs (src/graphql/cost.ts); a caller over its rate limit
 * is answered 429 (src/http/rate-limit.ts). Through a production-mode gateway and its identity provider.
 */
import { Kind, parse, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalStatements } from '../src/db/sql-counter';
import { Role } from '../src/domain/enums';
import { ASSUMED_LIST_SIZE, COUNT_WEIGHT, operationCost, STATISTICS_WEIGHT } from '../src/graphql/cost';
import { createSchema } from '../src/graphql/schema';
import { RateLimiter } from '../src/http/rate-limit';
import { createServices } from '../src/services/services';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { startIdentityProvider, type IdentityProvider } from './fixtures/identity-provider';

/** The query: depth 14, a complaint's case's complaints five times over, under a page of 100. */
const RECURSIVE = `{ complaints(first: 100) { edges { node { id reference case { id complaints { id reference case { id
  complaints { id reference case { id complaints { id reference case { id complaints { id reference case { id
  complaints { id reference status } } } } } } } } } } } } } }`;

/** The limit the gateways here run with: small, so that a query just under it is easy to write. */
const LIMIT = 1_000;

/** `complaints(first: n) { edges { node { id reference } } }` costs 1 + n × (edge 1 + node 1 + 2 scalars). */
const page = (first: number) => `complaints(first: ${first}) { edges { node { id reference } } }`;

let db: TestDatabase;
let idp: IdentityProvider;
let gw: TestGateway;
let officer: string;

beforeAll(async () => {
  db = await createTestDatabase();
  idp = await startIdentityProvider();
  const f = new Factory(db.dataSource);
  const staff = await f.staff({ role: Role.CST_OFFICER });
  for (let i = 0; i < 3; i++) {
    const kase = await f.case();
    await f.complaint({ caseId: kase.id });
    await f.complaint({ caseId: kase.id });
  }
  gw = await startTestGateway(db, { production: idp, env: { QUERY_COST_LIMIT: String(LIMIT) } });
  officer = await gw.token(Role.CST_OFFICER, staff.id);
});

afterAll(async () => {
  await gw?.stop();
  await idp?.stop();
  await db?.drop();
});

/** The query's answer and the SQL statements it ran (the caller's subject already known and cached). */
async function run(query: string, variables?: Record<string, unknown>, token = officer) {
  await gw.query('{ me { role } }', {}, token);
  const before = totalStatements();
  const result = await gw.query(query, variables, token);
  return { ...result, statements: totalStatements() - before };
}

function expectRefused(result: Awaited<ReturnType<typeof run>>): number {
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  expect(result.statements).toBe(0);
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0].extensions?.code).toBe('QUERY_TOO_COSTLY');
  const match = /estimated cost (\d+) is over the limit of (\d+)/.exec(result.errors![0].message);
  expect(match?.[2]).toBe(String(LIMIT));
  return Number(match![1]);
}

describe('the cost limit', () => {
  it("refuses the issue's recursive query before any SQL runs, saying its cost and the limit", async () => {
    const cost = expectRefused(await run(RECURSIVE));
    expect(cost).toBeGreaterThan(100 * ASSUMED_LIST_SIZE ** 5);
  });

  it('accepts a query just under the limit and refuses one just over it', async () => {
    // 401 + 401 + (1 + 4 × 49) = 999, then 1003 with one more node.
    const under = await run(`{ a: ${page(100)} b: ${page(100)} c: ${page(49)} }`);
    expect(under.errors).toBeUndefined();
    expect(under.status).toBe(200);
    expect(under.data.c.edges).toHaveLength(6);
    expect(expectRefused(await run(`{ a: ${page(100)} b: ${page(100)} c: ${page(50)} }`))).toBe(LIMIT + 3);
  });

  it('counts `first` given through a variable at its value, or at its default when left out', async () => {
    // 1 + n × (edge 1 + node 1 + case 1 + ASSUMED_LIST_SIZE hearings × 2)
    const query = `query ($n: Int = 50) { complaints(first: $n) { edges { node { case { hearings { id } } } } } }`;
    const perNode = 3 + ASSUMED_LIST_SIZE * 2;
    expect(expectRefused(await run(query))).toBe(1 + 50 * perNode);
    expect(expectRefused(await run(query, { n: 44 }))).toBe(1 + 44 * perNode);
    // Larger than any page (refused when it runs): counted as the largest page.
    expect(expectRefused(await run(query, { n: 250 }))).toBe(1 + 100 * perNode);
    const ok = await run(query, { n: 40 });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.complaints.edges).toHaveLength(6);
  });

  it('counts each request of one query text with its own variables (skipped pages, a page size)', async () => {
    // a and b: 1 + 100 × 4 each when included; c: 1 + n × 3.
    const big = `complaints(first: 100) @include(if: $big) { edges { node { id reference } } }`;
    const query = `query ($big: Boolean!, $n: Int!) { a: ${big} b: ${big} c: complaints(first: $n) { edges { node { id } } } }`;
    const accepted = async (variables: Record<string, unknown>) =>
      expect((await run(query, variables)).errors).toBeUndefined();
    await accepted({ big: false, n: 100 });
    expect(expectRefused(await run(query, { big: true, n: 100 }))).toBe(802 + 301);
    await accepted({ big: true, n: 10 });
    expect(expectRefused(await run(query, { big: true, n: 200 }))).toBe(802 + 301);
    await accepted({ big: false, n: 100 });
    expect(expectRefused(await run(query, { big: true, n: 66 }))).toBe(802 + 199);
  });

  it('counts fields selected through fragments as if written out', async () => {
    const written = `{ complaints(first: 60) { edges { node { id reference case { caseNumber hearings { id } } } } } }`;
    const spread = `{ complaints(first: 60) { edges { ...E } } }
      fragment E on ComplaintEdge { node { id ...C } }
      fragment C on Complaint { reference ... on Complaint { case { caseNumber hearings { id } } } }`;
    const cost = expectRefused(await run(written));
    expect(expectRefused(await run(spread))).toBe(cost);
  });

  it('counts the default page size where `first` is absent', async () => {
    const selection = `edges { node { case { hearings { id } parties { id } children { id } } } }`;
    const cost = expectRefused(await run(`{ complaints { ${selection} } }`));
    expect(cost).toBe(1 + 20 * (3 + 3 * ASSUMED_LIST_SIZE * 2));
    expect(expectRefused(await run(`{ complaints(first: 20) { ${selection} } }`))).toBe(cost);
  });
});

describe('the estimated cost', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema(createServices());
  });

  function cost(query: string, variables: Record<string, unknown> = {}): number {
    const document = parse(query);
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    return operationCost(schema, fragments, operation, variables, { defaultPageSize: 20, maxPageSize: 100 });
  }

  const L = ASSUMED_LIST_SIZE;
  it.each<[string, string, Record<string, unknown>, number]>([
    ['one field', '{ me { role } }', {}, 2],
    ['a page of 10 nodes with two fields', `{ ${page(10)} }`, {}, 1 + 10 * 4],
    ['pageInfo is not multiplied', '{ complaints(first: 10) { pageInfo { hasNextPage } } }', {}, 3],
    ['a count over a whole table', '{ complaints(first: 10) { totalCount } }', {}, 1 + COUNT_WEIGHT],
    ['statistics', '{ complaintStatistics(from: "2026-01-01", to: "2026-03-31") { from } }', {}, STATISTICS_WEIGHT + 1],
    ['a list without `first`: its assumed size', '{ case(id: "x") { hearings { id } } }', {}, 1 + L * 2],
    ['lists multiply lists', '{ case(id: "x") { complaints { aspects { id } } } }', {}, 1 + L * (1 + L * 2)],
    ['a field selected twice under one name counts once', '{ me { role role } }', {}, 2],
    ['an alias is another field', '{ me { role r: role } }', {}, 3],
    ['@skip(if: true) counts nothing', '{ me { role subject @skip(if: true) } }', {}, 2],
    [
      '@include(if: $yes) follows its variable',
      'query ($yes: Boolean!) { me { role subject @include(if: $yes) } }',
      { yes: false },
      2,
    ],
    ['first: 0 is an empty page', '{ complaints(first: 0) { edges { node { id } } } }', {}, 1],
  ])('%s', (_, query, variables, expected) => {
    expect(cost(query, variables)).toBe(expected);
  });
});

describe('a rate limiter of 60 a minute', () => {
  it("lets a minute's worth through at once, then one a second, each key on its own", () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
    now += 500;
    expect(limiter.take('a')).toBe(1);
    now += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    // Idle for an hour: full again, never more than a minute's worth.
    now += 3_600_000;
    for (let i = 0; i < 60; i++) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });

  it('forgets the buckets that have filled up again once there are many', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 20_000; i++) limiter.take(`address:${i}`);
    expect(limiter.tracked).toBe(20_000);
    // A minute on, every one of them is full again: the next sweep (at twice the buckets it left) drops them.
    now += 60_000;
    for (let i = 0; i < 5_000; i++) limiter.take(`late:${i}`);
    expect(limiter.tracked).toBe(5_000); // the late ones only
  });

  it('limits nothing at 0', () => {
    const limiter = new RateLimiter(0, () => 0);
    for (let i = 0; i < 1_000; i++) expect(limiter.take('a')).toBe(0);
  });
});

describe('the rate limit', () => {
  let limited: TestGateway;
  beforeAll(async () => {
    limited = await startTestGateway(db, { production: idp, env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  async function post(token: string | null) {
    const response = await fetch(limited.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: '{ me { role } }' }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
  }

  it('answers 429 with Retry-After past the limit for one subject, while another subject is served', async () => {
    const f = new Factory(db.dataSource);
    const busy = await limited.token(Role.CST_OFFICER, (await f.staff({ role: Role.CST_OFFICER })).id);
    const other = await limited.token(Role.CST_OFFICER, (await f.staff({ role: Role.CST_OFFICER })).id);
    for (let i = 0; i < 3; i++) expect((await post(busy)).status).toBe(200);
    const refused = await post(busy);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.body.data).toBeUndefined();
    // A bucket of 3 a minute refills one request every 20 s.
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(20);
    const served = await post(other);
    expect(served.status).toBe(200);
    expect(served.body.data).toEqual({ me: { role: 'CST_OFFICER' } });
  });

  it('counts requests without a valid token by client address', async () => {
    for (let i = 0; i < 3; i++) expect((await post(null)).status).toBe(401);
    const refused = await post('not-a-token');
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions.code).toBe('RATE_LIMITED');
  });
});
