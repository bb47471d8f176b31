/**
 * The staff directory (issue 15): `staff(filter)` by name (typos tolerated), role, service area and
 * line manager, in order of surname, paged; leavers only when asked for; an analyst finds only
 * themself and a provider may not ask.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalStatements } from '../src/db/sql-counter';
import { Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

let db: TestDatabase;
let gw: TestGateway;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const north = await f.serviceArea({ name: 'North' });
  const south = await f.serviceArea({ name: 'South' });
  const manager = await f.staff({
    role: Role.LINE_MANAGER,
    firstName: 'Mina',
    lastName: 'Okafor',
    serviceAreaId: north.id,
  });
  const zhang = await f.staff({
    firstName: 'Amelia',
    lastName: 'Zhang',
    serviceAreaId: north.id,
    lineManagerId: manager.id,
  });
  await f.staff({
    firstName: 'Priya',
    lastName: 'Patel',
    serviceAreaId: north.id,
    lineManagerId: manager.id,
    active: false,
  });
  const zhao = await f.staff({
    role: Role.CST_OFFICER,
    firstName: 'Oliver',
    lastName: 'Zhao',
    serviceAreaId: south.id,
  });
  const analyst = await f.staff({ role: Role.ANALYST, firstName: 'Ada', lastName: 'Analyst', serviceAreaId: south.id });
  const provider = await f.provider();
  Object.assign(ids, { north: north.id, manager: manager.id, zhang: zhang.id });
  gw = await startTestGateway(db);
  tokens.officer = await gw.token(Role.CST_OFFICER, zhao.id);
  tokens.analyst = await gw.token(Role.ANALYST, analyst.id);
  tokens.provider = await gw.token(Role.PROVIDER, provider.id);
  for (const bearer of Object.values(tokens)) await gw.query('{ me { role } }', {}, bearer);
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

const STAFF = `query ($filter: StaffFilter, $first: Int, $after: String) {
  staff(filter: $filter, first: $first, after: $after) {
    edges { node { id firstName lastName role } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function names(filter: Record<string, unknown>, bearer = tokens.officer): Promise<string[]> {
  const result = await gw.query(STAFF, { filter }, bearer);
  expect(result.errors).toBeUndefined();
  return result.data.staff.edges.map((e: any) => `${e.node.firstName} ${e.node.lastName}`);
}

describe('the staff directory', () => {
  it('lists staff still with the service, in order of surname', async () => {
    expect(await names({})).toEqual(['Ada Analyst', 'Mina Okafor', 'Amelia Zhang', 'Oliver Zhao']);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a surname', { search: 'Okafor' }, ['Mina Okafor']],
    ['a surname, and those close to it', { search: 'Zhang' }, ['Amelia Zhang', 'Oliver Zhao']],
    ['a surname with a typo', { search: 'Zang' }, ['Amelia Zhang']],
    ['part of a name', { search: 'zha' }, ['Amelia Zhang', 'Oliver Zhao']],
    ['a role', { role: ['CST_OFFICER', 'LINE_MANAGER'] }, ['Mina Okafor', 'Oliver Zhao']],
    ['a line manager', { lineManagerId: 'manager' }, ['Amelia Zhang']],
    [
      'a line manager, leavers too',
      { lineManagerId: 'manager', includeLeavers: true },
      ['Priya Patel', 'Amelia Zhang'],
    ],
    ['a service area', { serviceAreaId: 'north' }, ['Mina Okafor', 'Amelia Zhang']],
  ])('finds by %s', async (_what, filter, expected) => {
    const withIds = Object.fromEntries(
      Object.entries(filter).map(([k, v]) => [k, k.endsWith('Id') ? ids[v as string] : v]),
    );
    expect(await names(withIds)).toEqual(expected);
  });

  it('pages on, each member once, in one statement a page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const before = totalStatements();
      const result: any = await gw.query(STAFF, { first: 2, after }, tokens.officer);
      expect(totalStatements() - before).toBe(1);
      seen.push(...result.data.staff.edges.map((e: any) => e.node.lastName));
      after = result.data.staff.pageInfo.endCursor;
      if (!result.data.staff.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(['Analyst', 'Okafor', 'Zhang', 'Zhao']);
  });

  it('gives an analyst only themself, and a provider nothing', async () => {
    expect(await names({}, tokens.analyst)).toEqual(['Ada Analyst']);
    const refused = await gw.query(STAFF, {}, tokens.provider);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a search of one character', { search: 'Z' }, 'filter.search'],
    ['a line manager that is not an id', { lineManagerId: 'Okafor' }, 'filter.lineManagerId'],
  ])('refuses %s, naming the field', async (_what, filter, field) => {
    const result = await gw.query(STAFF, { filter }, tokens.officer);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
