/**
 * Correcting what was recorded (issue 15): `updateComplainant` and `updateComplaint` change only what
 * is given (null clears an optional field), are checked as at intake and audited old → new in one
 * event of exactly the fields changed; nothing changed, nothing written. A stale version is a
 * CONFLICT, an anonymised record is refused, partners are refused. Naming another member of staff
 * re-routes the owner of a child's complaint and a pending approval (SPEC §1.5) without moving a due
 * date; the complaint is found by the complainant's new name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintStatus, Role } from '../src/domain/enums';
import { RetentionService } from '../src/services/retention.service';
import { createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-05T12:00:00Z'); // Thursday 5 November 2026
let w: World;

const ERRORS = 'errors { code field message }';
const COMPLAINANT_FIELDS = 'id firstName lastName email phone address preferredContact';
const UPDATE_COMPLAINANT = `mutation ($input: UpdateComplainantInput!) {
  updateComplainant(input: $input) { complainant { ${COMPLAINANT_FIELDS} } ${ERRORS} } }`;
const COMPLAINT_FIELDS = `id version summary channel subjectStaff { id } repeats { id } serviceArea { id }
  owner { id } responseDueOn dueReason childContactDueOn nextDueOn`;
const UPDATE_COMPLAINT = `mutation ($input: UpdateComplaintInput!) {
  updateComplaint(input: $input) { complaint { ${COMPLAINT_FIELDS} } ${ERRORS} } }`;
const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { ${ERRORS} } }`;
const ASSESS = `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { ${ERRORS} } }`;
const DRAFT = `mutation ($input: DraftResponseInput!) { draftResponse(input: $input) { ${ERRORS} } }`;
const SUBMIT = `mutation ($input: SubmitResponseForApprovalInput!) { submitResponseForApproval(input: $input) { ${ERRORS} } }`;
const APPROVE = `mutation ($input: ApproveResponseInput!) { approveResponse(input: $input) { ${ERRORS} } }`;
const RECORD = `mutation ($input: RecordComplaintInput!) { recordComplaint(input: $input) { complaint { id } ${ERRORS} } }`;

beforeAll(async () => {
  w = await createWorld(NOW);
});

afterAll(async () => {
  await w?.stop();
});

const updateComplainant = (input: Record<string, unknown>): Promise<{ complainant: any; errors: any[] }> =>
  w.mutate(UPDATE_COMPLAINANT, input);
const updateComplaint = (input: Record<string, unknown>): Promise<{ complaint: any; errors: any[] }> =>
  w.mutate(UPDATE_COMPLAINT, input);

/** The audit events of an action, oldest first. */
const events = (action: string, entityId: string): Promise<{ change: any; complaintId: string }[]> =>
  w.db.dataSource.query(
    `SELECT change, complaint_id AS "complaintId" FROM audit_events WHERE action = $1 AND entity_id = $2 ORDER BY occurred_at, sequence`,
    [action, entityId],
  );
const complainantRow = async (id: string) =>
  (
    await w.db.dataSource.query(
      'SELECT first_name, last_name, email, phone, address, preferred_contact, updated_at FROM complainants WHERE id = $1',
      [id],
    )
  )[0];
const complaintRow = async (id: string) =>
  (
    await w.db.dataSource.query(
      `SELECT version, summary, channel, subject_staff_id, repeats_complaint_id, service_area_id, owner_id, updated_at
         FROM complaints WHERE id = $1`,
      [id],
    )
  )[0];
const eventCount = async () => (await w.db.dataSource.query('SELECT count(*)::int AS n FROM audit_events'))[0].n;

