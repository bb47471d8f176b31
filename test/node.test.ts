/**
 * Relay refetching (issue 17): every object type with an id implements `Node`, and `node(id:)` /
 * `nodes(ids:)` find any object by its id alone — exactly as the rest of the graph shows it to the
 * caller: outside its row scope, or of a type its role reads nothing of, the answer is null, as for
 * an id that names nothing; a provider's lookup holds under row-level security alone; the statements
 * of a request do not depend on the type found or on what is selected under it.
 */
import {
  getNamedType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalStatements } from '../src/db/sql-counter';
import {
  AspectCategory,
  ComplimentSource,
  NotificationChannel,
  RecipientKind,
  ReferralLevel,
  Role,
} from '../src/domain/enums';
import {
  BankHoliday,
  Compliment,
  Notification,
  ProviderEngagement,
  Referral,
  Response,
  type Case,
  type Complaint,
  type ComplaintAspect,
  type Provider,
  type Staff,
} from '../src/entities';
import { operationCost } from '../src/graphql/cost';
import { createSchema } from '../src/graphql/schema';
import { createServices } from '../src/services/services';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory, uuid } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

const NOW = new Date('2026-11-05T12:00:00Z');

let db: TestDatabase;
let gw: TestGateway;
let rlsOnly: TestGateway;
let schema: GraphQLSchema;
let v1: Provider;
let v2: Provider;
let p1: Staff;
let p2: Staff;
let analyst: Staff;
let k1: Case;
let k2: Case;
let c1: Complaint;
let c2: Complaint;
let a1: ComplaintAspect;
let a2: ComplaintAspect;
const ids = {} as Record<'e1' | 'e2' | 'response' | 'referral' | 'notification' | 'compliment' | 'holiday', string>;
const t = {} as Record<
  'officer' | 'manager' | 'senior' | 'lm1' | 'lm2' | 'p1' | 'p2' | 'v1' | 'v2' | 'analyst',
  string
>;

