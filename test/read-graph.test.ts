/** The read side of the graph: lookups, navigation, connections, filters, errors and access. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AspectCategory, ComplaintStatus, HearingStatus, Role } from '../src/domain/enums';
import type { Case, Child, Complaint, Provider, ServiceArea, Staff } from '../src/entities';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory, uuid } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

let db: TestDatabase;
let gw: TestGateway;
let officer: string;
let cstId: string;
let areaA: ServiceArea;
let areaB: ServiceArea;
let kase: Case;
let child: Child;
let provider: Provider;
let practitioner: Staff;
const complaints: Complaint[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  areaA = await f.serviceArea({ name: 'Midlands' });
  areaB = await f.serviceArea({ name: 'London' });
  const court = await f.court({ name: 'Family Court at Birmingham' });
  provider = await f.provider({ name: 'Brightpath Contact Centre' });
  const head = await f.staff({
    role: Role.SENIOR_MANAGER,
    headOfPractice: true,
    serviceAreaId: areaA.id,
    lastName: 'Head',
  });
  const manager = await f.staff({
    role: Role.LINE_MANAGER,
    serviceAreaId: areaA.id,
    lineManagerId: head.id,
    lastName: 'Manager',
  });
  practitioner = await f.staff({ serviceAreaId: areaA.id, lineManagerId: manager.id, lastName: 'Adviser' });
  const cst = await f.staff({ role: Role.CST_OFFICER, lastName: 'Officer' });
  cstId = cst.id;
  kase = await f.case({
    caseNumber: 'BM26P00001',
    courtId: court.id,
    serviceAreaId: areaA.id,
    practitionerId: practitioner.id,
  });
  const otherCase = await f.case({ caseNumber: 'ZW26P00002', serviceAreaId: areaB.id });
  await f.hearing(kase.id, court.id, { startsAt: new Date('2026-12-10T10:00:00Z') });
  await f.hearing(kase.id, court.id, { startsAt: new Date('2026-09-10T10:00:00Z'), status: HearingStatus.COMPLETED });
  const report = await f.courtReport(kase.id, { authorId: practitioner.id });
  await f.contactLog(kase.id, { staffId: practitioner.id });
  await f.party(kase.id, { lastName: 'Applicant' });
  child = await f.child(kase.id, { firstName: 'Robin' });
  // 25 complaints with distinct due dates in area A, 5 in area B, 3 closed with nothing due.
  for (let i = 0; i < 25; i++) {
    complaints.push(
      await f.complaint({
        caseId: kase.id,
        serviceAreaId: areaA.id,
        subjectStaffId: practitioner.id,
        assigneeId: cst.id,
        status: ComplaintStatus.ACCEPTED,
        nextDueOn: `2026-12-${String(i + 1).padStart(2, '0')}`,
        receivedAt: new Date(Date.UTC(2026, 10, 1, 9, i)),
      }),
    );
  }
  for (let i = 0; i < 5; i++) {
    complaints.push(
      await f.complaint({
        caseId: otherCase.id,
        serviceAreaId: areaB.id,
        nextDueOn: `2026-11-${String(i + 24)}`,
        receivedAt: new Date(Date.UTC(2026, 10, 2, 9, i)),
      }),
    );
  }
  for (let i = 0; i < 3; i++) {
    complaints.push(
      await f.complaint({
        caseId: otherCase.id,
        serviceAreaId: areaB.id,
        status: ComplaintStatus.CLOSED,
        nextDueOn: null,
        receivedAt: new Date(Date.UTC(2026, 5, 1, 9, i)),
      }),
    );
  }
  await f.aspect(complaints[0].id, { category: AspectCategory.PROVIDER_ACTIONS, providerId: provider.id });
  await f.aspect(complaints[1].id, { category: AspectCategory.FACTUAL_ERROR, courtReportId: report.id });
  gw = await startTestGateway(db);
  officer = await gw.token(Role.CST_OFFICER, cstId);
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

const ALL_REFERENCES = /* GraphQL */ `
  query Page($first: Int, $after: String, $filter: ComplaintFilter, $orderBy: ComplaintOrder) {
    complaints(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          id
          reference
          nextDueOn
          receivedAt
        }
      }
    }
  }
`;

