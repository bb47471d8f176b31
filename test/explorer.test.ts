/**
 * The explorer (src/http/explorer.ts) over HTTP: GET /graphql from a browser answers its page, under a
 * policy that lets it load and ask nothing but this origin, while API clients' GET and POST stay GraphQL;
 * its files are Ruru's bundle and a script of our own carrying the example tabs; with EXPLORER off there is
 * none of it. Who may introspect (src/graphql/introspection.ts): with the explorer on outside development,
 * members of staff, not partners. The examples (src/http/explorer-examples.ts) validate against the schema
 * and each runs with a token of its role, finding what it shows. In the browser: test-browser/explorer.test.ts.
 */
import { Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config';
import { Role } from '../src/domain/enums';
import { Case } from '../src/entities';
import { createSchema } from '../src/graphql/schema';
import { prefersHtml } from '../src/http/explorer';
import { EXPLORER_EXAMPLES } from '../src/http/explorer-examples';
import { createServices } from '../src/services/services';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { startIdentityProvider, type IdentityProvider } from './fixtures/identity-provider';
import { createWorld, type World } from './fixtures/procedure';

/** What Chromium sends when it opens an address. */
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const SCHEMA_QUERY = '{ __schema { queryType { name } } }';

let w: World;
let off: TestGateway;
let idp: IdentityProvider;
let production: TestGateway;
let origin: string;
let tokens: Record<'officer' | 'manager' | 'analyst' | 'provider' | 'hr' | 'caseSystem', string>;
let reference: string;

const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { code field } } }`;
const ASSESS = `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { errors { code field } } }`;

beforeAll(async () => {
  w = await createWorld(new Date('2026-11-05T12:00:00Z'), { EXPLORER: 'on' });
  origin = new URL(w.gw.gateway.url).origin;
  // One complaint the officer recorded (so handles), about the provider's actions and a practitioner's
  // conduct serious enough to go to HR: every example then finds something to show.
  const complaint = await w.recordAdult();
  reference = complaint.reference;
  expect((await w.mutate(TRIAGE, { complaintId: complaint.id, outcome: 'ACCEPTED' })).errors).toEqual([]);
  const assessed = await w.mutate(ASSESS, {
    complaintId: complaint.id,
    aspects: [
      { category: 'PROVIDER_ACTIONS', description: 'Sessions cancelled at short notice', providerId: w.provider.id },
      {
        category: 'STAFF_CONDUCT',
        description: 'Shouted at the complainant',
        staffId: w.practitioner.id,
        seriousness: 'SERIOUS',
        referralLevel: 'SENIOR_MANAGER',
      },
    ],
  });
  expect(assessed.errors).toEqual([]);
  // The case system reads the cases it sent.
  await w.db.dataSource.getRepository(Case).update(w.kase.id, { sourceId: 'CMS-1' });
  tokens = {
    officer: w.tokens.officer,
    manager: w.tokens.manager,
    analyst: await w.gw.token(Role.ANALYST, (await w.f.staff({ role: Role.ANALYST })).id),
    provider: await w.gw.token(Role.PROVIDER, w.provider.id),
    hr: await w.gw.token(Role.HR_SYSTEM, 'hr-system'),
    caseSystem: await w.gw.token(Role.CASE_SYSTEM, 'case-system'),
  };
  off = await startTestGateway(w.db);
  idp = await startIdentityProvider();
  production = await startTestGateway(w.db, { production: idp, env: { EXPLORER: 'on' } });
});

afterAll(async () => {
  await production?.stop();
  await idp?.stop();
  await off?.stop();
  await w?.stop();
});

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

async function post(gw: TestGateway, query: string, token: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(gw.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

describe('the EXPLORER setting', () => {
  const PRODUCTION = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://app:secret@db.example.org/complaints',
    DATABASE_OWNER_URL: 'postgres://owner:secret@db.example.org/complaints',
    SMTP_URL: 'smtp://mail.example.org:587',
    AUTH_JWKS_URL: 'https://id.example.org/jwks',
    AUDIT_SEAL_KEY_FILE: '/etc/complaints/audit-seal.key',
  };

  it('is on in development and tests, off in production unless set, and on or off only', () => {
    expect(readConfig({}).explorer).toBe(true);
    expect(readConfig({ NODE_ENV: 'test' }).explorer).toBe(true);
    expect(readConfig(PRODUCTION).explorer).toBe(false);
    expect(readConfig({ ...PRODUCTION, EXPLORER: 'on' }).explorer).toBe(true);
    expect(readConfig({ EXPLORER: 'off' }).explorer).toBe(false);
    expect(() => readConfig({ EXPLORER: 'yes' })).toThrow(new ConfigError('EXPLORER must be on or off, got "yes"'));
  });
});

describe('the page', () => {
  it.each([
    [BROWSER, true],
    ['text/html', true],
    ['TEXT/HTML; charset=utf-8', true],
    ['application/json, text/html', true],
    ['text/html;q=0.5, application/json', false],
    ['application/graphql-response+json, application/json;q=0.9', false],
    ['*/*', false],
    ['text/html;q=0', false],
    [undefined, false],
  ])('Accept %j prefers a page: %s', (accept, page) => {
    expect(prefersHtml(accept)).toBe(page);
  });

  it('answers a browser at GET /graphql with a page that may load and ask nothing but this origin', async () => {
    const response = await get(`${origin}/graphql`, { accept: BROWSER });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy')!.split('; ');
    expect(policy).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "font-src 'self' data:",
        "frame-ancestors 'none'",
      ]),
    );
    expect(policy.join('; ')).not.toMatch(/https?:|\*|unsafe-eval|script-src[^;]*unsafe-inline/);
    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>|<script type="module">/);
    const linked = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(linked).toEqual(['/explorer/ruru/ruru.css', '/explorer/explorer.css', '/explorer/explorer.js']);
    for (const file of linked) {
      const asset = await get(`${origin}${file}`);
      expect(asset.status, file).toBe(200);
      expect(asset.headers.get('content-security-policy')).toBe(response.headers.get('content-security-policy'));
    }
    const head = await fetch(`${origin}/graphql`, { method: 'HEAD', headers: { accept: BROWSER } });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves the bundle revalidated by its tag, without source maps or anything outside it', async () => {
    const script = await get(`${origin}/explorer/ruru/ruru.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('no-cache');
    const etag = script.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(`${origin}/explorer/ruru/ruru.js`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    for (const worker of ['editorWorker.js', 'jsonWorker.js', 'graphqlWorker.js'])
      expect((await get(`${origin}/explorer/ruru/${worker}`)).status, worker).toBe(200);
    for (const path of ['ruru.js.map', '%2e%2e%2f%2e%2e%2fpackage.json', '..%2F..%2Fpackage.json', 'missing.js'])
      expect((await get(`${origin}/explorer/ruru/${path}`)).status, path).toBe(404);
  });

  it('opens with the example tabs and a hint for the token, which it never stores', async () => {
    const script = await (await get(`${origin}/explorer/explorer.js`)).text();
    for (const example of EXPLORER_EXAMPLES) {
      const name = /^(?:query|mutation) (\w+)/m.exec(example.query)![1];
      expect(script).toContain(`query ${name}`);
    }
    expect(script).toContain('Bearer <token: npm run -s token -- --role PROVIDER>');
    expect(script).toContain('"shouldPersistHeaders":false');
    expect(script).toContain('"showPersistHeadersSettings":false');
  });

  it('leaves GraphQL over GET and POST to API clients', async () => {
    const bearer = { authorization: `Bearer ${tokens.officer}` };
    // A GraphQL request over GET is one, whatever the Accept header says.
    const viaGet = await get(`${origin}/graphql?query=${encodeURIComponent('{ me { role } }')}`, {
      ...bearer,
      accept: BROWSER,
      'apollo-require-preflight': 'true',
    });
    expect(viaGet.status).toBe(200);
    expect(await viaGet.json()).toEqual({ data: { me: { role: 'CST_OFFICER' } } });
    for (const accept of [
      'application/json',
      'application/graphql-response+json',
      '*/*',
      'text/html;q=0.5, application/json',
    ]) {
      const response = await get(`${origin}/graphql`, { ...bearer, accept });
      expect(response.headers.get('content-type'), accept).not.toMatch(/html/);
      expect(response.status, accept).toBe(400);
    }
    expect((await post(w.gw, '{ me { role } }', tokens.officer)).data).toEqual({ me: { role: 'CST_OFFICER' } });
  });

  it('is not there with EXPLORER=off: a browser meets the API, and no file is served', async () => {
    const offOrigin = new URL(off.gateway.url).origin;
    const page = await get(`${offOrigin}/graphql`, { accept: BROWSER });
    expect(page.headers.get('content-type')).not.toMatch(/html/);
    expect(page.status).toBe(400);
    expect(((await page.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    for (const file of ['/explorer/explorer.js', '/explorer/explorer.css', '/explorer/ruru/ruru.js'])
      expect((await get(`${offOrigin}${file}`)).status, file).toBe(404);
  });
});

describe('introspection with the explorer on', () => {
  const refused = { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: 'introspection is disabled' };
  const outcome = async (gw: TestGateway, query: string, token: string) => {
    const answer = await post(gw, query, token);
    return answer.errors
      ? { status: answer.status, code: answer.errors[0].extensions.code, message: answer.errors[0].message }
      : { status: answer.status, data: answer.data };
  };
  const allowed = { status: 200, data: { __schema: { queryType: { name: 'Query' } } } };

  it('is for members of staff, not partners', async () => {
    for (const who of ['officer', 'manager', 'analyst'] as const)
      expect(await outcome(w.gw, SCHEMA_QUERY, tokens[who]), who).toEqual(allowed);
    for (const who of ['provider', 'hr', 'caseSystem'] as const) {
      expect(await outcome(w.gw, SCHEMA_QUERY, tokens[who]), who).toEqual(refused);
      expect(await outcome(w.gw, '{ __type(name: "Complaint") { name } }', tokens[who]), who).toEqual(refused);
      const hidden = 'query { ...Q } fragment Q on Query { me { role } __schema { types { name } } }';
      expect(await outcome(w.gw, hidden, tokens[who]), who).toEqual(refused);
    }
    // The type name of a result is not introspection.
    expect((await outcome(w.gw, '{ __typename me { role } }', tokens.provider)).status).toBe(200);
  });

  it('is refused to everyone with EXPLORER=off', async () => {
    expect(await outcome(off, SCHEMA_QUERY, tokens.officer)).toEqual(refused);
  });

  it('holds in production with EXPLORER=on, where the page is served too', async () => {
    const staff = await production.token(Role.CST_OFFICER, w.officer.id);
    const partner = await production.token(Role.PROVIDER, w.provider.id);
    expect(await outcome(production, SCHEMA_QUERY, staff)).toEqual(allowed);
    expect(await outcome(production, SCHEMA_QUERY, partner)).toEqual(refused);
    const page = await get(production.gateway.url, { accept: BROWSER });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // With an identity provider's tokens, the Headers panel's hint does not mention development ones.
    const script = await (await get(new URL('/explorer/explorer.js', production.gateway.url).href)).text();
    expect(script).toContain('Bearer <your access token>');
    expect(script).not.toContain('npm run');
  });
});

describe('the examples', () => {
  const nameOf = (query: string) => {
    const operations = parse(query).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    expect(operations).toHaveLength(1);
    return operations[0].name!.value;
  };

  it('are each one named operation, valid against the schema', async () => {
    const schema = await createSchema(createServices());
    const names = EXPLORER_EXAMPLES.map((example) => nameOf(example.query));
    expect(new Set(names).size).toBe(names.length);
    for (const example of EXPLORER_EXAMPLES) expect(validate(schema, parse(example.query)), example.query).toEqual([]);
  });

  /** For each example: the real values of its variables, and what it must find. */
  const RUNS: Record<string, { variables?: () => Record<string, unknown>; finds: (data: any) => unknown }> = {
    WhoAmI: { finds: (d) => d.me.staff.lastName === 'Officer' },
    MyWorkQueue: { finds: (d) => d.complaints.edges[0].node.reference === reference },
    ComplaintWithCaseFile: {
      variables: () => ({ reference }),
      finds: (d) => d.complaint.case.courtReports[0].title === 'Section 7 welfare report',
    },
    TeamCaseload: { finds: (d) => d.caseload.entries.some((e: any) => e.openComplaints) },
    ProviderComplaints: {
      finds: (d) => d.complaints.edges[0].node.aspects[0].category === 'PROVIDER_ACTIONS',
    },
    CaseByNumber: {
      variables: () => ({ caseNumber: 'BM26P00001' }),
      finds: (d) => d.case.hearings.length === 1,
    },
    OpenReferrals: {
      finds: (d) => d.referrals.edges[0].node.staff.lastName === 'Adviser',
    },
    QuarterFigures: {
      variables: () => ({ from: '2026-10-01', to: '2026-12-31' }),
      finds: (d) => d.complaintStatistics.received.display !== undefined,
    },
    Refetch: {
      variables: () => ({ id: w.kase.id }),
      finds: (d) => d.node.__typename === 'Case' && d.node.caseNumber === 'BM26P00001',
    },
  };

  it('each run with a token of its role, without errors, and find what they show', async () => {
    expect(Object.keys(RUNS)).toEqual(EXPLORER_EXAMPLES.map((example) => nameOf(example.query)));
    const tokenOf: Partial<Record<Role, string>> = {
      [Role.CST_OFFICER]: tokens.officer,
      [Role.CST_MANAGER]: tokens.manager,
      [Role.ANALYST]: tokens.analyst,
      [Role.PROVIDER]: tokens.provider,
      [Role.HR_SYSTEM]: tokens.hr,
      [Role.CASE_SYSTEM]: tokens.caseSystem,
    };
    for (const example of EXPLORER_EXAMPLES) {
      const run = RUNS[nameOf(example.query)];
      const variables = run.variables?.() ?? {};
      // The sample values name the same variables as the real ones.
      expect(Object.keys(variables), example.query).toEqual(Object.keys(example.variables));
      const answer = await post(w.gw, example.query, tokenOf[example.role]!, variables);
      expect(answer.errors, example.query).toBeUndefined();
      expect(run.finds(answer.data), JSON.stringify(answer.data)).toBe(true);
    }
  });
});
