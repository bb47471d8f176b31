/** Triage and escalation from local resolution (SPEC §1.3). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_FIELDS, createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-04T15:00:00Z'); // Wednesday 4 November 2026
let w: World;

const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { complaint { ${COMPLAINT_FIELDS} localManager { id } exceptionalCircumstances } errors { code field message } userWarnings { code message } } }`;

beforeAll(async () => {
  w = await createWorld(NOW);
});

afterAll(async () => {
  await w?.stop();
});

describe('triageComplaint', () => {
  it('accepts a complaint into the procedure', async () => {
    const c = await w.recordAdult();
    const p = await w.mutate(TRIAGE, { complaintId: c.id, expectedVersion: 1, outcome: 'ACCEPTED' });
    expect(p.errors).toEqual([]);
    expect(p.complaint).toMatchObject({
      status: 'ACCEPTED',
      triageOutcome: 'ACCEPTED',
      version: 2,
      responseDueOn: '2026-11-23',
    });
    const again = await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'ACCEPTED' });
    expect(again.errors[0]).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('does not accept without a reason and the explanation for the complainant, and then ends the work', async () => {
    const c = await w.recordAdult();
    const missing = await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'NOT_ACCEPTED' });
    expect(missing.errors.map((e: any) => e.field).sort()).toEqual(['input.explanation', 'input.notAcceptedReason']);
    const done = await w.mutate(TRIAGE, {
      complaintId: c.id,
      outcome: 'NOT_ACCEPTED',
      notAcceptedReason: 'COURT_DECISION',
      explanation: 'This is about the order the court made; you can appeal it.',
    });
    expect(done.complaint).toMatchObject({
      status: 'NOT_ACCEPTED',
      notAcceptedReason: 'COURT_DECISION',
      nextDueOn: null,
    });
  });

  it('leaves UNREASONABLY_PERSISTENT to a CST manager', async () => {
    const c = await w.recordAdult();
    const input = {
      complaintId: c.id,
      outcome: 'NOT_ACCEPTED',
      notAcceptedReason: 'UNREASONABLY_PERSISTENT',
      explanation: 'We have answered these points.',
    };
    const byOfficer = await w.mutate(TRIAGE, input);
    expect(byOfficer.errors).toEqual([
      expect.objectContaining({ code: 'NOT_PERMITTED', field: 'input.notAcceptedReason' }),
    ]);
    const byManager = await w.mutate(TRIAGE, input, w.tokens.manager);
    expect(byManager.complaint.status).toBe('NOT_ACCEPTED');
  });

  it('needs a CST manager and the exceptional circumstances to accept out of time, and refuses OUT_OF_TIME when in time', async () => {
    const ended = await w.f.case({
      courtId: w.court.id,
      serviceAreaId: w.area.id,
      status: 'CLOSED' as any,
      involvementEndedOn: '2026-04-30',
    });
    const party = await w.f.party(ended.id);
    const late = await w.recordAdult({
      caseId: ended.id,
      complainant: { kind: 'ADULT_PARTY', firstName: 'Lee', lastName: 'Late', partyId: party.id },
    });
    const byOfficer = await w.mutate(TRIAGE, {
      complaintId: late.id,
      outcome: 'ACCEPTED',
      exceptionalCircumstances: 'In hospital',
    });
    expect(byOfficer.errors[0]).toMatchObject({ code: 'NOT_PERMITTED', field: 'input.outcome' });
    const noReason = await w.mutate(TRIAGE, { complaintId: late.id, outcome: 'ACCEPTED' }, w.tokens.manager);
    expect(noReason.errors[0]).toMatchObject({ code: 'INVALID', field: 'input.exceptionalCircumstances' });
    const accepted = await w.mutate(
      TRIAGE,
      { complaintId: late.id, outcome: 'ACCEPTED', exceptionalCircumstances: 'In hospital from May to October' },
      w.tokens.manager,
    );
    expect(accepted.complaint).toMatchObject({
      status: 'ACCEPTED',
      exceptionalCircumstances: 'In hospital from May to October',
    });
    expect(accepted.userWarnings).toEqual([
      { code: 'ACCEPTED_OUT_OF_TIME', message: 'accepted out of time: In hospital from May to October' },
    ]);

    const inTime = await w.recordAdult();
    const refused = await w.mutate(TRIAGE, {
      complaintId: inTime.id,
      outcome: 'NOT_ACCEPTED',
      notAcceptedReason: 'OUT_OF_TIME',
      explanation: 'Too late.',
    });
    expect(refused.errors[0]).toMatchObject({
      field: 'input.notAcceptedReason',
      message: expect.stringMatching(/within six months/),
    });
  });

  it("never refuses a child's complaint as out of time before the child is contacted", async () => {
    const ended = await w.f.case({ courtId: w.court.id, serviceAreaId: w.area.id, involvementEndedOn: '2026-01-31' });
    const child = await w.f.child(ended.id);
    const c = await w.recordAdult({
      caseId: ended.id,
      complainant: { kind: 'CHILD', firstName: 'Sky', lastName: 'Child', childId: child.id },
    });
    const p = await w.mutate(TRIAGE, {
      complaintId: c.id,
      outcome: 'NOT_ACCEPTED',
      notAcceptedReason: 'OUT_OF_TIME',
      explanation: 'Too late.',
    });
    expect(p.errors[0]).toMatchObject({
      code: 'NOT_PERMITTED',
      message: expect.stringMatching(/before the child is contacted/),
    });
  });

  it('refers a complaint about a provider only to its own procedure, and needs the earlier complaint for REPEAT', async () => {
    const c = await w.recordAdult();
    const noProvider = await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'REFERRED_TO_PROVIDER' });
    expect(noProvider.errors[0]).toMatchObject({ field: 'input.providerId' });
    const referred = await w.mutate(TRIAGE, {
      complaintId: c.id,
      outcome: 'REFERRED_TO_PROVIDER',
      providerId: w.provider.id,
    });
    expect(referred.complaint).toMatchObject({ status: 'REFERRED_TO_PROVIDER', nextDueOn: null });

    const repeat = await w.recordAdult();
    const noEarlier = await w.mutate(TRIAGE, {
      complaintId: repeat.id,
      outcome: 'NOT_ACCEPTED',
      notAcceptedReason: 'REPEAT',
      explanation: 'Answered before.',
    });
    expect(noEarlier.errors[0]).toMatchObject({ field: 'input.repeatsComplaintId' });
    const itself = await w.mutate(TRIAGE, {
      complaintId: repeat.id,
      outcome: 'NOT_ACCEPTED',
      notAcceptedReason: 'REPEAT',
      explanation: 'Answered before.',
      repeatsComplaintId: repeat.id,
    });
    expect(itself.errors).toEqual([
      {
        code: 'INVALID',
        field: 'input.repeatsComplaintId',
        message: 'a complaint does not repeat itself: name the earlier one',
      },
    ]);
    const ok = await w.mutate(TRIAGE, {
      complaintId: repeat.id,
      outcome: 'NOT_ACCEPTED',
      notAcceptedReason: 'REPEAT',
      explanation: 'Answered before.',
      repeatsComplaintId: c.id,
    });
    expect(ok.complaint.status).toBe('NOT_ACCEPTED');
  });

  it('keeps service users in the procedure and others outside it', async () => {
    const c = await w.recordAdult();
    const outside = await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'OUTSIDE_PROCEDURE' });
    expect(outside.errors[0]).toMatchObject({ field: 'input.outcome' });
    const relative = await w.recordAdult({
      complainant: { kind: 'NON_PARTY', firstName: 'Pat', lastName: 'Gran', relationship: 'Grandmother' },
    });
    const accepted = await w.mutate(TRIAGE, { complaintId: relative.id, outcome: 'ACCEPTED' });
    expect(accepted.errors[0]).toMatchObject({ field: 'input.outcome' });
    const ok = await w.mutate(TRIAGE, { complaintId: relative.id, outcome: 'OUTSIDE_PROCEDURE' });
    expect(ok.complaint).toMatchObject({
      status: 'OUTSIDE_PROCEDURE',
      dueReason: 'OUTSIDE_PROCEDURE',
      responseDueOn: '2026-11-23',
    });
  });
});

describe('local resolution', () => {
  const ESCALATE = `mutation ($input: EscalateFromLocalResolutionInput!) { escalateFromLocalResolution(input: $input) { complaint { ${COMPLAINT_FIELDS} receivedAt } errors { code field message } } }`;

  it('needs a local manager who is not complained about, and escalation restarts the procedure clock', async () => {
    const c = await w.recordAdult({ subjectStaffId: null });
    const practitionerAsManager = await w.mutate(TRIAGE, {
      complaintId: c.id,
      outcome: 'LOCAL_RESOLUTION',
      localManagerId: w.practitioner.id,
    });
    expect(practitionerAsManager.errors[0]).toMatchObject({
      field: 'input.localManagerId',
      message: expect.stringMatching(/line manager or a senior manager/),
    });
    const local = await w.mutate(TRIAGE, {
      complaintId: c.id,
      outcome: 'LOCAL_RESOLUTION',
      localManagerId: w.lineManager.id,
    });
    expect(local.complaint).toMatchObject({ status: 'LOCAL_RESOLUTION', localManager: { id: w.lineManager.id } });

    const future = await w.mutate(ESCALATE, { complaintId: c.id, escalatedOn: '2026-11-05' });
    expect(future.errors[0]).toMatchObject({ field: 'input.escalatedOn', message: expect.stringMatching(/future/) });
    const escalated = await w.mutate(ESCALATE, {
      complaintId: c.id,
      escalatedOn: '2026-11-04',
      reason: 'Still unhappy with the reply',
    });
    expect(escalated.complaint).toMatchObject({
      status: 'ACCEPTED',
      receivedAt: '2026-11-02T09:00:00.000Z', // kept for the record
      procedureStartOn: '2026-11-04',
      responseDueOn: '2026-11-25', // 15 working days after the escalation date
      originalResponseDueOn: '2026-11-25',
      dueReason: 'FIFTEEN_WORKING_DAYS',
    });
  });
});