async function walk(variables: Record<string, unknown>, first: number) {
  const seen: any[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const result: any = await gw.query(ALL_REFERENCES, { ...variables, first, after }, officer);
    expect(result.errors).toBeUndefined();
    seen.push(...result.data.complaints.edges.map((e: any) => e.node));
    if (!result.data.complaints.pageInfo.hasNextPage) return { seen, totalCount: result.data.complaints.totalCount };
    after = result.data.complaints.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('complaints connection', () => {
  it('walks every complaint exactly once, in due-date order with nothing due last', async () => {
    const { seen, totalCount } = await walk({}, 7);
    expect(totalCount).toBe(33);
    expect(seen).toHaveLength(33);
    expect(new Set(seen.map((n) => n.id)).size).toBe(33);
    const dues = seen.map((n) => n.nextDueOn);
    expect(dues.slice(0, 30)).toEqual([...dues.slice(0, 30)].sort());
    expect(dues.slice(30)).toEqual([null, null, null]);
  });

  it('orders by receipt, both ways', async () => {
    const asc = (await walk({ orderBy: 'RECEIVED_AT' }, 4)).seen.map((n) => n.receivedAt);
    expect(asc).toEqual([...asc].sort());
    const desc = (await walk({ orderBy: 'RECEIVED_AT_DESC' }, 4)).seen.map((n) => n.receivedAt);
    expect(desc).toEqual([...asc].reverse());
  });

  it('filters by status, service area, due date, category, provider and child', async () => {
    const count = async (filter: Record<string, unknown>) => (await walk({ filter }, 100)).totalCount;
    expect(await count({ status: ['CLOSED'] })).toBe(3);
    expect(await count({ status: ['CLOSED', 'ACCEPTED'] })).toBe(28);
    expect(await count({ serviceAreaId: areaA.id })).toBe(25);
    expect(await count({ dueBefore: '2026-12-01' })).toBe(5);
    expect(await count({ category: 'FACTUAL_ERROR' })).toBe(1);
    expect(await count({ providerId: provider.id })).toBe(1);
    expect(await count({ childId: child.id })).toBe(25);
    expect(await count({ serviceAreaId: uuid() })).toBe(0);
  });

  it('refuses a page over the cap and a malformed cursor, naming the argument', async () => {
    const big = await gw.query(ALL_REFERENCES, { first: 101 }, officer);
    expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(big.errors?.[0].message).toMatch(/first must be at most 100/);
    for (const after of [
      'not-a-cursor!',
      Buffer.from('[1,2,3]').toString('base64url'),
      Buffer.from('["2026-01-01","x"]').toString('base64url'),
    ]) {
      const bad = await gw.query(ALL_REFERENCES, { first: 5, after }, officer);
      expect(bad.errors?.[0].extensions?.code, after).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0].message).toMatch(/after/);
    }
    const badFilter = await gw.query(ALL_REFERENCES, { first: 5, filter: { serviceAreaId: 'nope' } }, officer);
    expect(badFilter.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(badFilter.errors?.[0].extensions?.field).toBe('filter.serviceAreaId');
  });
});

describe('one complaint and navigation', () => {
  const DETAIL = /* GraphQL */ `
    query One($id: ID, $reference: String) {
      complaint(id: $id, reference: $reference) {
        reference
        version
        subjectStaff {
          lastName
          lineManager {
            lastName
            lineManager {
              lastName
            }
          }
        }
        aspects {
          category
          provider {
            name
          }
          courtReport {
            title
            author {
              lastName
            }
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
  `;

  it('finds by id and by reference and navigates the case file', async () => {
    const byId = await gw.query(DETAIL, { id: complaints[1].id }, officer);
    expect(byId.errors).toBeUndefined();
    const c = byId.data.complaint;
    expect(c.reference).toBe(complaints[1].reference);
    expect(c.subjectStaff.lineManager.lineManager.lastName).toBe('Head');
    expect(c.aspects[0].courtReport.author.lastName).toBe('Adviser');
    expect(c.case.court.name).toBe('Family Court at Birmingham');
    expect(c.case.hearings.map((h: any) => h.status)).toEqual(['COMPLETED', 'LISTED']);
    expect(c.case.children[0].firstName).toBe('Robin');
    const byReference = await gw.query(DETAIL, { reference: complaints[1].reference }, officer);
    expect(byReference.data).toEqual(byId.data);
  });

  it('returns null for an unknown or malformed id and an unknown reference', async () => {
    for (const variables of [{ id: uuid() }, { id: 'not-a-uuid' }, { reference: 'CMP-1999-000001' }]) {
      const result = await gw.query(DETAIL, variables, officer);
      expect(result.errors).toBeUndefined();
      expect(result.data.complaint).toBeNull();
    }
  });

  it('reads a case by case number with its complaints, and lists cases', async () => {
    const result = await gw.query(
      `query { case(caseNumber: "BM26P00001") { caseNumber status complaints { reference } }
               cases(first: 1) { totalCount edges { node { caseNumber } } pageInfo { hasNextPage endCursor } } }`,
      {},
      officer,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.case.complaints).toHaveLength(25);
    expect(result.data.cases.totalCount).toBe(2);
    expect(result.data.cases.edges[0].node.caseNumber).toBe('BM26P00001');
    const next = await gw.query(
      `query($after: String) { cases(first: 5, after: $after) { edges { node { caseNumber } } pageInfo { hasNextPage } } }`,
      { after: result.data.cases.pageInfo.endCursor },
      officer,
    );
    expect(next.data.cases.edges.map((e: any) => e.node.caseNumber)).toEqual(['ZW26P00002']);
    expect(next.data.cases.pageInfo.hasNextPage).toBe(false);
    const filtered = await gw.query(
      `query($sa: ID) { cases(filter: { serviceAreaId: $sa, status: OPEN }) { totalCount edges { node { caseNumber } } } }`,
      { sa: areaB.id },
      officer,
    );
    expect(filtered.errors).toBeUndefined();
    expect(filtered.data.cases).toEqual({ totalCount: 1, edges: [{ node: { caseNumber: 'ZW26P00002' } }] });
  });
});

describe('identity and access', () => {
  it('tells the caller who they are', async () => {
    const result = await gw.query('{ me { role subject staff { lastName } } }', {}, officer);
    expect(result.data.me).toEqual({ role: 'CST_OFFICER', subject: cstId, staff: { lastName: 'Officer' } });
  });

  it('refuses anonymous and badly signed requests with UNAUTHENTICATED', async () => {
    const anonymous = await gw.query('{ me { role } }', {}, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const [header, payload] = officer.split('.');
    const forged = await gw.query('{ me { role } }', {}, `${header}.${payload}.c2lnbmF0dXJl`);
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(forged.data).toBeUndefined();
  });

  it('refuses a role the operation does not admit with FORBIDDEN', async () => {
    const analystStaff = await new Factory(db.dataSource).staff({ role: Role.ANALYST });
    const analyst = await gw.token(Role.ANALYST, analystStaff.id);
    const result = await gw.query('{ complaints(first: 1) { totalCount } }', {}, analyst);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const practitionerToken = await gw.token(Role.PRACTITIONER, practitioner.id);
    const audit = await gw.query(
      `query($id: ID) { complaint(id: $id) { auditTrail { action } } }`,
      { id: complaints[0].id },
      practitionerToken,
    );
    expect(audit.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const officerAudit = await gw.query(
      `query($id: ID) { complaint(id: $id) { reference auditTrail { action } } }`,
      { id: complaints[0].id },
      officer,
    );
    expect(officerAudit.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(officerAudit.errors?.[0].path).toEqual(['complaint', 'auditTrail']);
  });

  it('lets a provider see only itself in the reference data', async () => {
    const f = new Factory(db.dataSource);
    await f.provider({ name: 'Another provider' });
    const token = await gw.token(Role.PROVIDER, provider.id);
    const result = await gw.query('{ providers { name } me { provider { name } } }', {}, token);
    expect(result.data.providers).toEqual([{ name: 'Brightpath Contact Centre' }]);
    expect(result.data.me.provider.name).toBe('Brightpath Contact Centre');
  });
});
