/**
 * Who handles a complaint (issue 15): a CST manager assigns it, a CST officer takes an unassigned one
 * for themself; every change is audited old → new and the new assignee is told; and the caseload
 * shows each officer's open complaints, how many are overdue and the next due date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  const amy = await f.staff({ role: Role.CST_OFFICER, firstName: 'Amy', lastName: 'Adams' });
  const ben = await f.staff({ role: Role.CST_OFFICER, firstName: 'Ben', lastName: 'Brook' });
  const manager = await f.staff({ role: Role.CST_MANAGER, firstName: 'Cara', lastName: 'Chen' });
  const practitioner = await f.staff({ role: Role.PRACTITIONER });
  const leaver = await f.staff({ role: Role.CST_OFFICER, active: false });
  const open = await f.complaint({ assigneeId: null, nextDueOn: '2026-11-20' });
  const bens = await f.complaint({ assigneeId: ben.id, nextDueOn: '2026-11-05' });
  Object.assign(ids, {
    amy: amy.id,
    ben: ben.id,
    practitioner: practitioner.id,
    leaver: leaver.id,
    open: open.id,
    bens: bens.id,
  });
  gw = await startTestGateway(db, { now: () => new Date('2026-11-10T12:00:00Z') });
  tokens.amy = await gw.token(Role.CST_OFFICER, amy.id);
  tokens.manager = await gw.token(Role.CST_MANAGER, manager.id);
  tokens.practitioner = await gw.token(Role.PRACTITIONER, practitioner.id);
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

const ASSIGN = `mutation ($input: AssignComplaintInput!) {
  assignComplaint(input: $input) { complaint { id assignee { lastName } } errors { code field message } }
}`;

const assign = (complaintId: string, assigneeId: string | null, bearer: string) =>
  gw.query(ASSIGN, { input: { complaintId, assigneeId } }, bearer);

const assigneeOf = async (complaintId: string) =>
  (await db.dataSource.query('SELECT assignee_id AS id FROM complaints WHERE id = $1', [complaintId]))[0].id;

const trail = async (complaintId: string) =>
  db.dataSource.query(
    `SELECT actor_id AS "actorId", change FROM audit_events WHERE complaint_id = $1 AND action = 'complaint.assigned' ORDER BY sequence`,
    [complaintId],
  );

const told = async (complaintId: string) =>
  db.dataSource.query(
    `SELECT recipient_id AS "recipientId" FROM notifications WHERE complaint_id = $1 AND template = 'complaint-assigned'`,
    [complaintId],
  );

describe('assigning a complaint', () => {
  it('lets a CST officer take an unassigned complaint themself, audited, with no message to themself', async () => {
    const result = await assign(ids.open, ids.amy, tokens.amy);
    expect(result.data.assignComplaint).toMatchObject({ errors: [], complaint: { assignee: { lastName: 'Adams' } } });
    expect(await trail(ids.open)).toEqual([
      { actorId: ids.amy, change: expect.objectContaining({ assigneeId: { from: null, to: ids.amy } }) },
    ]);
    expect(await told(ids.open)).toEqual([]);
  });

  it.each<[string, () => [string, string | null], string, string]>([
    ['one someone else handles', () => [ids.bens, ids.amy], 'NOT_PERMITTED', 'input.complaintId'],
    ['it for someone else', () => [ids.open, ids.ben], 'NOT_PERMITTED', 'input.assigneeId'],
    ['it away', () => [ids.open, null], 'NOT_PERMITTED', 'input.assigneeId'],
  ])('does not let a CST officer take %s', async (_what, args, code, field) => {
    const [complaintId, assigneeId] = args();
    const before = await assigneeOf(complaintId);
    const result = await assign(complaintId, assigneeId, tokens.amy);
    expect(result.data.assignComplaint).toMatchObject({ complaint: null, errors: [{ code, field }] });
    expect(await assigneeOf(complaintId)).toBe(before);
  });

  it('lets a CST manager reassign it; the new assignee is told once', async () => {
    const result = await assign(ids.open, ids.ben, tokens.manager);
    expect(result.data.assignComplaint.complaint.assignee.lastName).toBe('Brook');
    expect((await trail(ids.open)).at(-1).change).toMatchObject({ assigneeId: { from: ids.amy, to: ids.ben } });
    expect(await told(ids.open)).toEqual([{ recipientId: ids.ben }]);
    // The same again changes nothing, audits nothing, tells no one.
    const events = (await trail(ids.open)).length;
    expect((await assign(ids.open, ids.ben, tokens.manager)).data.assignComplaint.errors).toEqual([]);
    expect(await trail(ids.open)).toHaveLength(events);
    expect(await told(ids.open)).toHaveLength(1);
  });

  it.each<[string, () => string, string]>([
    ['a practitioner', () => ids.practitioner, 'INVALID'],
    ['someone who has left', () => ids.leaver, 'INVALID'],
    ['an id that names no one', () => '00000000-0000-4000-8000-000000000000', 'NOT_FOUND'],
  ])('refuses %s as the assignee, naming the field', async (_what, assignee, code) => {
    const result = await assign(ids.bens, assignee(), tokens.manager);
    expect(result.data.assignComplaint).toMatchObject({
      complaint: null,
      errors: [{ code, field: 'input.assigneeId' }],
    });
    expect(await assigneeOf(ids.bens)).toBe(ids.ben);
  });

  it('is refused to roles that do not handle complaints', async () => {
    const result = await assign(ids.bens, ids.amy, tokens.practitioner);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the caseload', () => {
  it("shows each officer's and manager's open complaints, overdue ones and next due date, and the unassigned", async () => {
    await assign(ids.open, null, tokens.manager);
    const result = await gw.query(
      '{ caseload { unassigned entries { staff { lastName } openComplaints overdue nextDueOn } } }',
      {},
      tokens.manager,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.caseload).toEqual({
      unassigned: 1,
      entries: [
        { staff: { lastName: 'Adams' }, openComplaints: 0, overdue: 0, nextDueOn: null },
        { staff: { lastName: 'Brook' }, openComplaints: 1, overdue: 1, nextDueOn: '2026-11-05' },
        { staff: { lastName: 'Chen' }, openComplaints: 0, overdue: 0, nextDueOn: null },
      ],
    });
  });
});
