/** Responses and their approval, sending, local-resolution and outside-procedure replies, extensions, children. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { COMPLAINT_FIELDS, createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-04T15:00:00Z'); // Wednesday 4 November 2026
let w: World;

const FIELDS = `${COMPLAINT_FIELDS} respondedAt closedAt responses { status approver { lastName } draftedBy { lastName } returnComment sentAt joint providerPart }
  courtNotifications { id reason sentAt dueOn }`;
const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { complaint { ${FIELDS} } errors { code field message } } }`;
const ASSESS = `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { ${FIELDS} } errors { code field message } } }`;
const DRAFT = `mutation ($input: DraftResponseInput!) { draftResponse(input: $input) { complaint { ${FIELDS} } response { id status } errors { code field message } userWarnings { code message } warnings } }`;
const SUBMIT = `mutation ($input: SubmitResponseForApprovalInput!) { submitResponseForApproval(input: $input) { complaint { ${FIELDS} } errors { code field message } } }`;
const APPROVE = `mutation ($input: ApproveResponseInput!) { approveResponse(input: $input) { complaint { ${FIELDS} } errors { code field message } } }`;
const RETURN = `mutation ($input: ReturnResponseInput!) { returnResponse(input: $input) { complaint { ${FIELDS} } errors { code field message } } }`;
const SEND = `mutation ($input: SendResponseInput!) { sendResponse(input: $input) { complaint { ${FIELDS} } response { status sentAt } errors { code field message } } }`;
const EXTEND = `mutation ($input: ExtendResponseDeadlineInput!) { extendResponseDeadline(input: $input) { complaint { ${FIELDS} } errors { code field message } userWarnings { code message } } }`;
const SENT_TO_COURT = `mutation ($input: RecordCourtNotificationSentInput!) { recordCourtNotificationSent(input: $input) { complaint { ${FIELDS} } errors { code field message } } }`;

const TEXT = {
  understanding: 'You told us the report said you missed sessions you attended.',
  desiredRemedy: 'You want the report corrected.',
  assessmentOutcome: 'The records show you attended.',
  steps: 'We will correct the report and tell the court.',
};

beforeAll(async () => {
  w = await createWorld(NOW);
});

afterAll(async () => {
  await w?.stop();
});

async function assessed(
  aspects: Record<string, unknown>[] = [{ category: 'CASE_MANAGEMENT', description: 'Calls not returned' }],
  overrides = {},
) {
  const c = await w.recordAdult(overrides);
  expect((await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'ACCEPTED' })).errors).toEqual([]);
  const a = await w.mutate(ASSESS, { complaintId: c.id, aspects });
  expect(a.errors).toEqual([]);
  return a.complaint;
}

describe('a response within the procedure', () => {
  it('is drafted, approved by a senior manager, sent, and the complaint closes when the court has been told', async () => {
    const c = await assessed([
      { category: 'PROFESSIONAL_JUDGEMENT', description: 'Disagrees with the recommendation' },
    ]);
    const early = await w.mutate(SEND, { complaintId: c.id });
    expect(early.errors[0]).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    const drafted = await w.mutate(DRAFT, { complaintId: c.id, ...TEXT });
    expect(drafted.complaint.status).toBe('RESPONSE_DRAFTED');
    expect(drafted.complaint.responses[0]).toMatchObject({ status: 'DRAFT', draftedBy: { lastName: 'Officer' } });
    const submitted = await w.mutate(SUBMIT, { complaintId: c.id });
    expect(submitted.complaint.status).toBe('AWAITING_APPROVAL');
    expect(submitted.complaint.responses[0]).toMatchObject({
      status: 'AWAITING_APPROVAL',
      approver: { lastName: 'Head' },
    });
    const byOfficer = await w.gw.query(APPROVE, { input: { complaintId: c.id } }, w.tokens.officer);
    expect(byOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const approved = await w.mutate(APPROVE, { complaintId: c.id }, w.tokens.head);
    expect(approved.complaint.status).toBe('APPROVED');
    const sent = await w.mutate(SEND, { complaintId: c.id });
    expect(sent.errors).toEqual([]);
    expect(sent.response.status).toBe('SENT');
    // The court notification of the professional-judgement aspect is still open: RESPONDED, not CLOSED.
    expect(sent.complaint).toMatchObject({
      status: 'RESPONDED',
      closedAt: null,
      nextDueOn: sent.complaint.courtNotifications[0].dueOn,
    });
    const told = await w.mutate(SENT_TO_COURT, { courtNotificationId: sent.complaint.courtNotifications[0].id });
    expect(told.complaint).toMatchObject({ status: 'CLOSED', nextDueOn: null });
    expect(told.complaint.closedAt).not.toBeNull();
  });

  it('closes at once when no court action remains', async () => {
    const c = await assessed();
    await w.mutate(DRAFT, { complaintId: c.id, ...TEXT });
    await w.mutate(SUBMIT, { complaintId: c.id });
    await w.mutate(APPROVE, { complaintId: c.id }, w.tokens.head);
    const sent = await w.mutate(SEND, { complaintId: c.id });
    expect(sent.complaint.status).toBe('CLOSED');
  });

  it('is never approved by its drafter or by someone complained about', async () => {
    const c = await assessed(
      [
        {
          category: 'STAFF_CONDUCT',
          description: 'Dismissive',
          staffId: w.otherSenior.id,
          seriousness: 'STANDARD',
          referralLevel: 'LINE_MANAGER_FOR_INFORMATION',
        },
      ],
      { subjectStaffId: null },
    );
    await w.mutate(DRAFT, { complaintId: c.id, ...TEXT });
    const toSubject = await w.mutate(SUBMIT, { complaintId: c.id, approverId: w.otherSenior.id });
    expect(toSubject.errors[0]).toMatchObject({ code: 'NOT_PERMITTED', field: 'input.approverId' });
    await w.mutate(SUBMIT, { complaintId: c.id });
    const bySubject = await w.mutate(APPROVE, { complaintId: c.id }, w.tokens.otherSenior);
    expect(bySubject.errors[0]).toMatchObject({ code: 'NOT_PERMITTED', message: expect.stringMatching(/about you/) });
  });

  it('goes back to the drafter with comments, and editing an approved draft withdraws the approval', async () => {
    const c = await assessed();
    await w.mutate(DRAFT, { complaintId: c.id, ...TEXT });
    await w.mutate(SUBMIT, { complaintId: c.id });
    const noComment = await w.mutate(RETURN, { complaintId: c.id, comments: ' ' }, w.tokens.head);
    expect(noComment.errors[0]).toMatchObject({ field: 'input.comments' });
    const returned = await w.mutate(
      RETURN,
      { complaintId: c.id, comments: 'Explain the decision more fully.' },
      w.tokens.head,
    );
    expect(returned.complaint.status).toBe('RESPONSE_DRAFTED');
    expect(returned.complaint.responses[0]).toMatchObject({
      status: 'DRAFT',
      returnComment: 'Explain the decision more fully.',
    });
    await w.mutate(DRAFT, { complaintId: c.id, ...TEXT, assessmentOutcome: 'Fuller explanation.' });
    await w.mutate(SUBMIT, { complaintId: c.id });
    await w.mutate(APPROVE, { complaintId: c.id }, w.tokens.head);
    const edited = await w.mutate(DRAFT, { complaintId: c.id, ...TEXT, steps: 'Changed after approval.' });
    expect(edited.complaint.status).toBe('RESPONSE_DRAFTED');
    expect(edited.complaint.responses).toHaveLength(1);
    expect(edited.complaint.responses[0]).toMatchObject({ status: 'DRAFT', approver: null });
    expect(edited.userWarnings).toEqual([
      { code: 'APPROVAL_WITHDRAWN', message: 'the approval was withdrawn: submit the response for approval again' },
    ]);
    // The deprecated text-only `warnings` still carries the messages, for clients not yet on `userWarnings`.
    expect(edited.warnings).toEqual(['the approval was withdrawn: submit the response for approval again']);
    const sent = await w.mutate(SEND, { complaintId: c.id });
    expect(sent.errors[0]).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it("is joint only with an engaged provider, and is submitted only with the provider's part", async () => {
    const plain = await assessed();
    const noProvider = await w.mutate(DRAFT, { complaintId: plain.id, ...TEXT, joint: true, providerPart: 'Our part' });
    expect(noProvider.errors[0]).toMatchObject({ field: 'input.joint' });
    const c = await assessed([
      { category: 'PROVIDER_ACTIONS', description: 'Sessions cancelled', providerId: w.provider.id },
    ]);
    // Drafted while the provider's side is awaited (it joins the draft when it comes: test/providers.test.ts) …
    const noPart = await w.mutate(DRAFT, { complaintId: c.id, ...TEXT, joint: true });
    expect(noPart.errors).toEqual([]);
    expect(noPart.userWarnings).toEqual([
      {
        code: 'PROVIDER_PART_AWAITED',
        message: "the provider's part is awaited: it joins the draft when the provider gives its side",
      },
    ]);
    // … but not submitted for approval without it.
    const early = await w.mutate(SUBMIT, { complaintId: c.id });
    expect(early.errors).toEqual([
      expect.objectContaining({ code: 'INVALID', message: expect.stringContaining("includes the provider's part") }),
    ]);
    const joint = await w.mutate(DRAFT, {
      complaintId: c.id,
      ...TEXT,
      joint: true,
      providerPart: 'The centre apologises for the cancellations.',
    });
    expect(joint.complaint.responses[0]).toMatchObject({
      joint: true,
      providerPart: 'The centre apologises for the cancellations.',
    });
  });

  it('names missing parts of the response', async () => {
    const c = await assessed();
    const { errors } = await w.mutate(DRAFT, { complaintId: c.id, understanding: '', steps: 'x'.repeat(20_001) });
    expect(errors.map((e: any) => e.field)).toEqual([
      'input.understanding',
      'input.desiredRemedy',
      'input.assessmentOutcome',
      'input.steps',
    ]);
  });
});

describe('replies without senior approval', () => {
  it('local resolution: the local manager replies and the complaint is resolved locally', async () => {
    const c = await w.recordAdult({ subjectStaffId: null });
    await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'LOCAL_RESOLUTION', localManagerId: w.lineManager.id });
    const otherManager = await w.f.staff({ role: Role.LINE_MANAGER, serviceAreaId: w.area.id });
    // Another line manager cannot see the complaint at all.
    const stranger = await w.mutate(
      DRAFT,
      { complaintId: c.id, understanding: 'u', steps: 's' },
      await w.gw.token(Role.LINE_MANAGER, otherManager.id),
    );
    expect(stranger.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'input.complaintId' });
    const drafted = await w.mutate(
      DRAFT,
      { complaintId: c.id, understanding: 'You asked for a call back.', steps: 'I have called you.' },
      w.tokens.lineManager,
    );
    expect(drafted.complaint.status).toBe('LOCAL_RESOLUTION');
    const submit = await w.mutate(SUBMIT, { complaintId: c.id }, w.tokens.lineManager);
    expect(submit.errors[0]).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    const sent = await w.mutate(SEND, { complaintId: c.id }, w.tokens.lineManager);
    expect(sent.complaint).toMatchObject({ status: 'RESOLVED_LOCALLY', nextDueOn: null });
  });

  it('outside the procedure: the CST replies and the complaint closes', async () => {
    const c = await w.recordAdult({
      complainant: { kind: 'NON_PARTY', firstName: 'Pat', lastName: 'Gran', relationship: 'Grandmother' },
    });
    await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'OUTSIDE_PROCEDURE' });
    await w.mutate(DRAFT, {
      complaintId: c.id,
      understanding: 'You are worried about your grandson.',
      steps: 'We can only share what your daughter agrees to.',
    });
    const sent = await w.mutate(SEND, { complaintId: c.id });
    expect(sent.complaint.status).toBe('CLOSED');
  });
});

describe('extendResponseDeadline', () => {
  it('sets a later working day, with the reason, and warns of a hearing before it', async () => {
    const hearingCase = await w.f.case({ courtId: w.court.id, serviceAreaId: w.area.id });
    const party = await w.f.party(hearingCase.id);
    const c = await w.recordAdult({
      caseId: hearingCase.id,
      subjectStaffId: null,
      complainant: { kind: 'ADULT_PARTY', firstName: 'Kit', lastName: 'Party', partyId: party.id },
    });
    await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'ACCEPTED' });
    expect(c.responseDueOn).toBe('2026-11-23');
    const earlier = await w.mutate(EXTEND, {
      complaintId: c.id,
      newDueOn: '2026-11-20',
      reason: 'Waiting for records',
    });
    expect(earlier.errors[0]).toMatchObject({
      field: 'input.newDueOn',
      message: expect.stringMatching(/after the current due date/),
    });
    const weekend = await w.mutate(EXTEND, {
      complaintId: c.id,
      newDueOn: '2026-12-05',
      reason: 'Waiting for records',
    });
    expect(weekend.errors[0]).toMatchObject({
      field: 'input.newDueOn',
      message: expect.stringMatching(/not a working day/),
    });
    await w.f.hearing(hearingCase.id, w.court.id, { startsAt: new Date('2026-12-02T10:00:00Z') });
    const extended = await w.mutate(EXTEND, {
      complaintId: c.id,
      newDueOn: '2026-12-07',
      reason: 'Waiting for the contact centre records',
    });
    expect(extended.complaint).toMatchObject({
      responseDueOn: '2026-12-07',
      dueReason: 'EXTENDED',
      originalResponseDueOn: '2026-11-23',
    });
    expect(extended.userWarnings).toEqual([
      {
        code: 'HEARING_BEFORE_DUE_DATE',
        message:
          'a hearing is listed on 2026-12-02, before the new due date: the response should reach the court first',
      },
    ]);
  });
});

describe("a child's complaint", () => {
  const CONTACT = `mutation ($input: RecordChildContactInput!) { recordChildContact(input: $input) { complaint { ${FIELDS} childContactedOn childMet childSupporter } errors { code field message } userWarnings { code message } } }`;

  it('tells the court, waits for the contact with the child, then runs 20 working days from it', async () => {
    const c = await w.recordAdult({
      subjectStaffId: null,
      complainant: { kind: 'CHILD', firstName: 'Robin', lastName: 'Child', childId: w.child.id },
    });
    const detail = await w.gw.query(
      `query ($id: ID) { complaint(id: $id) { courtNotifications { reason } responseDueOn nextDueOn } }`,
      { id: c.id },
      w.tokens.officer,
    );
    expect(detail.data.complaint).toEqual({
      courtNotifications: [{ reason: 'CHILD_COMPLAINT' }],
      responseDueOn: null,
      nextDueOn: '2026-11-03',
    });
    const withParty = await w.mutate(CONTACT, {
      complaintId: c.id,
      contactedOn: '2026-11-04',
      method: 'IN_PERSON',
      met: true,
      supporter: 'Alex Applicant',
    });
    expect(withParty.errors[0]).toMatchObject({
      field: 'input.supporter',
      message: expect.stringMatching(/not be a party/),
    });
    const met = await w.mutate(
      CONTACT,
      { complaintId: c.id, contactedOn: '2026-11-04', method: 'IN_PERSON', met: true, supporter: 'Ms Teacher' },
      w.tokens.lineManager,
    );
    expect(met.errors).toEqual([]);
    expect(met.complaint).toMatchObject({
      childContactedOn: '2026-11-04',
      childMet: true,
      responseDueOn: '2026-12-02',
      dueReason: 'CHILD_MEETING',
    });
    expect(met.userWarnings).toEqual([
      { code: 'CONTACT_NOT_AS_PREFERRED', message: 'the child prefers PHONE; contact was by IN_PERSON' },
    ]);
    const again = await w.mutate(CONTACT, {
      complaintId: c.id,
      contactedOn: '2026-11-04',
      method: 'PHONE',
      met: false,
    });
    expect(again.errors[0]).toMatchObject({ code: 'CONFLICT' });
  });

  it('is only for children', async () => {
    const c = await w.recordAdult();
    const result = await w.mutate(CONTACT, {
      complaintId: c.id,
      contactedOn: '2026-11-04',
      method: 'PHONE',
      met: false,
    });
    expect(result.errors[0]).toMatchObject({
      field: 'input.complaintId',
      message: expect.stringMatching(/not a child's complaint/),
    });
  });
});
