/**
 * Hostile clients against a production-mode gateway (issue 13, points 1 and 3): a flood of huge operation
 * names creates no metric series and `/metrics` stays small and off the public port; bad input of every
 * kind is answered 400 / 413 with its code and field, never 500; production names no enum value, server
 * library or limit.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { readConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { totalStatements } from '../src/db/sql-counter';
import { Role } from '../src/domain/enums';
import { OPERATION_LABEL_CAP } from '../src/http/metrics';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { startIdentityProvider, type IdentityProvider } from './fixtures/identity-provider';

let db: TestDatabase;
let idp: IdentityProvider;
let gw: TestGateway;
let officer: string;
let provider: string;
let analyst: string;

beforeAll(async () => {
  db = await createTestDatabase();
  idp = await startIdentityProvider();
  const f = new Factory(db.dataSource);
  gw = await startTestGateway(db, { production: idp });
  officer = await gw.token(Role.CST_OFFICER, (await f.staff({ role: Role.CST_OFFICER })).id);
  provider = await gw.token(Role.PROVIDER, (await f.provider()).id);
  analyst = await gw.token(Role.ANALYST, (await f.staff({ role: Role.ANALYST })).id);
});

afterAll(async () => {
  await gw?.stop();
  await idp?.stop();
  await db?.drop();
});

const JSON_TYPE = { 'content-type': 'application/json' };

async function post(body: string | Buffer, headers: Record<string, string> = JSON_TYPE, bearer?: string) {
  const response = await fetch(gw.gateway.url, {
    method: 'POST',
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

const metricsText = async () => (await fetch(gw.gateway.metricsUrl)).text();

/** The heap in use after a full collection (this process runs the gateway): printed, not asserted. */
function heapMb(): string {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return (process.memoryUsage().heapUsed / 1e6).toFixed(1);
}

describe('a flood of client-chosen operation names', () => {
  it('creates no series of its own: /metrics stays small and never shows the names', async () => {
    const before = await metricsText();
    const heapBefore = heapMb();
    const junk = (i: number) => `Flood${i}_${'x'.repeat(20_000)}`;
    for (let i = 0; i < 300; i += 3) {
      const statuses = await Promise.all([
        // Refused before authentication.
        post(JSON.stringify({ query: `query ${junk(i)} { me { role } }`, operationName: junk(i) })),
        // Authenticated, but invalid (no such field).
        post(
          JSON.stringify({ query: `query ${junk(i + 1)} { me { rol } }`, operationName: junk(i + 1) }),
          JSON_TYPE,
          officer,
        ),
        // Authenticated and valid, each with a name of its own: the first OPERATION_LABEL_CAP get a series.
        post(JSON.stringify({ query: `query Valid${i} { me { role } }` }), JSON_TYPE, officer),
      ]);
      expect(statuses.map((s) => s.status)).toEqual([401, 400, 200]);
    }
    const after = await metricsText();
    console.log(
      `/metrics after 100 unauthenticated + 100 invalid requests with 20 KB names and 100 valid distinct names: ` +
        `${before.length} -> ${after.length} bytes; heap ${heapBefore} -> ${heapMb()} MB`,
    );
    expect(after.length - before.length).toBeLessThan(100_000);
    expect(after).not.toContain('xxxxxxxxxx');
    expect(after).not.toContain('Flood');
    const requests = after.split('\n').filter((l) => l.startsWith('gateway_graphql_requests_total{'));
    const labels = new Set(requests.map((l) => /operation="([^"]*)"/.exec(l)![1]));
    expect(labels.size).toBeLessThanOrEqual(OPERATION_LABEL_CAP + 4);
    expect(after).toContain('gateway_graphql_requests_total{operation="unauthenticated",status="401"} 100');
    expect(after).toContain('gateway_graphql_requests_total{operation="invalid",status="400"} 100');
    expect(after).toContain('gateway_graphql_requests_total{operation="Valid0",status="200"} 1');
    expect(after).toMatch(/gateway_graphql_requests_total\{operation="other",status="200"\} \d+/);
  });
});