/** A complaint by a complainant of their own (a party of their own of the world's case), with all details. */
async function ownComplaint(lastName: string, details: Record<string, unknown> = {}) {
  // The party's own name differs: the search finds parties by name too.
  const party = await w.f.party(w.kase.id, { firstName: 'Alex', lastName: 'Respondent' });
  const complaint = await w.recordAdult({
    complainant: {
      kind: 'ADULT_PARTY',
      partyId: party.id,
      firstName: 'Jo',
      lastName,
      email: `${lastName.toLowerCase()}@example.org`,
      phone: '07700 900123',
      address: '1 High Street, Birmingham',
      preferredContact: 'EMAIL',
      ...details,
    },
  });
  const [{ id }] = await w.db.dataSource.query('SELECT complainant_id AS id FROM complaints WHERE id = $1', [
    complaint.id,
  ]);
  return { complaint, complainantId: id as string };
}

describe("correcting a complainant's contact details", () => {
  let complainantId: string;
  let complaintId: string;

  beforeAll(async () => {
    ({
      complainantId,
      complaint: { id: complaintId },
    } = await ownComplaint('Ashdown'));
  });

  it.each<[string, string, unknown, string]>([
    ['firstName', 'first_name', 'Joanna', 'Joanna'],
    ['lastName', 'last_name', 'Ashdown-Smith', 'Ashdown-Smith'],
    ['email', 'email', 'jo.ashdown@example.net', 'jo.ashdown@example.net'],
    ['phone', 'phone', ' 07700 900456 ', '07700 900456'],
    ['address', 'address', '2 New Road, Walsall', '2 New Road, Walsall'],
    ['preferredContact', 'preferred_contact', 'LETTER', 'LETTER'],
  ])(
    'changes %s alone, audited old → new in one event in the chain of their complaint',
    async (field, column, given, stored) => {
      const before = await complainantRow(complainantId);
      const result = await updateComplainant({ complainantId, [field]: given });
      expect(result.errors).toEqual([]);
      expect(result.complainant[field]).toBe(stored);
      const after = await complainantRow(complainantId);
      expect(after).toMatchObject({ ...before, [column]: stored, updated_at: expect.any(Date) });
      const trail = await events('complainant.updated', complainantId);
      expect(trail.at(-1)).toEqual({ complaintId, change: { [field]: { from: before[column], to: stored } } });
    },
  );

  it('clears an optional detail given as null, and keeps those not given', async () => {
    const before = await complainantRow(complainantId);
    const result = await updateComplainant({ complainantId, phone: null });
    expect(result.errors).toEqual([]);
    expect(result.complainant).toMatchObject({ phone: null, email: before.email, address: before.address });
    expect((await events('complainant.updated', complainantId)).at(-1)!.change).toEqual({
      phone: { from: before.phone, to: null },
    });
  });

  it('writes nothing when nothing changes', async () => {
    const before = await complainantRow(complainantId);
    const count = await eventCount();
    const result = await updateComplainant({
      complainantId,
      firstName: before.first_name,
      lastName: ` ${before.last_name} `,
      email: before.email,
    });
    expect(result.errors).toEqual([]);
    expect(await eventCount()).toBe(count);
    expect(await complainantRow(complainantId)).toEqual(before);
  });

  describe('refusals', () => {
    let refused: string;
    beforeAll(async () => {
      ({ complainantId: refused } = await ownComplaint('Refused', { phone: null, preferredContact: 'LETTER' }));
    });

    it.each<[string, Record<string, unknown>, Record<string, string>]>([
      ['an empty first name', { firstName: '  ' }, { 'input.firstName': 'INVALID' }],
      ['a cleared last name', { lastName: null }, { 'input.lastName': 'INVALID' }],
      ['a name too long', { lastName: 'x'.repeat(501) }, { 'input.lastName': 'INVALID' }],
      ['an email that is not one', { email: 'jo at example', phone: '07700 900999' }, { 'input.email': 'INVALID' }],
      ['an address too long', { address: 'y'.repeat(501) }, { 'input.address': 'INVALID' }],
      // The preferred contact must stay usable (intake records what was asked for; a correction must make it usable).
      ['no address for letters', { address: null }, { 'input.address': 'INVALID' }],
      ['email preferred without one', { preferredContact: 'EMAIL', email: null }, { 'input.email': 'INVALID' }],
      [
        'a phone preferred with none',
        { preferredContact: 'PHONE', firstName: 'Jay' },
        { 'input.preferredContact': 'INVALID' },
      ],
      [
        'an unknown complainant',
        { complainantId: '00000000-0000-4000-8000-000000000000' },
        { 'input.complainantId': 'NOT_FOUND' },
      ],
    ])('refuses %s, naming the field, and changes nothing', async (_what, input, expected) => {
      const before = await complainantRow(refused);
      const count = await eventCount();
      const result = await updateComplainant({ complainantId: refused, ...input });
      expect(result.complainant).toBeNull();
      expect(Object.fromEntries(result.errors.map((e) => [e.field, e.code]))).toEqual(expected);
      expect(await complainantRow(refused)).toEqual(before);
      expect(await eventCount()).toBe(count);
    });
  });

  it('finds the complaint by the new name, and no longer by the old', async () => {
    const { complaint, complainantId: id } = await ownComplaint('Quenby', { email: null, preferredContact: null });
    const search = async (text: string) => {
      const result = await w.gw.query(
        'query ($search: String) { complaints(filter: { search: $search }, first: 20) { edges { node { id } } } }',
        { search: text },
        w.tokens.officer,
      );
      expect(result.errors).toBeUndefined();
      return result.data.complaints.edges.map((e: any) => e.node.id);
    };
    expect(await search('Quenby')).toEqual([complaint.id]);
    expect(await search('Thistlewood')).toEqual([]);
    expect((await updateComplainant({ complainantId: id, lastName: 'Thistlewood' })).errors).toEqual([]);
    expect(await search('Thistlewood')).toEqual([complaint.id]);
    expect(await search('Quenby')).toEqual([]);
    expect((await updateComplainant({ complainantId: id, email: 'kit.t@example.org' })).errors).toEqual([]);
    expect(await search('kit.t@example')).toEqual([complaint.id]);
  });

  it('is refused once retention has anonymised the complainant with their complaints', async () => {
    const complainant = await w.f.complainant({ firstName: '[anonymised]', lastName: '[anonymised]' });
    await w.f.complaint({ complainantId: complainant.id, anonymisedAt: new Date('2026-10-01T02:00:00Z') });
    const count = await eventCount();
    const result = await updateComplainant({ complainantId: complainant.id, lastName: 'Restored' });
    expect(result.complainant).toBeNull();
    expect(result.errors).toEqual([
      { code: 'CONFLICT', field: 'input.complainantId', message: expect.stringMatching(/anonymised on 2026-10-01/) },
    ]);
    expect((await complainantRow(complainant.id)).last_name).toBe('[anonymised]');
    expect(await eventCount()).toBe(count);
  });

  it('leaves no old detail in the audit trail once retention anonymises the complainant', async () => {
    const complainant = await w.f.complainant({ email: 'old.address@example.org' });
    const closed = await w.f.complaint({
      complainantId: complainant.id,
      status: ComplaintStatus.CLOSED,
      receivedAt: new Date('2019-05-01T09:00:00Z'),
      closedAt: new Date('2019-06-03T09:00:00Z'),
    });
    const result = await updateComplainant({ complainantId: complainant.id, email: 'new.address@example.org' });
    expect(result.errors).toEqual([]);
    const [event] = await events('complainant.updated', complainant.id);
    expect(event).toMatchObject({ complaintId: closed.id, change: { email: { from: 'old.address@example.org' } } });
    const run = await new RetentionService(w.gw.services.audit, w.db.dataSource, w.gw.config).run({ now: () => NOW });
    expect(run.anonymised).toEqual([expect.objectContaining({ complaintId: closed.id, complainantAnonymised: true })]);
    expect(await events('complainant.updated', complainant.id)).toEqual([{ complaintId: closed.id, change: null }]);
  });

  it('is refused to partners and to staff who do not handle complaints', async () => {
    const tokens = [
      await w.gw.token(Role.PROVIDER, w.provider.id),
      await w.gw.token(Role.CASE_SYSTEM, 'case-system'),
      await w.gw.token(Role.HR_SYSTEM, 'hr-system'),
      w.tokens.head,
      w.tokens.practitioner,
    ];
    for (const token of tokens) {
      const result = await w.gw.query(UPDATE_COMPLAINANT, { input: { complainantId, lastName: 'Partner' } }, token);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await complainantRow(complainantId)).last_name).not.toBe('Partner');
  });
});

