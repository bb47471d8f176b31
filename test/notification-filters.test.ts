/**
 * The notifications list filtered as the CST needs it (issue 15): by complaint, channel, recipient
 * kind, template and date, not only by status; bad filters refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

let db: TestDatabase;
let gw: TestGateway;
let manager: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const staff = await f.staff({ role: Role.CST_MANAGER });
  const one = await f.complaint();
  const two = await f.complaint();
  Object.assign(ids, { one: one.id, two: two.id });
  // [key, complaint, kind, channel, template, status, created (UTC)]
  const rows: [string, string, string, string, string, string, string][] = [
    ['a', one.id, 'COMPLAINANT', 'EMAIL', 'acknowledgement', 'SENT', '2026-11-02T10:00:00Z'],
    ['b', one.id, 'COURT', 'EMAIL', 'court-notification', 'FAILED', '2026-11-03T10:00:00Z'],
    ['c', two.id, 'COMPLAINANT', 'POST', 'acknowledgement', 'AWAITING_POST', '2026-11-04T23:30:00Z'],
    ['d', two.id, 'HR_SYSTEM', 'WEBHOOK', 'referral', 'SENT', '2026-11-05T10:00:00Z'],
  ];
  for (const [key, complaintId, kind, channel, template, status, created] of rows) {
    await db.dataSource.query(
      `INSERT INTO notifications (complaint_id, recipient_kind, recipient_address, channel, template, idempotency_key, status, created_at)
       VALUES ($1, $2, 'someone@example.org', $3, $4, $5, $6, $7)`,
      [complaintId, kind, channel, template, `test:${key}`, status, created],
    );
  }
  gw = await startTestGateway(db);
  manager = await gw.token(Role.CST_MANAGER, staff.id);
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

const LIST = `query ($filter: NotificationFilter) { notifications(first: 20, filter: $filter) { edges { node { idempotencyKey } } } }`;

async function keys(filter: Record<string, unknown>): Promise<string[]> {
  const result = await gw.query(LIST, { filter }, manager);
  expect(result.errors).toBeUndefined();
  return result.data.notifications.edges.map((e: any) => e.node.idempotencyKey.replace('test:', '')).sort();
}

describe('notifications, filtered', () => {
  it.each<[string, () => Record<string, unknown>, string[]]>([
    ['by status', () => ({ status: 'FAILED' }), ['b']],
    ['by complaint', () => ({ complaintId: ids.two }), ['c', 'd']],
    ['by channel', () => ({ channel: 'POST' }), ['c']],
    ['by recipient kind', () => ({ recipientKind: 'COMPLAINANT' }), ['a', 'c']],
    ['by template', () => ({ template: 'acknowledgement' }), ['a', 'c']],
    ['from a London date', () => ({ from: '2026-11-04' }), ['c', 'd']],
    ['up to a London date (23:30 GMT on the 4th is the 4th)', () => ({ to: '2026-11-04' }), ['a', 'b', 'c']],
    ['by several at once', () => ({ complaintId: ids.one, recipientKind: 'COURT', status: 'FAILED' }), ['b']],
  ])('%s', async (_what, filter, expected) => {
    expect(await keys(filter())).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown template', { template: 'no-such-template' }, 'filter.template'],
    ['a complaint id that is not an id', { complaintId: 'CMP-1' }, 'filter.complaintId'],
    ['from after to', { from: '2026-11-05', to: '2026-11-01' }, 'filter.from'],
  ])('refuses %s, naming the field', async (_what, filter, field) => {
    const result = await gw.query(LIST, { filter }, manager);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
