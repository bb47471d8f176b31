/**
 * Look-ahead must give exactly what the DataLoader path gives, whatever the query's shape:
 * fragments, inline fragments, aliases, @skip/@include, the same relation at several depths; and it
 * reads only the columns the selection needs (issue 14), without a row of some columns ever being
 * what a loader hands out.
 */
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalStatements } from '../src/db/sql-counter';
import { AspectCategory, HearingStatus, Role } from '../src/domain/enums';
import * as entities from '../src/entities';
import { fieldsReadingEverything } from '../src/read/field-columns';
import { createSchema } from '../src/graphql/schema';
import { createServices } from '../src/services/services';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

let db: TestDatabase;
let gw: TestGateway;
let token: string;
let seniorToken: string;
let adviserEmail: string;
/** A provider named by every complaint's PROVIDER_ACTIONS aspect, and the adviser's line manager. */
let providerToken: string;
let managerToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea({ name: 'North West' });
  const court = await f.court({ name: 'Family Court at Liverpool' });
  const otherCourt = await f.court({ name: 'Family Court at Preston' });
  const provider = await f.provider({ name: 'Harbour Contact' });
  const head = await f.staff({ role: Role.SENIOR_MANAGER, serviceAreaId: area.id, lastName: 'Head' });
  const manager = await f.staff({
    role: Role.LINE_MANAGER,
    serviceAreaId: area.id,
    lineManagerId: head.id,
    lastName: 'Manager',
  });
  const adviser = await f.staff({
    serviceAreaId: area.id,
    lineManagerId: manager.id,
    lastName: 'Adviser',
    qualifications: ['Social Work England'],
    training: ['Safeguarding level 3'],
  });
  adviserEmail = adviser.email;
  const kase = await f.case({
    caseNumber: 'LV26P00100',
    courtId: court.id,
    serviceAreaId: area.id,
    practitionerId: adviser.id,
  });
  await f.hearing(kase.id, otherCourt.id, { startsAt: new Date('2026-12-03T10:00:00Z') });
  await f.hearing(kase.id, court.id, { startsAt: new Date('2026-10-03T10:00:00Z'), status: HearingStatus.ADJOURNED });
  const report = await f.courtReport(kase.id, { authorId: adviser.id });
  await f.party(kase.id, { lastName: 'Zeta' });
  await f.party(kase.id, { lastName: 'Alpha' });
  await f.child(kase.id);
  for (let i = 0; i < 4; i++) {
    const complaint = await f.complaint({
      caseId: kase.id,
      serviceAreaId: area.id,
      subjectStaffId: i % 2 ? adviser.id : null,
      nextDueOn: `2026-12-0${i + 1}`,
    });
    await f.aspect(complaint.id, { position: 1, category: AspectCategory.FACTUAL_ERROR, courtReportId: report.id });
    await f.aspect(complaint.id, { position: 0, category: AspectCategory.PROVIDER_ACTIONS, providerId: provider.id });
    if (i === 0)
      await f.aspect(complaint.id, { position: 2, category: AspectCategory.STAFF_CONDUCT, staffId: adviser.id });
  }
  gw = await startTestGateway(db);
  token = await gw.token(Role.CST_MANAGER, head.id);
  seniorToken = await gw.token(Role.SENIOR_MANAGER, head.id);
  providerToken = await gw.token(Role.PROVIDER, provider.id);
  managerToken = await gw.token(Role.LINE_MANAGER, manager.id);
  // The caller's subject is looked up on the first request and then remembered (src/auth/subjects.ts).
  for (const bearer of [token, seniorToken, providerToken, managerToken])
    expect((await gw.query('{ me { role } }', {}, bearer)).errors).toBeUndefined();
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

const PARTS = /* GraphQL */ `
  fragment StaffParts on Staff {
    lastName
    boss: lineManager {
      lastName
      ... on Staff {
        lineManager {
          lastName
        }
      }
    }
  }
  fragment ComplaintParts on Complaint {
    reference
    handOffLate
    complainant {
      firstName
    }
    subjectStaff {
      ...StaffParts
    }
    aspects {
      position
      category
      provider {
        name
      }
      courtReport {
        title
        author {
          ...StaffParts
        }
      }
      staff {
        lastName
      }
    }
    case {
      caseNumber
      ... on Case {
        court {
          name
        }
      }
      hearings @include(if: $withHearings) {
        startsAt
        status
        court {
          name
        }
      }
      parties @skip(if: $withoutParties) {
        lastName
      }
      children {
        firstName
      }
      practitioner {
        ...StaffParts
        serviceArea {
          name
        }
      }
    }
  }
`;