describe("correcting a complaint's record", () => {
  let complaint: any;
  let earlier: any;

  beforeAll(async () => {
    earlier = (await ownComplaint('Earlier')).complaint;
    complaint = (await ownComplaint('Corrected')).complaint;
  });

  it.each<[string, () => unknown, string, string]>([
    ['summary', () => 'The report says I missed two sessions; I attended both.', 'summary', 'summary'],
    ['channel', () => 'LETTER', 'channel', 'channel'],
    ['subjectStaffId', () => w.lineManager.id, 'subject_staff_id', 'subjectStaffId'],
    ['repeatsComplaintId', () => earlier.id, 'repeats_complaint_id', 'repeatsComplaintId'],
  ])('changes %s alone, audited old → new, and bumps the version', async (field, value, column, audited) => {
    const before = await complaintRow(complaint.id);
    const result = await updateComplaint({
      complaintId: complaint.id,
      expectedVersion: before.version,
      [field]: value(),
    });
    expect(result.errors).toEqual([]);
    expect(result.complaint.version).toBe(before.version + 1);
    const after = await complaintRow(complaint.id);
    expect(after).toMatchObject({
      ...before,
      [column]: value(),
      version: before.version + 1,
      updated_at: expect.any(Date),
    });
    expect((await events('complaint.corrected', complaint.id)).at(-1)).toEqual({
      complaintId: complaint.id,
      change: {
        [audited]: { from: before[column], to: value() },
      },
    });
  });

  it('clears the subject and the repeats link given as null', async () => {
    const set = await updateComplaint({
      complaintId: complaint.id,
      subjectStaffId: w.practitioner.id,
      repeatsComplaintId: earlier.id,
    });
    expect(set.errors).toEqual([]);
    const before = await complaintRow(complaint.id);
    const result = await updateComplaint({ complaintId: complaint.id, subjectStaffId: null, repeatsComplaintId: null });
    expect(result.errors).toEqual([]);
    expect(result.complaint).toMatchObject({ subjectStaff: null, repeats: null, summary: before.summary });
    expect((await events('complaint.corrected', complaint.id)).at(-1)!.change).toEqual({
      subjectStaffId: { from: before.subject_staff_id, to: null },
      repeatsComplaintId: { from: before.repeats_complaint_id, to: null },
    });
  });

  it('writes nothing and keeps the version when nothing changes', async () => {
    const before = await complaintRow(complaint.id);
    const count = await eventCount();
    const result = await updateComplaint({
      complaintId: complaint.id,
      expectedVersion: before.version,
      summary: `  ${before.summary}`,
      channel: before.channel,
      subjectStaffId: before.subject_staff_id,
      repeatsComplaintId: before.repeats_complaint_id,
    });
    expect(result.errors).toEqual([]);
    expect(result.complaint.version).toBe(before.version);
    expect(await complaintRow(complaint.id)).toEqual(before);
    expect(await eventCount()).toBe(count);
  });

  it('refuses a stale expectedVersion with a CONFLICT, changing nothing', async () => {
    const before = await complaintRow(complaint.id);
    const result = await updateComplaint({
      complaintId: complaint.id,
      expectedVersion: before.version - 1,
      summary: 'A stale edit',
    });
    expect(result).toMatchObject({ complaint: null, errors: [{ code: 'CONFLICT', field: 'input.expectedVersion' }] });
    expect(await complaintRow(complaint.id)).toEqual(before);
  });

  it.each<[string, () => Record<string, unknown>, Record<string, string>]>([
    ['an empty summary', () => ({ summary: ' ', channel: 'PHONE' }), { 'input.summary': 'INVALID' }],
    ['a summary too long', () => ({ summary: 'z'.repeat(20_001) }), { 'input.summary': 'INVALID' }],
    ['a cleared channel', () => ({ channel: null }), { 'input.channel': 'INVALID' }],
    [
      'a complaint repeating itself',
      () => ({ repeatsComplaintId: complaint.id }),
      { 'input.repeatsComplaintId': 'INVALID' },
    ],
    [
      'an unknown earlier complaint',
      () => ({ repeatsComplaintId: '00000000-0000-4000-8000-000000000000' }),
      { 'input.repeatsComplaintId': 'NOT_FOUND' },
    ],
    [
      'an unknown member of staff',
      () => ({ subjectStaffId: '00000000-0000-4000-8000-000000000000' }),
      { 'input.subjectStaffId': 'NOT_FOUND' },
    ],
    [
      'an unknown complaint',
      () => ({ complaintId: '00000000-0000-4000-8000-000000000000' }),
      { 'input.complaintId': 'NOT_FOUND' },
    ],
  ])('refuses %s, naming the field, and changes nothing', async (_what, input, expected) => {
    const before = await complaintRow(complaint.id);
    const count = await eventCount();
    const result = await updateComplaint({ complaintId: complaint.id, ...input() });
    expect(result.complaint).toBeNull();
    expect(Object.fromEntries(result.errors.map((e) => [e.field, e.code]))).toEqual(expected);
    expect(await complaintRow(complaint.id)).toEqual(before);
    expect(await eventCount()).toBe(count);
  });

  it('is refused once retention has anonymised the complaint', async () => {
    const anonymised = await w.f.complaint({ anonymisedAt: new Date('2026-10-01T02:00:00Z'), summary: '[anonymised]' });
    const result = await updateComplaint({ complaintId: anonymised.id, summary: 'Something new' });
    expect(result.errors).toEqual([
      { code: 'CONFLICT', field: 'input.complaintId', message: expect.stringMatching(/anonymised on 2026-10-01/) },
    ]);
    expect((await complaintRow(anonymised.id)).summary).toBe('[anonymised]');
  });

  it('is refused to partners and to staff who do not handle complaints', async () => {
    const tokens = [
      await w.gw.token(Role.PROVIDER, w.provider.id),
      await w.gw.token(Role.CASE_SYSTEM, 'case-system'),
      await w.gw.token(Role.HR_SYSTEM, 'hr-system'),
      w.tokens.lineManager,
    ];
    for (const token of tokens) {
      const result = await w.gw.query(UPDATE_COMPLAINT, { input: { complaintId: complaint.id, summary: 'x' } }, token);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('naming another member of staff (SPEC §1.5 routing)', () => {
  const notified = (complaintId: string, template: string): Promise<{ recipientId: string }[]> =>
    w.db.dataSource.query(
      `SELECT recipient_id AS "recipientId" FROM notifications WHERE complaint_id = $1 AND template = $2 ORDER BY created_at`,
      [complaintId, template],
    );

  it("gives a child's complaint about its owner to another senior manager, telling them; no due date moves", async () => {
    const child = await w.f.child(w.kase.id, { firstName: 'Robin' });
    const recorded = await w.recordAdult({
      complainant: { kind: 'CHILD', firstName: 'Robin', lastName: 'Child', childId: child.id },
    });
    const before = await complaintRow(recorded.id);
    expect(before.owner_id).toBe(w.head.id);
    const result = await updateComplaint({ complaintId: recorded.id, subjectStaffId: w.head.id });
    expect(result.errors).toEqual([]);
    expect(result.complaint).toMatchObject({
      subjectStaff: { id: w.head.id },
      owner: { id: w.otherSenior.id },
      responseDueOn: recorded.responseDueOn,
      dueReason: recorded.dueReason,
      nextDueOn: recorded.nextDueOn,
      childContactDueOn: '2026-11-05',
    });
    expect((await events('complaint.corrected', recorded.id)).at(-1)!.change).toEqual({
      subjectStaffId: { from: w.practitioner.id, to: w.head.id },
      ownerId: { from: w.head.id, to: w.otherSenior.id },
    });
    expect(await events('deadlines.recomputed', recorded.id)).toEqual([]);
    expect(await notified(recorded.id, 'child-complaint-owner')).toEqual([
      { recipientId: w.head.id },
      { recipientId: w.otherSenior.id },
    ]);
    // What to do and by when, with the reference and a link (and no delivery effect): nothing of the complaint itself.
    const [{ payload }] = await w.db.dataSource.query(
      `SELECT payload FROM notifications WHERE complaint_id = $1 AND recipient_id = $2`,
      [recorded.id, w.otherSenior.id],
    );
    expect(payload).toEqual({
      reference: recorded.reference,
      link: `https://complaints.example.org/complaints/${recorded.reference}`,
      action: 'You now own this complaint: make sure a local manager contacts the child by their preferred method.',
      dueOn: '2026-11-05',
      effect: {},
    });
  });

  /** An adult's complaint with a response submitted for approval (to the Head of Practice). */
  async function awaitingApproval() {
    const c = await w.recordAdult();
    expect((await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'ACCEPTED' })).errors).toEqual([]);
    const aspects = [{ category: 'CASE_MANAGEMENT', description: 'Calls not returned' }];
    expect((await w.mutate(ASSESS, { complaintId: c.id, aspects })).errors).toEqual([]);
    const text = { understanding: 'u', desiredRemedy: 'd', assessmentOutcome: 'o', steps: 's' };
    expect((await w.mutate(DRAFT, { complaintId: c.id, ...text })).errors).toEqual([]);
    expect((await w.mutate(SUBMIT, { complaintId: c.id })).errors).toEqual([]);
    const [response] = await w.db.dataSource.query('SELECT id, approver_id FROM responses WHERE complaint_id = $1', [
      c.id,
    ]);
    expect(response.approver_id).toBe(w.head.id);
    return { complaint: c, responseId: response.id as string };
  }

  it('asks another senior manager for an approval awaited from the person now named, audited', async () => {
    const { complaint, responseId } = await awaitingApproval();
    const before = await complaintRow(complaint.id);
    const result = await updateComplaint({ complaintId: complaint.id, subjectStaffId: w.head.id });
    expect(result.errors).toEqual([]);
    expect(result.complaint.version).toBe(before.version + 1);
    const [{ approver_id }] = await w.db.dataSource.query('SELECT approver_id FROM responses WHERE id = $1', [
      responseId,
    ]);
    expect(approver_id).toBe(w.otherSenior.id);
    expect((await events('complaint.corrected', complaint.id)).at(-1)!.change).toEqual({
      subjectStaffId: { from: w.practitioner.id, to: w.head.id },
      [`Response:${responseId}.approverId`]: { from: w.head.id, to: w.otherSenior.id },
    });
    expect(await notified(complaint.id, 'approval-requested')).toEqual([
      { recipientId: w.head.id },
      { recipientId: w.otherSenior.id },
    ]);
    // The person complained about cannot approve it; the one asked now can.
    const byHead = await w.mutate(APPROVE, { complaintId: complaint.id }, w.tokens.head);
    expect(byHead.errors).toEqual([expect.objectContaining({ code: 'NOT_PERMITTED' })]);
    expect((await w.mutate(APPROVE, { complaintId: complaint.id }, w.tokens.otherSenior)).errors).toEqual([]);
  });

  it('refuses to name the senior manager who approved the response, changing nothing', async () => {
    const { complaint } = await awaitingApproval();
    expect((await w.mutate(APPROVE, { complaintId: complaint.id }, w.tokens.head)).errors).toEqual([]);
    const before = await complaintRow(complaint.id);
    const result = await updateComplaint({ complaintId: complaint.id, subjectStaffId: w.head.id });
    expect(result).toMatchObject({
      complaint: null,
      errors: [{ code: 'NOT_PERMITTED', field: 'input.subjectStaffId' }],
    });
    expect(await complaintRow(complaint.id)).toEqual(before);
  });

  it("gives a staff complaint answered outside the procedure to the new subject's line manager, telling them", async () => {
    const otherManager = await w.f.staff({
      role: Role.LINE_MANAGER,
      serviceAreaId: w.area.id,
      lineManagerId: w.head.id,
      lastName: 'Other',
    });
    const colleague = await w.f.staff({ serviceAreaId: w.area.id, lineManagerId: otherManager.id, lastName: 'Peer' });
    const recorded = await w.gw.query(
      RECORD,
      {
        input: {
          channel: 'EMAIL',
          receivedAt: '2026-11-02T09:00:00Z',
          summary: 'A member of staff was rude to me at the front desk.',
          subjectStaffId: w.practitioner.id,
          complainant: { kind: 'STAFF_NOT_CASE', firstName: 'Kim', lastName: 'Public', email: 'kim@example.org' },
        },
      },
      w.tokens.officer,
    );
    const id = recorded.data.recordComplaint.complaint.id;
    expect((await w.mutate(TRIAGE, { complaintId: id, outcome: 'OUTSIDE_PROCEDURE' })).errors).toEqual([]);
    expect((await complaintRow(id)).owner_id).toBe(w.lineManager.id);

    const result = await updateComplaint({ complaintId: id, subjectStaffId: colleague.id });
    expect(result.errors).toEqual([]);
    expect(result.complaint.owner).toEqual({ id: otherManager.id });
    expect((await events('complaint.corrected', id)).at(-1)!.change).toMatchObject({
      subjectStaffId: { from: w.practitioner.id, to: colleague.id },
      ownerId: { from: w.lineManager.id, to: otherManager.id },
    });
    expect(await notified(id, 'staff-complaint-owner')).toEqual([
      { recipientId: w.lineManager.id },
      { recipientId: otherManager.id },
    ]);
    // Named as its own subject, the line manager cannot answer it: their own line manager does.
    const self = await updateComplaint({ complaintId: id, subjectStaffId: otherManager.id });
    expect(self.errors).toEqual([]);
    expect(self.complaint.owner).toEqual({ id: w.head.id });
  });

  it("moves a complaint about staff outside a case to the new subject's service area; it keeps its subject", async () => {
    const elsewhere = await w.f.serviceArea({ name: 'Elsewhere' });
    const colleague = await w.f.staff({ serviceAreaId: elsewhere.id, lastName: 'Colleague' });
    const result = await w.gw.query(
      RECORD,
      {
        input: {
          channel: 'EMAIL',
          receivedAt: '2026-11-02T09:00:00Z',
          summary: 'A colleague was rude to me at a training day.',
          subjectStaffId: w.practitioner.id,
          complainant: { kind: 'STAFF_NOT_CASE', firstName: 'Kim', lastName: 'Public' },
        },
      },
      w.tokens.officer,
    );
    const id = result.data.recordComplaint.complaint.id;
    const cleared = await updateComplaint({ complaintId: id, subjectStaffId: null });
    expect(cleared.errors).toEqual([expect.objectContaining({ code: 'INVALID', field: 'input.subjectStaffId' })]);
    const moved = await updateComplaint({ complaintId: id, subjectStaffId: colleague.id });
    expect(moved.errors).toEqual([]);
    expect(moved.complaint).toMatchObject({ subjectStaff: { id: colleague.id }, serviceArea: { id: elsewhere.id } });
    expect((await events('complaint.corrected', id)).at(-1)!.change).toMatchObject({
      serviceAreaId: { from: w.area.id, to: elsewhere.id },
    });
  });
});
