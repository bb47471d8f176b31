/**
 * The GraphQL-over-HTTP audit (`graphql-http`'s `auditServer`) against a real gateway: every MUST holds, and
 * no more warnings than stock Apollo Server has (3). The audit's requests carry a staff token, as a client's do.
 *
 * Several audit items query `__type`, which is introspection: they are judged on a gateway that allows it to
 * staff (EXPLORER on, as in development). With introspection off (production's default) the gateway refuses
 * those queries by design; the second audit pins exactly which items that costs, and why.
 */
import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

let db: TestDatabase;
let open: TestGateway;
let closed: TestGateway;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  open = await startTestGateway(db, { env: { EXPLORER: 'on' } });
  closed = await startTestGateway(db);
  const officer = await new Factory(db.dataSource).staff({ role: Role.CST_OFFICER });
  token = await open.token(Role.CST_OFFICER, officer.id);
});

afterAll(async () => {
  await open?.stop();
  await closed?.stop();
  await db?.drop();
});

/** The audit's results against a gateway, its requests carrying the staff token; printed to the test output. */
async function audit(target: TestGateway, label: string): Promise<AuditResult[]> {
  const authorizedFetch: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const results = await auditServer({ url: target.gateway.url, fetchFn: authorizedFetch });
  const count = (status: AuditResult['status']) => results.filter((r) => r.status === status).length;
  const lines = results.flatMap((r) => (r.status === 'ok' ? [] : [`  ${r.status}: ${r.name} (${r.reason})`]));
  console.log(
    `GraphQL-over-HTTP audit, ${label}: ${count('ok')} ok, ${count('warn')} warn, ${count('error')} error, ` +
      `${count('notice')} notice\n${lines.join('\n')}`,
  );
  return results;
}

const names = (results: AuditResult[], status: AuditResult['status']) =>
  results.filter((r) => r.status === status).map((r) => r.name);

describe('GraphQL over HTTP audit', () => {
  it('scores every MUST and at most the 3 warnings of stock Apollo Server', async () => {
    const results = await audit(open, 'introspection on for staff');
    expect(names(results, 'ok').length).toBeGreaterThan(40);
    expect(names(results, 'error')).toEqual([]);
    // Stock Apollo Server's three: it answers 400, not 200, to an application/json client whose document does not
    // parse, does not validate, or whose variables do not coerce (the spec's SHOULD is for legacy clients).
    expect(names(results, 'warn')).toEqual([
      'SHOULD use 200 status code on document parsing failure when accepting application/json',
      'SHOULD use 200 status code on document validation failure when accepting application/json',
      'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
    ]);
  });

  it('with introspection off, fails only the items whose query is introspection', async () => {
    const results = await audit(closed, 'introspection off (production default)');
    // Each of these sends `__type(name: …)`, which the gateway refuses when introspection is off (a validation
    // failure, 400), and answers when it is on.
    const typeQuery = '{ __type(name: "Complaint") { name } }';
    const refused = await closed.query(typeQuery, undefined, token);
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['introspection is disabled', 'GRAPHQL_VALIDATION_FAILED'],
    ]);
    expect(await open.query(typeQuery, undefined, token)).toEqual({
      status: 200,
      data: { __type: { name: 'Complaint' } },
    });
    expect(names(results, 'error')).toEqual([
      'MUST accept utf-8 encoded request',
      'MUST allow map {variables} parameter when accepting application/json',
    ]);
    expect(names(results, 'warn')).toEqual([
      'SHOULD allow map {variables} parameter when accepting application/graphql-response+json',
      'SHOULD use 200 status code on document parsing failure when accepting application/json',
      'SHOULD use 200 status code on document validation failure when accepting application/json',
      'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
    ]);
  });
});
