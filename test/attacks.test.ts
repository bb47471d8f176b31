/**
 * An attack corpus against the GraphQL endpoint: each request is refused before any resolver or
 * SQL runs, with an error code and without disclosing the limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalStatements } from '../src/db/sql-counter';
import { Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

let db: TestDatabase;
let gw: TestGateway;
let token: string;
let providerToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const officer = await new Factory(db.dataSource).staff({ role: Role.CST_OFFICER });
  gw = await startTestGateway(db);
  token = await gw.token(Role.CST_OFFICER, officer.id);
  providerToken = await gw.token(Role.PROVIDER, (await new Factory(db.dataSource).provider()).id);
  // A caller's subject is looked up on their first request and then remembered (src/auth/subjects.ts).
  for (const bearer of [token, providerToken])
    expect((await gw.query('{ me { role } }', {}, bearer)).errors).toBeUndefined();
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

const nest = (depth: number) =>
  `{ complaints(first: 1) { edges { node { subjectStaff { ${'lineManager { '.repeat(depth)}id${' }'.repeat(depth)} } } } } }`;

const CORPUS: [string, string][] = [
  ['deep nesting', nest(30)],
  ['100 aliases', `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: me { role }`).join(' ')} }`],
  [
    'cyclic fragments',
    `{ complaints(first: 1) { edges { node { subjectStaff { ...A } } } } } fragment A on Staff { lineManager { ...B } } fragment B on Staff { lineManager { ...A } }`,
  ],
  ['5,000 tokens', `{ me { ${Array.from({ length: 2500 }, () => 'role').join(' ')} } }`],
  ['directive flood', `{ me ${Array.from({ length: 200 }, () => '@include(if: true)').join(' ')} { role } }`],
  [
    'expensive breadth',
    `{ ${Array.from({ length: 14 }, (_, i) => `c${i}: complaints(first: 100) { edges { node { case { hearings { court { name } } courtReports { author { lineManager { lastName } } } contactLogs { staff { lineManager { lastName } } } parties { lastName } children { firstName } } aspects { staff { lineManager { lastName } } } } } }`).join(' ')} }`,
  ],
];

async function post(
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  bearer = token,
) {
  const response = await fetch(gw.gateway.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('the GraphQL endpoint refuses', () => {
  it.each(CORPUS)('%s, before any SQL, without disclosing limits', async (_, query) => {
    const before = totalStatements();
    const { status, text } = await post(JSON.stringify({ query }));
    expect(totalStatements() - before).toBe(0);
    expect(status).toBe(400);
    const { errors, data } = JSON.parse(text);
    expect(data).toBeUndefined();
    expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT', 'QUERY_TOO_COSTLY']).toContain(
      errors[0].extensions.code,
    );
    for (const e of errors) expect(e.message).not.toMatch(/\b(15|30|3000|20000)\b/);
  });

  it.each(CORPUS)('%s from a provider, before its transaction opens', async (_, query) => {
    const before = totalStatements();
    const { status } = await post(JSON.stringify({ query }), { 'content-type': 'application/json' }, providerToken);
    expect(status).toBe(400);
    expect(totalStatements() - before).toBe(0);
  });

  it('batched requests', async () => {
    const before = totalStatements();
    const { status } = await post(JSON.stringify([{ query: '{ me { role } }' }, { query: '{ me { role } }' }]));
    expect(status).toBe(400);
    expect(totalStatements() - before).toBe(0);
  });

  it('mutations sent as a form (CSRF) or over GET', async () => {
    const mutation =
      'mutation { withdrawComplaint(input: { complaintId: "00000000-0000-4000-8000-000000000000" }) { errors { code } } }';
    const before = totalStatements();
    const form = await post(`query=${encodeURIComponent(mutation)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
    const get = await fetch(`${gw.gateway.url}?query=${encodeURIComponent(mutation)}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(405);
    expect(totalStatements() - before).toBe(0);
  });

  it('introspection outside development', async () => {
    const { status, text } = await post(JSON.stringify({ query: '{ __schema { types { name } } }' }));
    expect(status).toBe(400);
    expect(JSON.parse(text).errors[0].message).toMatch(/introspection/i);
  });

  it('while a legitimate deep query still runs', async () => {
    const { status, text } = await post(JSON.stringify({ query: nest(6) }));
    expect(status).toBe(200);
    expect(JSON.parse(text).errors).toBeUndefined();
  });
});
