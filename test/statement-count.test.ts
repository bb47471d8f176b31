/**
 * No N+1: the SQL statements for a page of the work queue with the whole nested case file do not
 * grow with the page size (STYLE §8).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalStatements } from '../src/db/sql-counter';
import { AspectCategory, HearingStatus, Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

const WORK_QUEUE = /* GraphQL */ `
  query WorkQueue($first: Int) {
    complaints(first: $first) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          reference
          status
          nextDueOn
          complainant {
            firstName
            kind
          }
          subjectStaff {
            lastName
            lineManager {
              lastName
            }
          }
          aspects {
            category
            provider {
              name
            }
            courtReport {
              title
            }
          }
          case {
            caseNumber
            court {
              name
            }
            serviceArea {
              name
            }
            practitioner {
              lastName
              lineManager {
                lastName
              }
            }
            hearings {
              startsAt
              status
              court {
                name
              }
            }
            courtReports {
              title
              author {
                lastName
              }
            }
            contactLogs {
              summary
              staff {
                lastName
              }
            }
            parties {
              lastName
            }
            children {
              firstName
            }
          }
        }
      }
    }
  }
`;

/** Nesting levels of relations in WORK_QUEUE (complaint → case → practitioner → line manager). */
const NESTING_LEVELS = 3;

/** The case list reaches complaints through a field only some roles may read: loaded, never prefetched. */
const CASES_WITH_COMPLAINTS = /* GraphQL */ `
  query Cases($first: Int) {
    cases(first: $first) {
      edges {
        node {
          caseNumber
          complaints {
            reference
            subjectStaff {
              lastName
            }
            aspects {
              category
              provider {
                name
              }
            }
          }
        }
      }
    }
  }
`;

let db: TestDatabase;
let gw: TestGateway;
let token: string;
let providerToken: string;
/** A token for every role that may read the work queue. */
const roleTokens = new Map<Role, string>();

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea();
  const court = await f.court();
  const provider = await f.provider();
  const manager = await f.staff({ role: Role.LINE_MANAGER, serviceAreaId: area.id });
  const officer = await f.staff({ role: Role.CST_OFFICER });
  for (let i = 0; i < 60; i++) {
    const practitioner = await f.staff({ serviceAreaId: area.id, lineManagerId: manager.id });
    const kase = await f.case({ courtId: court.id, serviceAreaId: area.id, practitionerId: practitioner.id });
    await f.hearing(kase.id, court.id, { status: HearingStatus.COMPLETED, startsAt: new Date('2026-09-01T10:00:00Z') });
    await f.hearing(kase.id, court.id);
    const report = await f.courtReport(kase.id, { authorId: practitioner.id });
    await f.contactLog(kase.id, { staffId: practitioner.id });
    await f.contactLog(kase.id, { staffId: practitioner.id });
    await f.party(kase.id);
    await f.party(kase.id);
    await f.child(kase.id);
    const complaint = await f.complaint({
      caseId: kase.id,
      subjectStaffId: practitioner.id,
      nextDueOn: `2026-12-${String((i % 28) + 1).padStart(2, '0')}`,
    });
    await f.aspect(complaint.id, { category: AspectCategory.PROVIDER_ACTIONS, providerId: provider.id, position: 0 });
    await f.aspect(complaint.id, { category: AspectCategory.FACTUAL_ERROR, courtReportId: report.id, position: 1 });
  }
  gw = await startTestGateway(db);
  token = await gw.token(Role.CST_OFFICER, officer.id);
  providerToken = await gw.token(Role.PROVIDER, provider.id);
  const cstManager = await f.staff({ role: Role.CST_MANAGER });
  const senior = await f.staff({ role: Role.SENIOR_MANAGER });
  const [{ id: practitionerId }] = await db.dataSource.query('SELECT practitioner_id AS id FROM cases LIMIT 1');
  const subjects: [Role, string][] = [
    [Role.CST_OFFICER, officer.id],
    [Role.CST_MANAGER, cstManager.id],
    [Role.SENIOR_MANAGER, senior.id],
    [Role.LINE_MANAGER, manager.id],
    [Role.PRACTITIONER, practitionerId],
    [Role.PROVIDER, provider.id],
    [Role.HR_SYSTEM, 'hr-system'],
  ];
  for (const [role, subject] of subjects) roleTokens.set(role, await gw.token(role, subject));
  // A caller's subject is looked up on their first request and then remembered (src/auth/subjects.ts).
  for (const bearer of [token, providerToken, ...roleTokens.values()])
    expect((await gw.query('{ me { role } }', {}, bearer)).errors).toBeUndefined();
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

async function statementsFor(first: number, query = WORK_QUEUE, bearer = token) {
  const before = totalStatements();
  const result = await gw.query(query, { first }, bearer);
  const statements = totalStatements() - before;
  expect(result.errors).toBeUndefined();
  return { statements, edges: (result.data.complaints ?? result.data.cases).edges };
}