const THROUGH_LOOK_AHEAD = `${PARTS}
  query A($withHearings: Boolean!, $withoutParties: Boolean!) {
    complaints(first: 10) { edges { node { ...ComplaintParts again: case { caseNumber } } } }
  }`;

const THROUGH_LOADERS = `${PARTS}
  query B($withHearings: Boolean!, $withoutParties: Boolean!) {
    case(caseNumber: "LV26P00100") { complaints { ...ComplaintParts again: case { caseNumber } } }
  }`;

describe('look-ahead', () => {
  it.each([
    [true, false],
    [false, true],
  ])(
    'gives the DataLoader answer (hearings included: %s, parties skipped: %s)',
    async (withHearings, withoutParties) => {
      const variables = { withHearings, withoutParties };
      const before = totalStatements();
      const a = await gw.query(THROUGH_LOOK_AHEAD, variables, token);
      const prefetchedStatements = totalStatements() - before;
      const b = await gw.query(THROUGH_LOADERS, variables, token);
      expect(a.errors, JSON.stringify(a.errors)).toBeUndefined();
      expect(b.errors).toBeUndefined();
      const viaLookAhead = a.data.complaints.edges.map((e: any) => e.node);
      const viaLoaders = [...b.data.case.complaints].sort(
        (x: any, y: any) =>
          viaLookAhead.findIndex((n: any) => n.reference === x.reference) -
          viaLookAhead.findIndex((n: any) => n.reference === y.reference),
      );
      expect(viaLookAhead).toHaveLength(4);
      expect(viaLookAhead).toEqual(viaLoaders);
      // What the fixtures say, so that both paths cannot be wrong together.
      const first = viaLookAhead.find((n: any) => n.aspects.length === 3);
      expect(first.aspects.map((x: any) => x.category)).toEqual(['PROVIDER_ACTIONS', 'FACTUAL_ERROR', 'STAFF_CONDUCT']);
      expect(first.aspects[1].courtReport.author.boss.lineManager.lastName).toBe('Head');
      expect(first.case.practitioner.serviceArea.name).toBe('North West');
      expect(first.again.caseNumber).toBe('LV26P00100');
      if (withHearings) {
        expect(first.case.hearings.map((h: any) => [h.status, h.court.name])).toEqual([
          ['ADJOURNED', 'Family Court at Liverpool'],
          ['LISTED', 'Family Court at Preston'],
        ]);
      } else {
        expect(first.case.hearings).toBeUndefined();
      }
      if (withoutParties) expect(first.case.parties).toBeUndefined();
      else expect(first.case.parties.map((p: any) => p.lastName)).toEqual(['Alpha', 'Zeta']);
      expect(prefetchedStatements).toBe(1); // no totalCount selected: the page statement alone
    },
  );

  it('leaves fields that need a role check to their loaders', async () => {
    const result = await gw.query(
      `{ complaints(first: 1) { edges { node { auditTrail { action } case { complaints { reference } } } } } }`,
      {},
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.complaints.edges[0].node.case.complaints).toHaveLength(4);
  });
});

/** The SQL statements the gateway sends while `run` runs. */
async function statementsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const logger = db.dataSource.logger;
  const logQuery = logger.logQuery;
  const seen: string[] = [];
  logger.logQuery = (query, parameters, runner) => {
    seen.push(query);
    logQuery.call(logger, query, parameters, runner);
  };
  try {
    await run();
  } finally {
    logger.logQuery = logQuery;
  }
  return seen;
}

