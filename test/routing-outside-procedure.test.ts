/**
 * Routes SPEC promises (issue 15): a staff-not-case complaint taken outside the procedure goes to the
 * employee's line manager, who owns and answers it (§2.3; else the area's senior manager, never the one
 * complained about); a child with neither an email nor a postal address is acknowledged by a local
 * manager's contact, not by a letter that cannot be sent (§5.1–5.2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactMethodFor, contactTask, unreachableInWriting } from '../src/domain/child-contact';
import { ContactMethod as M, Role } from '../src/domain/enums';
import { Staff } from '../src/entities';
import { COMPLAINT_FIELDS, createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-04T15:00:00Z'); // Wednesday 4 November 2026
const SUMMARY = 'MARKER-SUMMARY-7731 was rude to me at the front desk';
let w: World;

const RECORD = `mutation ($input: RecordComplaintInput!) { recordComplaint(input: $input) { complaint { ${COMPLAINT_FIELDS} acknowledgementDueOn acknowledgedAt owner { id } } errors { code field message } userWarnings { code message } } }`;
const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { complaint { ${COMPLAINT_FIELDS} owner { id lastName } } errors { code field message } userWarnings { code message } } }`;
const DRAFT = `mutation ($input: DraftResponseInput!) { draftResponse(input: $input) { complaint { status } errors { code field message } } }`;
const SEND = `mutation ($input: SendResponseInput!) { sendResponse(input: $input) { complaint { status } errors { code field message } } }`;
const ACKNOWLEDGE = `mutation ($input: AcknowledgeComplaintInput!) { acknowledgeComplaint(input: $input) { complaint { nextDueOn } errors { message } } }`;
const CONTACT = `mutation ($input: RecordChildContactInput!) { recordChildContact(input: $input) { complaint { acknowledgedAt nextDueOn responseDueOn } errors { code field message } userWarnings { code message } } }`;

beforeAll(async () => {
  w = await createWorld(NOW);
});

describe('a child no letter or email can reach: how they are contacted (src/domain/child-contact.ts)', () => {
  it.each([
    [{ email: null, address: null }, true],
    [{ email: '  ', address: '' }, true],
    [{ email: 'a@example.org', address: null }, false],
    [{ email: null, address: '1 High Street' }, false],
  ])('%o unreachable in writing: %s', (c, expected) => {
    expect(unreachableInWriting(c)).toBe(expected);
  });

  it.each([
    [M.PHONE, null, M.PHONE],
    [M.IN_PERSON, '07700 900123', M.IN_PERSON],
    [M.EMAIL, '07700 900123', M.PHONE],
    [M.LETTER, null, M.IN_PERSON],
    [null, '07700 900123', M.PHONE],
    [null, ' ', M.IN_PERSON],
  ])('prefers %s, phone %s → %s', (preferred, phone, expected) => {
    expect(contactMethodFor(preferred, phone)).toBe(expected);
  });

  it('says the method, and whether it is the preferred one', () => {
    expect(contactTask(M.IN_PERSON, M.IN_PERSON)).toMatch(/^Contact the child in person \(their preferred method\) to/);
    expect(contactTask(M.PHONE, M.EMAIL)).toMatch(/^Contact the child by phone to acknowledge/);
  });
});

afterAll(async () => {
  await w?.stop();
});

/** Records a staff-not-case complaint about `subject` (received Monday 2 November). */
async function aboutStaff(subject: Staff) {
  const payload = await w.mutate(RECORD, {
    channel: 'EMAIL',
    receivedAt: '2026-11-02T09:00:00Z',
    summary: SUMMARY,
    subjectStaffId: subject.id,
    complainant: { kind: 'STAFF_NOT_CASE', firstName: 'Kim', lastName: 'Public', email: 'kim@example.org' },
  });
  expect(payload.errors).toEqual([]);
  return payload.complaint;
}

/** The notification rows of a complaint with this template. */
function rows(complaintId: string, template: string) {
  return w.db.dataSource.query(
    `SELECT recipient_kind AS kind, recipient_id AS "recipientId", recipient_address AS address, channel,
            idempotency_key AS key, payload
       FROM notifications WHERE complaint_id = $1 AND template = $2 ORDER BY created_at`,
    [complaintId, template],
  );
}