describe('/metrics', () => {
  it('is served on a port of its own in production, not on the public one', async () => {
    expect(new URL(gw.gateway.metricsUrl).port).not.toBe(String(gw.gateway.port));
    expect((await fetch(new URL('/metrics', gw.gateway.url))).status).toBe(404);
    expect(await metricsText()).toContain('gateway_graphql_requests_total');
  });

  it('on the public port only behind METRICS_TOKEN, which production then requires', async () => {
    const env = {
      ...idp.env,
      NODE_ENV: 'production',
      DATABASE_URL: db.appUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      SMTP_URL: 'smtp://127.0.0.1:9',
      WORKERS: 'off',
    };
    expect(() => readConfig({ ...env, METRICS_PORT: 'main' })).toThrow(/METRICS_TOKEN/);
    expect(() => readConfig({ ...env, METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
    const token = randomUUID();
    const other = await startTestGateway(db, { production: idp, env: { METRICS_PORT: 'main', METRICS_TOKEN: token } });
    try {
      expect(other.gateway.metricsUrl).toBe(new URL('/metrics', other.gateway.url).href);
      expect((await fetch(other.gateway.metricsUrl)).status).toBe(401);
      const wrong = await fetch(other.gateway.metricsUrl, { headers: { authorization: `Bearer ${randomUUID()}` } });
      expect(wrong.status).toBe(401);
      const right = await fetch(other.gateway.metricsUrl, { headers: { authorization: `Bearer ${token}` } });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('gateway_graphql_requests_total');
    } finally {
      await other.stop();
    }
  });
});

const NOWHERE = '00000000-0000-4000-8000-000000000000';
const COMPLIMENT = 'mutation ($i: RecordComplimentInput!) { recordCompliment(input: $i) { errors { code } } }';
const compliment = (values: Record<string, unknown>) =>
  JSON.stringify({
    query: COMPLIMENT,
    variables: { i: { receivedOn: '2026-01-05', source: 'PROFESSIONAL', staffId: NOWHERE, summary: 'x', ...values } },
  });
const tooManyTokens = `{ me { ${Array.from({ length: 3000 }, () => 'role').join(' ')} } }`;

type Who = 'officer' | 'provider' | 'analyst';
interface Case {
  name: string;
  body: string;
  who: Who;
  status: number;
  code: string;
  field?: string;
  headers?: Record<string, string>;
}

const CORPUS: Case[] = [
  ...(['officer', 'provider'] as const).map((who): Case => ({
    name: `NUL in an inline reference (${who})`,
    body: JSON.stringify({ query: '{ complaint(reference: "CMP\\u0000-1") { id } }' }),
    who,
    status: 400,
    code: 'BAD_USER_INPUT',
    field: 'reference',
  })),
  {
    name: 'NUL in a case number variable',
    body: JSON.stringify({
      query: 'query ($c: String) { case(caseNumber: $c) { id } }',
      variables: { c: 'BM\u000026' },
    }),
    who: 'provider',
    status: 400,
    code: 'BAD_USER_INPUT',
    field: 'caseNumber',
  },
  {
    name: 'NUL in a name nested in an input object',
    body: JSON.stringify({
      query: `mutation ($i: RecordComplaintInput!) { recordComplaint(input: $i) { errors { code } } }`,
      variables: {
        i: {
          channel: 'EMAIL',
          receivedAt: '2026-01-05T10:00:00Z',
          summary: 'late report',
          complainant: { kind: 'ADULT_PARTY', firstName: 'Ann', lastName: 'Smith\u0000' },
        },
      },
    }),
    who: 'officer',
    status: 400,
    code: 'BAD_USER_INPUT',
    field: 'input.complainant.lastName',
  },
  {
    name: 'a lone surrogate in free text',
    body: compliment({ summary: 'thanks \ud800 again' }),
    who: 'officer',
    status: 400,
    code: 'BAD_USER_INPUT',
    field: 'input.summary',
  },
  {
    name: 'year 9999 in a date variable',
    body: compliment({ receivedOn: '9999-12-30' }),
    who: 'officer',
    status: 400,
    code: 'BAD_USER_INPUT',
    field: 'input.receivedOn',
  },
  {
    name: 'year 9999 in an inline date',
    body: JSON.stringify({ query: '{ complaintStatistics(from: "2026-01-01", to: "9999-12-30") { __typename } }' }),
    who: 'analyst',
    status: 400,
    code: 'BAD_USER_INPUT',
    field: 'to',
  },
  {
    name: 'year 9999 in an instant',
    body: JSON.stringify({
      query: `mutation ($i: RecordComplaintInput!) { recordComplaint(input: $i) { errors { code } } }`,
      variables: { i: { channel: 'EMAIL', receivedAt: '9999-12-30T10:00:00Z', summary: 'late' } },
    }),
    who: 'officer',
    status: 400,
    code: 'BAD_USER_INPUT',
    field: 'input.receivedAt',
  },
  {
    name: 'an impossible date',
    body: compliment({ receivedOn: '2026-02-30' }),
    who: 'officer',
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a syntax error',
    body: JSON.stringify({ query: '{ me { role }' }),
    who: 'officer',
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'more tokens than allowed',
    body: JSON.stringify({ query: tooManyTokens }),
    who: 'officer',
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'more tokens than allowed, and a syntax error after them',
    body: JSON.stringify({ query: `${tooManyTokens} }` }),
    who: 'provider',
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'a JSON body that is not JSON',
    body: '{"query": "{ me { role } }"',
    who: 'officer',
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'an unknown content type',
    body: JSON.stringify({ query: '{ me { role } }' }),
    headers: { 'content-type': 'text/x-nonsense' },
    who: 'officer',
    status: 400,
    code: 'BAD_REQUEST',
  },
];

describe('bad input', () => {
  const tokens = () => ({ officer, provider, analyst });

  it.each(CORPUS)('$name: $status $code, before any SQL', async ({ body, who, status, code, field, headers }) => {
    // The caller is known already (its subject looked up and cached): what is counted is the request's own SQL.
    await post(JSON.stringify({ query: '{ me { role } }' }), JSON_TYPE, tokens()[who]);
    const before = totalStatements();
    const answer = await post(body, headers ?? JSON_TYPE, tokens()[who]);
    expect(answer.status, answer.text).toBe(status);
    const { errors } = JSON.parse(answer.text);
    expect(errors[0].extensions.code).toBe(code);
    if (field) {
      expect(errors[0].extensions.field).toBe(field);
      expect(errors[0].message).toContain(field);
    }
    for (const e of errors) expect(e.message).not.toMatch(/\b3000\b/);
    expect(totalStatements() - before).toBe(0);
  });

  it('a mutation with an Idempotency-Key and a NUL claims no key', async () => {
    const before = totalStatements();
    const answer = await post(
      compliment({ summary: 'a\u0000b' }),
      { ...JSON_TYPE, 'idempotency-key': randomUUID() },
      officer,
    );
    expect(answer.status).toBe(400);
    expect(totalStatements() - before).toBe(0);
  });

  it('content types are matched without regard to case', async () => {
    for (const type of ['Application/JSON', 'APPLICATION/JSON; charset=UTF-8']) {
      const answer = await post(JSON.stringify({ query: '{ me { role } }' }), { 'content-type': type }, officer);
      expect(answer.status, type).toBe(200);
      expect(JSON.parse(answer.text).data.me.role).toBe('CST_OFFICER');
    }
  });

  it('the whole corpus, sent at once beside good requests, gets no 500', async () => {
    const good = JSON.stringify({ query: '{ me { role } }' });
    const answers = await Promise.all([
      ...CORPUS.map((c) => post(c.body, c.headers ?? JSON_TYPE, tokens()[c.who])),
      ...CORPUS.map(() => post(good, JSON_TYPE, provider)),
    ]);
    const statuses = answers.map((a) => a.status);
    console.log(
      `bad-input corpus (${CORPUS.length} + ${CORPUS.length} good): ${statuses.filter((s) => s >= 500).length} × 5xx`,
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.slice(CORPUS.length)).toEqual(CORPUS.map(() => 200));
  });
});

/** A POST by node:http, its body written in 64 KB pieces as a client streaming an upload does. */
function streamed(agent: Agent, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const req = request(gw.gateway.url, {
      method: 'POST',
      agent,
      headers: { ...JSON_TYPE, authorization: `Bearer ${officer}`, 'content-length': body.length },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(`failed: ${error.code ?? error.message}`));
    let offset = 0;
    const next = () => {
      while (offset < body.length) {
        const piece = body.subarray(offset, (offset += 65_536));
        if (!req.write(piece)) return void req.once('drain', next);
      }
      req.end();
    };
    next();
  });
}

describe('bodies over 1 MB', () => {
  it('are answered 413, each of them, and small requests on the same connections are answered too', async () => {
    const big = Buffer.alloc(2_500_000, ' ');
    big.write('{"query": "{ me { role } }", "variables": {}}');
    const small = Buffer.from(JSON.stringify({ query: '{ me { role } }' }));
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => streamed(agent, i % 3 === 2 ? small : big)),
      );
      expect(answers).toEqual(Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? '200' : '413')));
    } finally {
      agent.destroy();
    }
  });
});