/** The names a statement's select lists give their columns (`… AS "name"`), each once. */
function aliases(statement: string): Set<string> {
  return new Set([...statement.matchAll(/ AS "([^"]+)"/g)].map((m) => m[1]));
}

describe('columns', () => {
  it('are only those the selection needs', async () => {
    let result: any;
    const [page, ...more] = await statementsDuring(async () => {
      result = await gw.query(
        '{ complaints(first: 10) { edges { node { reference subjectStaff { lastName } } } } }',
        {},
        token,
      );
    });
    expect(result.errors).toBeUndefined();
    expect(more).toEqual([]);
    expect(result.data.complaints.edges.map((e: any) => e.node.subjectStaff?.lastName ?? null)).toEqual([
      null,
      'Adviser',
      null,
      'Adviser',
    ]);
    // The complaint's id, reference, the work queue's sort key (its cursor) and the foreign key of
    // subjectStaff; the staff's id and last name: no summary, no staff email or qualifications.
    expect(aliases(page)).toEqual(
      new Set(['id', 'reference', 'nextDueOn', 'subjectStaffId', 'subjectStaff', 'lastName']),
    );
  });

  it("are what a computed field reads and a list's order, on every level", async () => {
    const [page] = await statementsDuring(() =>
      gw.query(
        '{ complaints(first: 1) { edges { node { handOffLate complainant { firstName } case { hearings { status } } } } } }',
        {},
        token,
      ),
    );
    expect(aliases(page)).toEqual(
      new Set([
        ...['id', 'nextDueOn', 'cstReceivedAt', 'cstDueOn', 'complainantId', 'caseId'],
        ...['complainant', 'kind', 'firstName'],
        ...['case', 'hearings', 'status', 'startsAt'],
      ]),
    );
  });

  it('of staff personal data are read when selected, and given to whom may see them', async () => {
    const result = await gw.query(
      '{ complaints(first: 10) { edges { node { subjectStaff { qualifications training } } } } }',
      {},
      seniorToken,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.complaints.edges[1].node.subjectStaff).toEqual({
      qualifications: ['Social Work England'],
      training: ['Safeguarding level 3'],
    });
  });

  it('of a prefetched row never reach a loader that another field reads whole rows from', async () => {
    // The same member of staff with a last name only (look-ahead), then whole through the loaders
    // (case.complaints is never prefetched).
    const result = await gw.query(
      `{ complaints(first: 10) { edges { node {
           subjectStaff { lastName }
           case { complaints { subjectStaff { lastName email jobTitle } } }
         } } } }`,
      {},
      token,
    );
    expect(result.errors).toBeUndefined();
    const [first] = result.data.complaints.edges;
    const emails = first.node.case.complaints.flatMap((c: any) => (c.subjectStaff ? [c.subjectStaff.email] : []));
    expect(emails).toEqual([adviserEmail, adviserEmail]);
  });

  it('follow @skip/@include on every request of one query text', async () => {
    const query = `query ($h: Boolean!) { complaints(first: 10) { edges { node { reference case { caseNumber
      hearings @include(if: $h) { status } } } } } }`;
    for (const withHearings of [false, true, false, true]) {
      let result: any;
      const [page, ...more] = await statementsDuring(async () => {
        result = await gw.query(query, { h: withHearings }, token);
      });
      expect(result.errors).toBeUndefined();
      // One statement either way: hearings come with the page when included, and are not read when not.
      expect(more).toEqual([]);
      expect(aliases(page).has('hearings')).toBe(withHearings);
      expect(aliases(page).has('status')).toBe(withHearings);
    }
  });

  it('are known for every field of every entity in the graph (none falls back to every column)', async () => {
    const schema = await createSchema(createServices());
    const unknown: Record<string, string[]> = {};
    for (const type of Object.values(entities)) {
      if (typeof type !== 'function' || !db.dataSource.hasMetadata(type)) continue;
      const graphqlType = schema.getType(type.name);
      if (!isObjectType(graphqlType)) continue;
      const fields = fieldsReadingEverything(db.dataSource, type, Object.keys(graphqlType.getFields()));
      if (fields.length > 0) unknown[type.name] = fields;
    }
    expect(unknown).toEqual({});
  });
});

describe('row scope', () => {
  const PAGE =
    '{ complaints(first: 10) { edges { node { reference case { caseNumber } complainant { firstName } aspects { category } } } } }';

  // A complaint's case, complainant and aspects are readable because the complaint is: the statement
  // checks the complaint once, not again for each row reached from it (row-level security still
  // applies to each table underneath, for a provider).
  it.each([
    // Every complaint names the provider; three name the adviser the line manager manages.
    ['a provider', () => providerToken, 4, ['PROVIDER_ACTIONS']],
    ['a line manager', () => managerToken, 3, ['PROVIDER_ACTIONS', 'FACTUAL_ERROR', 'STAFF_CONDUCT']],
  ])(
    'is checked once per complaint for %s, and the rows reached from it still come with it',
    async (_who, bearer, complaints, categories) => {
      let result: any;
      const statements = await statementsDuring(async () => {
        result = await gw.query(PAGE, {}, bearer());
      });
      expect(result.errors).toBeUndefined();
      const nodes = result.data.complaints.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(complaints);
      for (const node of nodes) {
        expect(node.case.caseNumber).toBe('LV26P00100');
        expect(node.complainant).not.toBeNull();
        expect(categories).toEqual(expect.arrayContaining(node.aspects.map((a: any) => a.category)));
      }
      const page = statements.find((s) => s.includes('FROM "complaints" c'))!;
      expect(page).toBeDefined();
      // The complaint's own condition is there; no sub-select repeats it through `complaints scope_c`.
      expect(page).toMatch(/ FROM "complaints" c WHERE .*(scope_a|staff_line)/);
      expect(page).not.toContain('scope_c');
    },
  );
});