beforeAll(async () => {
  schema = await createSchema(createServices());
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea({ name: 'Midlands' });
  const court = await f.court({ name: 'Family Court at Birmingham' });
  v1 = await f.provider({ name: 'Brightpath Contact Centre' });
  v2 = await f.provider({ name: 'Second Provider' });
  const head = await f.staff({ role: Role.SENIOR_MANAGER, serviceAreaId: area.id, lastName: 'Head' });
  const lm1 = await f.staff({ role: Role.LINE_MANAGER, lineManagerId: head.id, lastName: 'Manager-One' });
  const lm2 = await f.staff({ role: Role.LINE_MANAGER, lineManagerId: head.id, lastName: 'Manager-Two' });
  p1 = await f.staff({ serviceAreaId: area.id, lineManagerId: lm1.id, lastName: 'Adviser-One' });
  p2 = await f.staff({ serviceAreaId: area.id, lineManagerId: lm2.id, lastName: 'Adviser-Two' });
  const officer = await f.staff({ role: Role.CST_OFFICER, lastName: 'Officer' });
  const manager = await f.staff({ role: Role.CST_MANAGER, lastName: 'Lead' });
  analyst = await f.staff({ role: Role.ANALYST, lastName: 'Analyst' });
  k1 = await f.case({ caseNumber: 'BM26P00001', courtId: court.id, serviceAreaId: area.id, practitionerId: p1.id });
  k2 = await f.case({ caseNumber: 'BM26P00002', courtId: court.id, serviceAreaId: area.id, practitionerId: p2.id });
  // Each complaint about its case's practitioner, with an aspect and an engagement of one provider.
  c1 = await f.complaint({ caseId: k1.id, subjectStaffId: p1.id, summary: 'Sessions cancelled' });
  c2 = await f.complaint({ caseId: k2.id, subjectStaffId: p2.id, summary: 'Notes lost' });
  const provider = AspectCategory.PROVIDER_ACTIONS;
  a1 = await f.aspect(c1.id, { category: provider, providerId: v1.id, description: 'Provider one cancelled' });
  a2 = await f.aspect(c2.id, { category: provider, providerId: v2.id, description: 'Provider two lost notes' });
  const ds = db.dataSource;
  const engagement = (c: Complaint, a: ComplaintAspect, p: Provider) =>
    ds.getRepository(ProviderEngagement).save({
      complaintId: c.id,
      aspectId: a.id,
      providerId: p.id,
      consequenceKey: `engagement:${a.id}`,
      dueOn: '2026-11-20',
    });
  ids.e1 = (await engagement(c1, a1, v1)).id;
  ids.e2 = (await engagement(c2, a2, v2)).id;
  ids.response = (
    await ds.getRepository(Response).save({
      complaintId: c1.id,
      understanding: 'You say sessions were cancelled',
      desiredRemedy: 'd',
      assessmentOutcome: 'o',
      steps: 's',
    })
  ).id;
  ids.referral = (
    await ds.getRepository(Referral).save({
      complaintId: c1.id,
      aspectId: a1.id,
      staffId: p1.id,
      level: ReferralLevel.LINE_MANAGER_FOR_ACTION,
      consequenceKey: 'referral:1',
    })
  ).id;
  ids.notification = (
    await ds.getRepository(Notification).save({
      complaintId: c1.id,
      recipientKind: RecipientKind.CST_MAILBOX,
      recipientAddress: 'cst@example.org',
      channel: NotificationChannel.EMAIL,
      template: 'acknowledgement',
      idempotencyKey: `node-test:${c1.id}`,
    })
  ).id;
  ids.compliment = (
    await ds.getRepository(Compliment).save({
      staffId: p1.id,
      serviceAreaId: area.id,
      source: ComplimentSource.SERVICE_USER,
      receivedOn: '2026-11-01',
      summary: 'Thank you',
    })
  ).id;
  ids.holiday = (await ds.getRepository(BankHoliday).save({ date: '2026-12-29', name: 'Extra day' })).id;

  gw = await startTestGateway(db, { now: () => NOW });
  rlsOnly = await startTestGateway(db, { now: () => NOW, withoutApplicationRowScope: true });
  Object.assign(t, {
    officer: await gw.token(Role.CST_OFFICER, officer.id),
    manager: await gw.token(Role.CST_MANAGER, manager.id),
    senior: await gw.token(Role.SENIOR_MANAGER, head.id),
    lm1: await gw.token(Role.LINE_MANAGER, lm1.id),
    lm2: await gw.token(Role.LINE_MANAGER, lm2.id),
    p1: await gw.token(Role.PRACTITIONER, p1.id),
    p2: await gw.token(Role.PRACTITIONER, p2.id),
    v1: await gw.token(Role.PROVIDER, v1.id),
    v2: await gw.token(Role.PROVIDER, v2.id),
    analyst: await gw.token(Role.ANALYST, analyst.id),
  });
  // A caller's subject is looked up on their first request and then remembered (src/auth/subjects.ts).
  for (const token of Object.values(t)) expect((await gw.query('{ me { role } }', {}, token)).errors).toBeUndefined();
});

afterAll(async () => {
  await rlsOnly?.stop();
  await gw?.stop();
  await db?.drop();
});

/** What each type shows of itself in these tests. */
const FIELDS = `__typename id
  ... on Complaint { reference summary aspects { description } case { caseNumber } }
  ... on Case { caseNumber practitioner { lastName } }
  ... on Staff { lastName }
  ... on ComplaintAspect { description }
  ... on ProviderEngagement { dueOn provider { name } }
  ... on Response { understanding }
  ... on Referral { level staff { lastName } }
  ... on Notification { template }
  ... on Compliment { summary }
  ... on BankHoliday { name }
  ... on Provider { name }
  ... on Court { name }`;

const NODE = `query ($id: ID!) { node(id: $id) { ${FIELDS} } }`;