describe('a complaint about a member of staff, unrelated to a case, outside the procedure (§2.3)', () => {
  it("goes to the employee's line manager, who owns it, is told what to do by when, reads it and answers it", async () => {
    const c = await aboutStaff(w.practitioner);
    const triaged = await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'OUTSIDE_PROCEDURE' });
    expect(triaged.errors).toEqual([]);
    expect(triaged.userWarnings).toEqual([]);
    expect(triaged.complaint).toMatchObject({
      status: 'OUTSIDE_PROCEDURE',
      owner: { id: w.lineManager.id, lastName: 'Manager' },
      responseDueOn: '2026-11-23', // 15 working days after receipt
      dueReason: 'OUTSIDE_PROCEDURE',
      nextDueOn: '2026-11-05', // the acknowledgement first
    });
    const acknowledged = await w.mutate(ACKNOWLEDGE, { complaintId: c.id });
    expect(acknowledged.complaint.nextDueOn).toBe('2026-11-23');

    // Told: the reference, what to do, the due date and a link; nothing the complainant wrote, no names.
    const told = await rows(c.id, 'staff-complaint-owner');
    expect(told).toEqual([
      {
        kind: 'STAFF',
        recipientId: w.lineManager.id,
        address: w.lineManager.email,
        channel: 'EMAIL',
        key: `triaged:${c.id}:staff:${w.lineManager.id}`,
        payload: {
          reference: c.reference,
          link: expect.stringMatching(new RegExp(`/complaints/${c.reference}$`)),
          action: expect.stringMatching(/written reply within 15 working days/),
          dueOn: '2026-11-23',
          effect: {},
        },
      },
    ]);
    expect(JSON.stringify(told)).not.toMatch(/MARKER-SUMMARY|Kim|Public|Adviser/);
    const [event] = await w.db.dataSource.query(
      `SELECT change->'ownerId' AS owner FROM audit_events WHERE complaint_id = $1 AND action = 'complaint.triaged'`,
      [c.id],
    );
    expect(event.owner).toEqual({ from: null, to: w.lineManager.id });

    // The line manager reads it (the employee is in their reporting line), drafts the reply and sends it.
    const read = await w.gw.query(
      `query ($id: ID) { complaint(id: $id) { reference owner { lastName } } }`,
      { id: c.id },
      w.tokens.lineManager,
    );
    expect(read.data.complaint).toEqual({ reference: c.reference, owner: { lastName: 'Manager' } });
    const drafted = await w.mutate(
      DRAFT,
      { complaintId: c.id, understanding: 'You were treated rudely.', steps: 'I have spoken to my colleague.' },
      w.tokens.lineManager,
    );
    expect(drafted).toMatchObject({ errors: [], complaint: { status: 'OUTSIDE_PROCEDURE' } });
    const sent = await w.mutate(SEND, { complaintId: c.id }, w.tokens.lineManager);
    expect(sent.errors).toEqual([]);
    expect(['RESPONDED', 'CLOSED']).toContain(sent.complaint.status);
  });

  it('stays with its owner when the reporting line changes; another line manager cannot read it', async () => {
    const c = await aboutStaff(w.practitioner);
    await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'OUTSIDE_PROCEDURE' });
    const newManager = await w.f.staff({ role: Role.LINE_MANAGER, serviceAreaId: w.area.id, lastName: 'Newcomer' });
    const newToken = await w.gw.token(Role.LINE_MANAGER, newManager.id);
    const ONE = `query ($id: ID) { complaint(id: $id) { reference } }`;
    expect((await w.gw.query(ONE, { id: c.id }, newToken)).data.complaint).toBeNull();
    await w.db.dataSource.getRepository(Staff).update(w.practitioner.id, { lineManagerId: newManager.id });
    try {
      // The owner still reads and answers it; the new line manager now reads it through the reporting line.
      expect((await w.gw.query(ONE, { id: c.id }, w.tokens.lineManager)).data.complaint).toEqual({
        reference: c.reference,
      });
      const drafted = await w.mutate(
        DRAFT,
        { complaintId: c.id, understanding: 'You were treated rudely.', steps: 'We apologise.' },
        w.tokens.lineManager,
      );
      expect(drafted.errors).toEqual([]);
      expect((await w.gw.query(ONE, { id: c.id }, newToken)).data.complaint).toEqual({ reference: c.reference });
    } finally {
      await w.db.dataSource.getRepository(Staff).update(w.practitioner.id, { lineManagerId: w.lineManager.id });
    }
  });

  it('goes to the senior manager of the area, with a warning, when the employee has no line manager', async () => {
    const loner = await w.f.staff({ serviceAreaId: w.area.id, lastName: 'Loner' });
    const c = await aboutStaff(loner);
    const triaged = await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'OUTSIDE_PROCEDURE' });
    expect(triaged.errors).toEqual([]);
    expect(triaged.complaint.owner).toEqual({ id: w.head.id, lastName: 'Head' });
    expect(triaged.userWarnings).toEqual([
      {
        code: 'ROUTED_TO_ALTERNATE',
        message: expect.stringMatching(
          /Loner is complained about and they have no line manager: .*Head, senior manager/,
        ),
      },
    ]);
    expect((await rows(c.id, 'staff-complaint-owner')).map((r: any) => r.recipientId)).toEqual([w.head.id]);
    // The senior manager answers it as its owner, although the employee is not in their reporting line.
    const drafted = await w.mutate(
      DRAFT,
      { complaintId: c.id, understanding: 'You were treated rudely.', steps: 'We apologise.' },
      w.tokens.head,
    );
    expect(drafted.errors).toEqual([]);
  });

  it('passes over a line manager who has left, and never gives it to the one complained about', async () => {
    const gone = await w.f.staff({ role: Role.LINE_MANAGER, serviceAreaId: w.area.id, active: false });
    const reportOfGone = await w.f.staff({ serviceAreaId: w.area.id, lineManagerId: gone.id, lastName: 'Orphan' });
    const left = await w.mutate(TRIAGE, {
      complaintId: (await aboutStaff(reportOfGone)).id,
      outcome: 'OUTSIDE_PROCEDURE',
    });
    expect(left.complaint.owner.id).toBe(w.head.id);
    expect(left.userWarnings).toEqual([
      {
        code: 'ROUTED_TO_ALTERNATE',
        message: expect.stringMatching(/Orphan is complained about and their line manager has left/),
      },
    ]);

    // About the Head of Practice (no line manager): the area's other senior manager.
    const aboutHead = await aboutStaff(w.head);
    const triaged = await w.mutate(TRIAGE, { complaintId: aboutHead.id, outcome: 'OUTSIDE_PROCEDURE' });
    expect(triaged.complaint.owner).toEqual({ id: w.otherSenior.id, lastName: 'Assistant' });
    expect((await rows(aboutHead.id, 'staff-complaint-owner')).map((r: any) => r.recipientId)).toEqual([
      w.otherSenior.id,
    ]);
  });

  it('is refused, changing nothing, when nobody can answer it; and takes no local manager', async () => {
    const elsewhere = await w.f.serviceArea({ name: 'No managers here' });
    const alone = await w.f.staff({ serviceAreaId: elsewhere.id, lastName: 'Alone' });
    const c = await aboutStaff(alone);
    const refused = await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'OUTSIDE_PROCEDURE' });
    expect(refused.complaint).toBeNull();
    expect(refused.errors).toEqual([
      expect.objectContaining({
        code: 'INVALID',
        field: 'input.outcome',
        message: expect.stringMatching(/no line manager/),
      }),
    ]);
    const named = await w.mutate(TRIAGE, {
      complaintId: (await aboutStaff(w.practitioner)).id,
      outcome: 'OUTSIDE_PROCEDURE',
      localManagerId: w.otherSenior.id,
    });
    expect(named.errors).toEqual([expect.objectContaining({ code: 'INVALID', field: 'input.localManagerId' })]);
    const [{ status, triaged }] = await w.db.dataSource.query(
      `SELECT status, (SELECT count(*)::int FROM notifications WHERE complaint_id = $1 AND template = 'staff-complaint-owner') AS triaged
         FROM complaints WHERE id = $1`,
      [c.id],
    );
    expect({ status, triaged }).toEqual({ status: 'RECEIVED', triaged: 0 });
  });
});