describe('statements per request', () => {
  it('are the same for 5 and 50 complaints with the whole nested case file', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(small.edges).toHaveLength(5);
    expect(large.edges).toHaveLength(50);
    // Every nested list is really there, so nothing was skipped to save statements.
    for (const { node } of large.edges) {
      expect(node.case.hearings).toHaveLength(2);
      expect(node.case.contactLogs).toHaveLength(2);
      expect(node.case.parties).toHaveLength(2);
      expect(node.case.practitioner.lineManager.lastName).toBeTruthy();
      expect(node.aspects.map((a: any) => a.provider?.name ?? a.courtReport?.title)).toHaveLength(2);
    }
    expect(large.statements).toBe(small.statements);
    // The page query, the count, and at most one statement per nesting level.
    expect(large.statements).toBeLessThanOrEqual(2 + NESTING_LEVELS);
    console.log(`complaints(first: 50) with the nested case file: ${large.statements} SQL statements`);
  });

  // Every role that may read the work queue, each with what it sees (a line manager: the complaints
  // about the practitioners they manage; a practitioner: their own case's; the HR system: none, no
  // referral was sent to it). Staff: the page and the count. A provider: its transaction (BEGIN and
  // its scope in one round trip), the page, the count, the read audit and COMMIT. The HR system: the
  // page, and no audit when it read nothing.
  it.each<[Role, number, number]>([
    [Role.CST_OFFICER, 50, 2],
    [Role.CST_MANAGER, 50, 2],
    [Role.SENIOR_MANAGER, 50, 2],
    [Role.LINE_MANAGER, 50, 2],
    [Role.PRACTITIONER, 1, 1],
    [Role.PROVIDER, 50, 6],
    [Role.HR_SYSTEM, 0, 1],
  ])('are the same for 5 and 50 complaints read by %s', async (role, rows, statements) => {
    const PAGE = `query ($first: Int) { complaints(first: $first) { totalCount edges { node { reference
      aspects { category } } } } }`;
    const bearer = roleTokens.get(role)!;
    const small = await statementsFor(5, PAGE, bearer);
    const large = await statementsFor(50, PAGE, bearer);
    expect(large.edges).toHaveLength(rows);
    expect(small.edges).toHaveLength(Math.min(rows, 5));
    expect({ small: small.statements, large: large.statements }).toEqual({ small: statements, large: statements });
  });

  it('stay the same when relations come through DataLoaders instead of look-ahead', async () => {
    const small = await statementsFor(5, CASES_WITH_COMPLAINTS);
    const large = await statementsFor(50, CASES_WITH_COMPLAINTS);
    expect(large.edges).toHaveLength(50);
    for (const { node } of large.edges) expect(node.complaints[0].aspects).toHaveLength(2);
    expect(large.statements).toBe(small.statements);
    // page + one batch per relation: complaints, subject staff, aspects, providers (no count: not selected)
    expect(large.statements).toBe(5);
  });

  it('stay the same for a provider, whose transaction and read audit are a fixed number of statements', async () => {
    const PROVIDER_PAGE = `query ($first: Int) { complaints(first: $first) { totalCount edges { node { reference responseDueOn complainant { firstName } aspects { description } case { caseNumber } } } } }`;
    const audits = async () =>
      (await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'partner.read'`))[0].n;
    const before = await audits();
    const small = await statementsFor(5, PROVIDER_PAGE, providerToken);
    const large = await statementsFor(50, PROVIDER_PAGE, providerToken);
    expect(large.edges).toHaveLength(50);
    for (const { node } of large.edges) expect(node.aspects).toHaveLength(1); // its own aspect only
    expect(large.statements).toBe(small.statements);
    // BEGIN and the provider's scope (one round trip), the page, the count, the audit event (lane and
    // append), COMMIT: 8 with the gateway's scope and the lane in statements of their own (issue 14),
    // 9 when each complaint read took its chain's lock and head (issue 13).
    expect(large.statements).toBe(6);
    expect(await audits()).toBe(before + 2); // one event per request, whatever the number of complaints it read
    console.log(`a provider's complaints(first: 50): ${large.statements} SQL statements`);
    // Without totalCount, no count: BEGIN, the scope, the page, the audit event, COMMIT.
    const uncounted = await statementsFor(50, PROVIDER_PAGE.replace('totalCount', ''), providerToken);
    expect(uncounted.edges).toHaveLength(50);
    expect(uncounted.statements).toBe(5);
  });

  it("withhold a provider's page whose audit cannot be written, and leave nothing of its transaction", async () => {
    const PAGE = `query ($first: Int) { complaints(first: $first) { edges { node { reference } } } }`;
    const events = async () =>
      (await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'partner.read'`))[0].n;
    const before = await events();
    const owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    const signature = 'append_partner_read(text, text, text, text, text, jsonb)';
    try {
      await owner.query(`ALTER FUNCTION ${signature} RENAME TO append_partner_read_gone`);
      const refused = await gw.query(PAGE, { first: 5 }, providerToken);
      expect(refused.data?.complaints ?? null).toBeNull();
      expect(refused.errors?.length).toBeGreaterThan(0);
    } finally {
      await owner.query(`ALTER FUNCTION append_partner_read_gone(text, text, text, text, text, jsonb)
        RENAME TO append_partner_read`);
      await owner.end();
    }
    expect(await events()).toBe(before);
    // The connection went back to the pool clean: the next request reads and is audited.
    for (let i = 0; i < 6; i++)
      expect((await gw.query(PAGE, { first: 5 }, providerToken)).data.complaints.edges).toHaveLength(5);
    expect(await events()).toBe(before + 6);
  });

  it('count nothing when the first page holds the whole list', async () => {
    const before = totalStatements();
    const result = await gw.query(WORK_QUEUE, { first: 100 }, token);
    const statements = totalStatements() - before;
    expect(result.errors).toBeUndefined();
    expect(result.data.complaints.edges).toHaveLength(60);
    expect(result.data.complaints.totalCount).toBe(60);
    expect(result.data.complaints.pageInfo.hasNextPage).toBe(false);
    expect(statements).toBe(1);
  });

  it('run no count for a page that does not select totalCount', async () => {
    const counted = await statementsFor(50);
    const uncounted = await statementsFor(50, WORK_QUEUE.replace('totalCount', ''));
    expect(uncounted.edges).toHaveLength(50);
    expect(uncounted.statements).toBe(counted.statements - 1);
    expect(uncounted.statements).toBe(1); // the page with its whole nested case file
  });
});