async function node(id: string, token: string, gateway = gw) {
  const result = await gateway.query(NODE, { id }, token);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.node;
}

/** What a provider reads of a complaint (its own fields are refused to it, as through `complaint(id:)`). */
const PROVIDER_FIELDS = `__typename id
  ... on Complaint { reference aspects { description } case { caseNumber } }
  ... on Case { caseNumber }
  ... on ComplaintAspect { description }
  ... on ProviderEngagement { dueOn provider { name } }
  ... on Provider { name }`;

async function providerNode(id: string, token: string, gateway = gw) {
  const result = await gateway.query(`query ($id: ID!) { node(id: $id) { ${PROVIDER_FIELDS} } }`, { id }, token);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.node;
}

/** The object types with an id when Node came (issue 17). */
const WITH_ID = [
  'BankHoliday',
  'Case',
  'Child',
  'Complainant',
  'Complaint',
  'ComplaintAspect',
  'ComplaintNote',
  'Compliment',
  'ContactLog',
  'ContactRestriction',
  'Court',
  'CourtNotification',
  'CourtReport',
  'DeadlineExtension',
  'Document',
  'Evidence',
  'EvidenceFile',
  'Hearing',
  'InboundMessage',
  'LearningPoint',
  'Notification',
  'OmbudsmanEscalation',
  'OmbudsmanRecommendation',
  'Party',
  'Provider',
  'ProviderEngagement',
  'ReasonableAdjustment',
  'Referral',
  'ReportCorrection',
  'Response',
  'ServiceArea',
  'Staff',
];

