/**
 * Internal notes on a complaint (issue 15): staff add them (author and time kept, audited), read them
 * on the complaint; partners neither add nor read them, and a provider's transaction sees none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AspectCategory, Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

let db: TestDatabase;
let gw: TestGateway;
const tokens: Record<string, string> = {};
let complaintId: string;
let providerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const officer = await f.staff({ role: Role.CST_OFFICER, lastName: 'Noteworthy' });
  const provider = await f.provider();
  providerId = provider.id;
  const complaint = await f.complaint();
  complaintId = complaint.id;
  await f.aspect(complaint.id, { category: AspectCategory.PROVIDER_ACTIONS, providerId: provider.id });
  gw = await startTestGateway(db);
  tokens.officer = await gw.token(Role.CST_OFFICER, officer.id);
  tokens.provider = await gw.token(Role.PROVIDER, provider.id);
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

const ADD = `mutation ($input: AddComplaintNoteInput!) {
  addComplaintNote(input: $input) {
    note { text author { lastName } createdAt }
    complaint { notes { text } }
    errors { code field message }
  }
}`;

describe('complaint notes', () => {
  it('are added by staff, with their author and time, kept in order and audited', async () => {
    for (const text of ['Called the mother back: no answer.', 'Left a voicemail.']) {
      const result = await gw.query(ADD, { input: { complaintId, text } }, tokens.officer);
      expect(result.data.addComplaintNote.errors).toEqual([]);
      expect(result.data.addComplaintNote.note).toMatchObject({ text, author: { lastName: 'Noteworthy' } });
    }
    const read = await gw.query(
      'query ($id: ID) { complaint(id: $id) { notes { text } } }',
      { id: complaintId },
      tokens.officer,
    );
    expect(read.data.complaint.notes.map((n: any) => n.text)).toEqual([
      'Called the mother back: no answer.',
      'Left a voicemail.',
    ]);
    const [event] = await db.dataSource.query(
      `SELECT change FROM audit_events WHERE complaint_id = $1 AND action = 'complaint.note-added' ORDER BY sequence LIMIT 1`,
      [complaintId],
    );
    expect(event.change).toMatchObject({ text: 'Called the mother back: no answer.' });
  });

  it('need text, and change nothing without it', async () => {
    const result = await gw.query(ADD, { input: { complaintId, text: '  ' } }, tokens.officer);
    expect(result.data.addComplaintNote).toMatchObject({
      note: null,
      errors: [{ code: 'INVALID', field: 'input.text' }],
    });
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM complaint_notes');
    expect(n).toBe(2);
  });

  it('are neither added nor read by a provider, whose transaction sees none', async () => {
    const add = await gw.query(ADD, { input: { complaintId, text: 'from a provider' } }, tokens.provider);
    expect(add.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const read = await gw.query(
      'query ($id: ID) { complaint(id: $id) { notes { text } } }',
      { id: complaintId },
      tokens.provider,
    );
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const seen = await db.dataSource.transaction(async (tx) => {
      await tx.query("SELECT set_config('app.provider_id', $1, true)", [providerId]);
      return (await tx.query('SELECT count(*)::int AS n FROM complaint_notes'))[0].n;
    });
    expect(seen).toBe(0);
  });
});