describe('production discloses nothing of the schema or the server', () => {
  it('no enum value suggested, inline or in a variable', async () => {
    const inline = await post(
      JSON.stringify({ query: '{ complaints(filter: { status: [OPE] }) { totalCount } }' }),
      JSON_TYPE,
      officer,
    );
    const variable = await post(
      JSON.stringify({
        query: 'query ($f: ComplaintFilter) { complaints(filter: $f) { totalCount } }',
        variables: { f: { status: ['OPE'], statu: [] } },
      }),
      JSON_TYPE,
      officer,
    );
    for (const answer of [inline, variable]) {
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('OPE');
      expect(answer.text).not.toMatch(/did you mean|OPEN/i);
    }
  });

  it('introspection is refused in neutral words', async () => {
    const answer = await post(JSON.stringify({ query: '{ __schema { types { name } } }' }), JSON_TYPE, officer);
    expect(answer.status).toBe(400);
    const { errors } = JSON.parse(answer.text);
    expect(errors[0].message).toBe('introspection is disabled');
    expect(answer.text).not.toMatch(/apollo|introspection: true|enable/i);
  });
});

describe('logs', () => {
  it('carry at most 2,000 characters of an error message, which may quote a client', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    createLogger('info', sink).error({ err: new Error(`invalid input: "${'x'.repeat(100_000)}"`) }, 'unexpected error');
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(6_000);
    expect(JSON.parse(lines[0]).err.message).toMatch(/^invalid input: "x{1000}/);
  });
});