describe('the Node interface', () => {
  it('is implemented by every object type with an id, and is what node and nodes return', () => {
    const nodeType = schema.getType('Node');
    const withId = Object.values(schema.getTypeMap()).filter(
      (type) =>
        isObjectType(type) &&
        !type.name.startsWith('__') &&
        type.getFields().id !== undefined &&
        isNonNullType(type.getFields().id.type) &&
        getNamedType(type.getFields().id.type).name === 'ID',
    );
    // Those of the minimum contract and after, each with its `id: ID!`.
    expect(withId.map((type) => type.name)).toEqual(expect.arrayContaining(WITH_ID));
    const missing = withId.filter((type) => isObjectType(type) && !type.getInterfaces().some((i) => i === nodeType));
    expect(missing.map((type) => type.name)).toEqual([]);
    expect(nodeType?.description).toMatch(/Global Object Identification/);
    const query = schema.getQueryType()!.getFields();
    expect(String(query.node.type)).toBe('Node');
    expect(query.node.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(['id: ID!']);
    expect(String(query.nodes.type)).toBe('[Node]!');
    expect(query.nodes.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(['ids: [ID!]!']);
  });
});

describe('node(id:) for the CST', () => {
  it('returns each type with its fields and what is nested under it', async () => {
    expect(await node(c1.id, t.officer)).toEqual({
      __typename: 'Complaint',
      id: c1.id,
      reference: c1.reference,
      summary: 'Sessions cancelled',
      aspects: [{ description: 'Provider one cancelled' }],
      case: { caseNumber: 'BM26P00001' },
    });
    expect(await node(k1.id, t.officer)).toEqual({
      __typename: 'Case',
      id: k1.id,
      caseNumber: 'BM26P00001',
      practitioner: { lastName: 'Adviser-One' },
    });
    expect(await node(p1.id, t.officer)).toEqual({ __typename: 'Staff', id: p1.id, lastName: 'Adviser-One' });
    expect(await node(a1.id, t.officer)).toEqual({
      __typename: 'ComplaintAspect',
      id: a1.id,
      description: 'Provider one cancelled',
    });
    expect(await node(ids.e1, t.officer)).toEqual({
      __typename: 'ProviderEngagement',
      id: ids.e1,
      dueOn: '2026-11-20',
      provider: { name: 'Brightpath Contact Centre' },
    });
    expect(await node(ids.response, t.officer)).toEqual({
      __typename: 'Response',
      id: ids.response,
      understanding: 'You say sessions were cancelled',
    });
    expect(await node(ids.referral, t.officer)).toEqual({
      __typename: 'Referral',
      id: ids.referral,
      level: 'LINE_MANAGER_FOR_ACTION',
      staff: { lastName: 'Adviser-One' },
    });
    expect(await node(ids.notification, t.officer)).toEqual({
      __typename: 'Notification',
      id: ids.notification,
      template: 'acknowledgement',
    });
    expect(await node(ids.compliment, t.officer)).toEqual({
      __typename: 'Compliment',
      id: ids.compliment,
      summary: 'Thank you',
    });
    expect(await node(ids.holiday, t.manager)).toEqual({
      __typename: 'BankHoliday',
      id: ids.holiday,
      name: 'Extra day',
    });
    expect(await node(v2.id, t.officer)).toEqual({ __typename: 'Provider', id: v2.id, name: 'Second Provider' });
    expect(await node(k1.courtId, t.officer)).toEqual({
      __typename: 'Court',
      id: k1.courtId,
      name: 'Family Court at Birmingham',
    });
  });

  it('answers an id in capitals as the same object, as the rest of the graph does', async () => {
    expect((await node(c1.id.toUpperCase(), t.officer)).id).toBe(c1.id);
  });

  it('answers null for an unknown id, and for one that is not a UUID as complaint(id:) does', async () => {
    expect(await node(uuid(), t.manager)).toBeNull();
    expect(await node('', t.manager)).toBeNull();
    for (const id of ['nonsense', `${c1.id}x`, c1.id.replaceAll('-', '')]) {
      const result = await gw.query(
        `query ($id: ID!) { node(id: $id) { id } complaint(id: $id) { id } }`,
        { id },
        t.manager,
      );
      expect(result.errors, id).toBeUndefined();
      expect(result.data, id).toEqual({ node: null, complaint: null });
    }
  });

  it('keeps the field rules of the type found: a field refused on its other paths is refused here', async () => {
    // A referral's outcome note is staff personal data (S; L for staff they manage; H): not the CST officer's.
    const viaNode = await gw.query(
      `query ($id: ID!) { node(id: $id) { id ... on Referral { outcomeNote } } }`,
      { id: ids.referral },
      t.officer,
    );
    expect(viaNode.data.node).toEqual({ id: ids.referral, outcomeNote: null });
    expect(viaNode.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['node', 'outcomeNote']]]);
    const viaComplaint = await gw.query(
      `query ($id: ID) { complaint(id: $id) { referrals { outcomeNote } } }`,
      { id: c1.id },
      t.officer,
    );
    expect(viaComplaint.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('node(id:) within the row scope (SPEC §3)', () => {
  it('shows a provider its own complaint, aspect, engagement, case and provider, and nothing of another’s', async () => {
    expect(await providerNode(c1.id, t.v1)).toEqual({
      __typename: 'Complaint',
      id: c1.id,
      reference: c1.reference,
      aspects: [{ description: 'Provider one cancelled' }],
      case: { caseNumber: 'BM26P00001' },
    });
    expect(await providerNode(a1.id, t.v1)).toEqual({
      __typename: 'ComplaintAspect',
      id: a1.id,
      description: 'Provider one cancelled',
    });
    expect(await providerNode(ids.e1, t.v1)).toMatchObject({ __typename: 'ProviderEngagement', id: ids.e1 });
    expect(await providerNode(k1.id, t.v1)).toEqual({ __typename: 'Case', id: k1.id, caseNumber: 'BM26P00001' });
    expect(await providerNode(v1.id, t.v1)).toEqual({ __typename: 'Provider', id: v1.id, name: v1.name });
    // The other provider's complaint, aspect, engagement, case and provider record are as unknown ids.
    for (const id of [c2.id, a2.id, ids.e2, k2.id, v2.id]) expect(await providerNode(id, t.v1), id).toBeNull();
    // Types a provider reads nothing of, even on its own complaint: staff, responses, referrals, the outbox.
    for (const id of [p1.id, ids.response, ids.referral, ids.notification, ids.compliment, ids.holiday])
      expect(await node(id, t.v1), id).toBeNull();
    // And the second provider the mirror image.
    expect(await providerNode(c2.id, t.v2)).toMatchObject({ __typename: 'Complaint', id: c2.id });
    expect(await providerNode(c1.id, t.v2)).toBeNull();
  });

  it('refuses a provider the fields of its complaint it may not read, as complaint(id:) does', async () => {
    for (const query of [
      `query ($id: ID!) { node(id: $id) { ... on Complaint { reference summary } } }`,
      `query ($id: ID) { complaint(id: $id) { reference summary } }`,
    ]) {
      const result = await gw.query(query, { id: c1.id }, t.v1);
      expect(
        result.errors?.map((e) => e.extensions?.code),
        query,
      ).toEqual(['FORBIDDEN']);
      expect(result.errors?.[0].path?.at(-1), query).toBe('summary');
    }
  });

  it('gives a provider a complainant through its complaint only, where its read is audited against it', async () => {
    const complainant = await gw.query(
      `query ($id: ID) { complaint(id: $id) { complainant { id firstName } } }`,
      { id: c1.id },
      t.v1,
    );
    expect(complainant.errors).toBeUndefined();
    expect(await node(complainant.data.complaint.complainant.id, t.v1)).toBeNull();
    expect(await node(complainant.data.complaint.complainant.id, t.officer)).toMatchObject({
      __typename: 'Complainant',
    });
  });

  it('audits a provider’s reads through node against the complaint read', async () => {
    const events = () =>
      db.dataSource.query(
        `SELECT complaint_id, change FROM audit_events WHERE action = 'partner.read' ORDER BY sequence DESC LIMIT 1`,
      );
    await gw.query(`query ($id: ID!) { node(id: $id) { ... on Complaint { reference } } }`, { id: c1.id }, t.v1);
    const [event] = await events();
    expect(event.complaint_id).toBe(c1.id);
    expect(event.change.fields).toEqual(['Complaint.reference']);
  });

  it('holds for a provider under row-level security alone (without the application’s row scoping)', async () => {
    expect(await providerNode(c1.id, t.v1, rlsOnly)).toMatchObject({ __typename: 'Complaint', id: c1.id });
    expect(await providerNode(a1.id, t.v1, rlsOnly)).toMatchObject({ __typename: 'ComplaintAspect' });
    for (const id of [c2.id, a2.id, ids.e2, k2.id, v2.id]) expect(await providerNode(id, t.v1, rlsOnly), id).toBeNull();
  });

  it('shows a line manager the complaints about staff they manage, and a practitioner their own cases', async () => {
    expect(await node(c1.id, t.lm1)).toMatchObject({ __typename: 'Complaint', id: c1.id });
    expect(await node(c2.id, t.lm1)).toBeNull();
    expect(await node(c2.id, t.lm2)).toMatchObject({ __typename: 'Complaint', id: c2.id });
    expect(await node(ids.referral, t.lm1)).toMatchObject({ __typename: 'Referral' });
    expect(await node(ids.referral, t.lm2)).toBeNull();
    expect(await node(c1.id, t.p1)).toMatchObject({ __typename: 'Complaint', id: c1.id });
    expect(await node(c2.id, t.p1)).toBeNull();
    expect(await node(k2.id, t.p1)).toBeNull();
    expect(await node(k2.id, t.p2)).toMatchObject({ __typename: 'Case', id: k2.id });
    // Compliments are for the CST and managers, the outbox for the CST and senior managers.
    expect(await node(ids.compliment, t.p1)).toBeNull();
    expect(await node(ids.compliment, t.lm1)).toMatchObject({ __typename: 'Compliment' });
    expect(await node(ids.notification, t.lm1)).toBeNull();
    expect(await node(ids.notification, t.senior)).toMatchObject({ __typename: 'Notification' });
  });

  it('shows an analyst their own staff record and no complaint or case', async () => {
    expect(await node(analyst.id, t.analyst)).toEqual({ __typename: 'Staff', id: analyst.id, lastName: 'Analyst' });
    for (const id of [p1.id, c1.id, k1.id, a1.id, ids.compliment]) expect(await node(id, t.analyst), id).toBeNull();
  });
});

describe('nodes(ids:)', () => {
  it('answers in the order asked, null where node(id:) would be', async () => {
    const result = await gw.query(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
      { ids: [k1.id, 'nonsense', c2.id, uuid(), c1.id, k1.id] },
      t.v1,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.nodes).toEqual([
      { __typename: 'Case', id: k1.id },
      null,
      null,
      null,
      { __typename: 'Complaint', id: c1.id },
      { __typename: 'Case', id: k1.id },
    ]);
  });

  it('costs as many objects as ids are given (src/graphql/cost.ts), the costliest type of each', () => {
    const cost = (ids: string[]) => {
      const document = parse(`query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Case { hearings { id } } } }`);
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      const options = { defaultPageSize: 20, maxPageSize: 100 };
      return operationCost(schema, {}, operation as OperationDefinitionNode, { ids }, options);
    };
    // Each: the node, its id, a case's hearings (10 assumed, as any list without `first`) with their ids.
    expect(cost([uuid()])).toBe(1 * (1 + 1 + 10 * (1 + 1)));
    expect(cost(Array.from({ length: 50 }, () => uuid()))).toBe(50 * (1 + 1 + 10 * (1 + 1)));
  });

  it('takes at most a page’s worth of ids', async () => {
    const result = await gw.query(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: Array.from({ length: gw.config.maxPageSize + 1 }, () => uuid()) },
      t.officer,
    );
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'ids']]);
  });
});

describe('statements', () => {
  async function statementsOf(query: string, variables: Record<string, unknown>, token: string) {
    const before = totalStatements();
    const result = await gw.query(query, variables, token);
    const statements = totalStatements() - before;
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return { statements, data: result.data };
  }

  it('are one to find the type and one to read the object, whatever the type and what is nested under it', async () => {
    const counts = new Map<string, number>();
    for (const id of [c1.id, k1.id, p1.id, ids.e1, ids.referral, ids.notification]) {
      const { statements, data } = await statementsOf(NODE, { id }, t.officer);
      counts.set(data.node.__typename, statements);
    }
    expect(Object.fromEntries(counts)).toEqual({
      Complaint: 2,
      Case: 2,
      Staff: 2,
      ProviderEngagement: 2,
      Referral: 2,
      Notification: 2,
    });
    // An id that names nothing takes the lookup alone; one that is not a UUID, none.
    expect((await statementsOf(NODE, { id: uuid() }, t.officer)).statements).toBe(1);
    expect((await statementsOf(NODE, { id: 'nonsense' }, t.officer)).statements).toBe(0);
  });

  it('for nodes, are the lookup and one per type found, however many ids', async () => {
    const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { ${FIELDS} } }`;
    const few = await statementsOf(query, { ids: [c1.id, k1.id] }, t.officer);
    const more = await statementsOf(query, { ids: [c1.id, c2.id, k1.id, k2.id, p1.id, p2.id] }, t.officer);
    expect(few.data.nodes.map((n: any) => n.__typename)).toEqual(['Complaint', 'Case']);
    expect(few.statements).toBe(3);
    expect(more.data.nodes.map((n: any) => n.__typename)).toEqual([
      'Complaint',
      'Complaint',
      'Case',
      'Case',
      'Staff',
      'Staff',
    ]);
    expect(more.statements).toBe(4);
  });
});