describe("a professional's concern outside the procedure (SPEC §1.2, footnote 2)", () => {
  it('tells the local manager it is routed to what to do, by when, with the reference and a link only', async () => {
    const c = await w.recordAdult({
      complainant: { kind: 'PROFESSIONAL', firstName: 'Jo', lastName: 'Solicitor', email: 'jo@example.org' },
    });
    const triaged = await w.mutate(TRIAGE, {
      complaintId: c.id,
      outcome: 'OUTSIDE_PROCEDURE',
      localManagerId: w.lineManager.id,
    });
    expect(triaged.errors).toEqual([]);
    const sent = await rows(c.id, 'outside-procedure-manager');
    expect(sent).toEqual([
      {
        kind: 'STAFF',
        recipientId: w.lineManager.id,
        address: w.lineManager.email,
        channel: 'EMAIL',
        key: `triaged:${c.id}:staff:${w.lineManager.id}`,
        payload: {
          reference: c.reference,
          link: `https://complaints.example.org/complaints/${c.reference}`,
          action: 'Consider it outside the complaints procedure and reply to the complainant.',
          dueOn: triaged.complaint.responseDueOn,
          effect: {},
        },
      },
    ]);
  });
});

describe('a child with neither an email nor a postal address (§5.1–5.2)', () => {
  /** Records a child's complaint on the world's case (received Monday 2 November). */
  async function fromChild(overrides: Record<string, unknown> = {}, complainant: Record<string, unknown> = {}) {
    const child = await w.f.child(w.kase.id, { firstName: 'Zephyrine' });
    const payload = await w.mutate(RECORD, {
      channel: 'PHONE',
      receivedAt: '2026-11-02T09:00:00Z',
      summary: `Zephyrine says ${SUMMARY}`,
      caseId: w.kase.id,
      complainant: { kind: 'CHILD', firstName: 'Zephyrine', lastName: 'Child', childId: child.id, ...complainant },
      ...overrides,
    });
    expect(payload.errors).toEqual([]);
    return payload;
  }

  it("asks the practitioner's line manager to contact the child by their preferred method, due with the acknowledgement", async () => {
    // A child with an email address is written to, as before.
    const written = await fromChild({}, { email: 'zephyrine@example.org' });
    expect(written.userWarnings).toEqual([]);
    expect((await rows(written.complaint.id, 'acknowledgement')).map((r: any) => r.channel)).toEqual(['EMAIL']);
    expect(await rows(written.complaint.id, 'child-contact-task')).toEqual([]);

    const { complaint: c, userWarnings } = await fromChild({}, { phone: '07700 900123' });
    expect(userWarnings).toEqual([
      {
        code: 'CHILD_CONTACT_NEEDED',
        message:
          'no email or postal address is held for the child: Sam Manager is asked to contact them by phone, ' +
          'which acknowledges the complaint',
      },
    ]);
    expect(c).toMatchObject({ acknowledgementDueOn: '2026-11-03', acknowledgedAt: null, nextDueOn: '2026-11-03' });
    const task = await rows(c.id, 'child-contact-task');
    expect(task).toEqual([
      {
        kind: 'STAFF',
        recipientId: w.lineManager.id,
        address: w.lineManager.email,
        channel: 'EMAIL',
        key: `child-contact-task:${c.id}:staff:${w.lineManager.id}`,
        payload: {
          reference: c.reference,
          link: expect.stringMatching(new RegExp(`/complaints/${c.reference}$`)),
          action:
            'Contact the child by phone (their preferred method) to acknowledge their complaint and to discuss it ' +
            'or arrange to meet, then record the contact.',
          dueOn: '2026-11-03',
          effect: {},
        },
      },
    ]);
    expect(JSON.stringify(task)).not.toMatch(/Zephyrine|MARKER-SUMMARY|07700/);
    // No letter that cannot be sent; the owner is still told.
    expect(await rows(c.id, 'acknowledgement')).toEqual([]);
    expect((await rows(c.id, 'child-complaint-owner')).map((r: any) => r.recipientId)).toEqual([w.head.id]);

    // The acknowledgement stays open until the line manager records the contact, which acknowledges it.
    const contacted = await w.mutate(
      CONTACT,
      { complaintId: c.id, contactedOn: '2026-11-03', method: 'PHONE', met: false },
      w.tokens.lineManager,
    );
    expect(contacted.errors).toEqual([]);
    expect(contacted.complaint).toMatchObject({
      acknowledgedAt: '2026-11-03T12:00:00.000Z',
      responseDueOn: '2026-12-01',
    });
    const [event] = await w.db.dataSource.query(
      `SELECT change->'acknowledgedAt' AS ack FROM audit_events WHERE complaint_id = $1 AND action = 'child.contacted'`,
      [c.id],
    );
    expect(event.ack).toEqual({ from: null, to: '2026-11-03T12:00:00.000Z' });
  });

  it('asks for a visit in person when the child prefers writing but none can reach them and no phone is held', async () => {
    const { complaint: c } = await fromChild({}, { preferredContact: 'EMAIL' });
    const [task] = await rows(c.id, 'child-contact-task');
    expect(task.payload.action).toMatch(/^Contact the child in person to acknowledge/);
  });

  it('gives the task to the owner when the line manager is the one complained about, and tells them once', async () => {
    const { complaint: c, userWarnings } = await fromChild({ subjectStaffId: w.lineManager.id });
    expect(userWarnings).toEqual([
      { code: 'CHILD_CONTACT_NEEDED', message: expect.stringMatching(/Head is asked to contact them by phone/) },
      {
        code: 'ROUTED_TO_ALTERNATE',
        message: expect.stringMatching(
          /no line manager of the case's practitioner can contact the child: .*Head, who owns/,
        ),
      },
    ]);
    expect((await rows(c.id, 'child-contact-task')).map((r: any) => r.recipientId)).toEqual([w.head.id]);
    expect(await rows(c.id, 'child-complaint-owner')).toEqual([]);
  });
});
