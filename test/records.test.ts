/** Ombudsman, compliments, learning points, contact restrictions, adjustments, holidays and recomputation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearingStatus, Role } from '../src/domain/enums';
import { Hearing, Staff } from '../src/entities';
import { render } from '../src/integrations/templates/templates';
import { COMPLAINT_FIELDS, createWorld, type World } from './fixtures/procedure';
import { systemWrite } from '../src/services/mutation';

const NOW = new Date('2026-11-04T15:00:00Z'); // Wednesday 4 November 2026
let w: World;

const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { complaint { id } errors { message } } }`;
const AUDIT = `query ($id: ID) { complaint(id: $id) { auditTrail { action actorRole change } } }`;

beforeAll(async () => {
  w = await createWorld(NOW);
});

afterAll(async () => {
  await w?.stop();
});

/** A complaint answered locally on `respondedAt` (for the ombudsman). */
async function resolvedLocally(respondedAt: string) {
  const c = await w.recordAdult({ subjectStaffId: null });
  await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'LOCAL_RESOLUTION', localManagerId: w.lineManager.id });
  await w.db.dataSource.query(
    `UPDATE complaints SET status = 'RESOLVED_LOCALLY', responded_at = $2, closed_at = $2, next_due_on = NULL WHERE id = $1`,
    [c.id, respondedAt],
  );
  return c;
}

describe('the ombudsman', () => {
  const ESCALATE = `mutation ($input: EscalateToOmbudsmanInput!) { escalateToOmbudsman(input: $input) { complaint { status } escalation { id lateReferral } errors { code field message } userWarnings { code message } } }`;
  const OUTCOME = `mutation ($input: RecordOmbudsmanOutcomeInput!) { recordOmbudsmanOutcome(input: $input) {
    complaint { ombudsmanEscalations { outcome outcomeOn recommendations { id recommendation dueOn completedOn } } } errors { code field message } } }`;

  it('takes an escalation through an MP, warns when late, and records the outcome and compliance', async () => {
    const open = await w.recordAdult();
    const notYet = await w.mutate(ESCALATE, { complaintId: open.id, mpName: 'Jo Member MP', referredOn: '2026-11-04' });
    expect(notYet.errors[0]).toMatchObject({ code: 'ILLEGAL_TRANSITION' });

    const old = await resolvedLocally('2025-09-01T10:00:00Z');
    const late = await w.mutate(ESCALATE, {
      complaintId: old.id,
      mpName: 'Jo Member MP',
      mpConstituency: 'Birmingham Ladywood',
      referredOn: '2026-10-01',
    });
    expect(late.errors).toEqual([]);
    expect(late.complaint.status).toBe('ESCALATED_TO_OMBUDSMAN');
    expect(late.escalation.lateReferral).toBe(true);
    expect(late.userWarnings).toEqual([
      {
        code: 'LATE_OMBUDSMAN_REFERRAL',
        message: expect.stringMatching(/more than 12 months after the response \(2025-09-01\)/),
      },
    ]);

    const outcome = await w.mutate(OUTCOME, {
      escalationId: late.escalation.id,
      outcome: 'PARTLY_UPHELD',
      outcomeOn: '2026-11-03',
      recommendations: [
        { recommendation: 'Apologise in writing', dueOn: '2026-12-01' },
        { recommendation: 'Review report corrections', dueOn: '2027-01-31', completedOn: '2026-11-03' },
      ],
    });
    expect(outcome.errors).toEqual([
      { code: 'INVALID', field: 'input.recommendations.1.complianceEvidence', message: expect.any(String) },
    ]);
    const recorded = await w.mutate(OUTCOME, {
      escalationId: late.escalation.id,
      outcome: 'PARTLY_UPHELD',
      outcomeOn: '2026-11-03',
      recommendations: [{ recommendation: 'Apologise in writing', dueOn: '2026-12-01' }],
    });
    const [escalation] = recorded.complaint.ombudsmanEscalations;
    expect(escalation).toMatchObject({ outcome: 'PARTLY_UPHELD', outcomeOn: '2026-11-03' });
    const again = await w.mutate(OUTCOME, {
      escalationId: late.escalation.id,
      outcome: 'UPHELD',
      outcomeOn: '2026-11-04',
    });
    expect(again.errors[0]).toMatchObject({ code: 'CONFLICT' });
    const complied = await w.mutate(
      `mutation ($input: RecordRecommendationComplianceInput!) { recordRecommendationCompliance(input: $input) {
        complaint { ombudsmanEscalations { recommendations { complianceEvidence completedOn } } } errors { message } } }`,
      {
        recommendationId: escalation.recommendations[0].id,
        complianceEvidence: 'Letter of apology sent',
        completedOn: '2026-11-04',
      },
    );
    expect(complied.complaint.ombudsmanEscalations[0].recommendations[0]).toEqual({
      complianceEvidence: 'Letter of apology sent',
      completedOn: '2026-11-04',
    });
  });
});

describe('records beside complaints', () => {
  it('records compliments and learning points, which only managers and the CST may do', async () => {
    const compliment = await w.mutate(
      `mutation ($input: RecordComplimentInput!) { recordCompliment(input: $input) { compliment { source receivedOn staff { lastName } } errors { field } } }`,
      {
        staffId: w.practitioner.id,
        source: 'SERVICE_USER',
        receivedOn: '2026-11-03',
        summary: 'Thank you for listening to my daughter.',
      },
      w.tokens.lineManager,
    );
    expect(compliment.compliment).toEqual({
      source: 'SERVICE_USER',
      receivedOn: '2026-11-03',
      staff: { lastName: 'Adviser' },
    });
    const c = await w.recordAdult();
    const LOG = `mutation ($input: LogLearningPointInput!) { logLearningPoint(input: $input) { learningPoint { id kind dueOn closedOn owner { lastName } } errors { code field } } }`;
    const logged = await w.mutate(LOG, {
      complaintId: c.id,
      kind: 'LEARNING_POINT',
      description: 'Check attendance records before reporting missed sessions.',
      ownerId: w.lineManager.id,
      dueOn: '2026-12-31',
    });
    expect(logged.learningPoint).toMatchObject({
      kind: 'LEARNING_POINT',
      dueOn: '2026-12-31',
      closedOn: null,
      owner: { lastName: 'Manager' },
    });
    // An id that is given but empty is missing (INVALID); one that names nothing is NOT_FOUND.
    const point = { kind: 'LEARNING_POINT', description: 'x', dueOn: '2026-12-31' };
    expect((await w.mutate(LOG, { ...point, ownerId: '' })).errors).toEqual([
      { code: 'INVALID', field: 'input.ownerId' },
    ]);
    expect((await w.mutate(LOG, { ...point, ownerId: 'not-an-id' })).errors).toEqual([
      { code: 'NOT_FOUND', field: 'input.ownerId' },
    ]);
    const CLOSE = `mutation ($input: CloseLearningPointInput!) { closeLearningPoint(input: $input) { learningPoint { closedOn closingEvidence } errors { code field } } }`;
    const closed = await w.mutate(CLOSE, {
      learningPointId: logged.learningPoint.id,
      closingEvidence: 'Team briefing, 3 November',
    });
    expect(closed.learningPoint).toEqual({ closedOn: '2026-11-04', closingEvidence: 'Team briefing, 3 November' });
    expect(
      (await w.mutate(CLOSE, { learningPointId: logged.learningPoint.id, closingEvidence: 'x' })).errors[0].code,
    ).toBe('CONFLICT');
    const byPractitioner = await w.gw.query(
      LOG,
      { input: { kind: 'ACTION_POINT', description: 'x', ownerId: w.lineManager.id, dueOn: '2026-12-31' } },
      w.tokens.practitioner,
    );
    expect(byPractitioner.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("tells the praised member of staff's line manager of a compliment: who, when, from whom, never its words", async () => {
    const RECORD = `mutation ($input: RecordComplimentInput!) { recordCompliment(input: $input) { compliment { id } errors { code field } } }`;
    const praise = (staffId: string) => ({
      staffId,
      source: 'SERVICE_USER',
      receivedOn: '2026-11-03',
      summary: 'Thank you for listening to my daughter Zephyrine in court.',
    });
    const messages = () =>
      w.db.dataSource.query(
        `SELECT complaint_id AS "complaintId", recipient_kind AS "kind", recipient_id AS "recipientId",
                recipient_address AS "to", channel, idempotency_key AS key, payload
           FROM notifications WHERE template = 'compliment-recorded' ORDER BY created_at`,
      );
    const before = (await messages()).length;
    const recorded = await w.mutate(RECORD, praise(w.practitioner.id), w.tokens.officer);
    expect(recorded.errors).toEqual([]);
    const id = recorded.compliment.id;
    const sent = (await messages()).slice(before);
    expect(sent).toEqual([
      {
        complaintId: null,
        kind: 'STAFF',
        recipientId: w.lineManager.id,
        to: w.lineManager.email,
        channel: 'EMAIL',
        key: `compliment:${id}:line-manager:staff:${w.lineManager.id}`,
        payload: {
          link: `https://complaints.example.org/compliments/${id}`,
          action: 'Read the compliment and pass the thanks on to them.',
          dueOn: null,
          staffName: `${w.practitioner.firstName} ${w.practitioner.lastName}`,
          source: 'SERVICE_USER',
          receivedOn: '2026-11-03',
          effect: {},
        },
      },
    ]);
    const { subject, text, html } = render('compliment-recorded', sent[0].payload);
    expect(subject).toBe(`A compliment for ${w.practitioner.firstName} ${w.practitioner.lastName}`);
    expect(text).toContain(
      `A compliment for ${w.practitioner.firstName} ${w.practitioner.lastName}, whom you manage, ` +
        'was received on 2026-11-03 from a service user.',
    );
    // The words of the compliment (which may name a child) are read through the link, not sent.
    expect(text + html).not.toContain('Zephyrine');
    expect(text).toContain(`https://complaints.example.org/compliments/${id}`);

    // No line manager, one who has left, or (a data error) themself: nobody is told, and it is recorded all the same.
    const leaver = await w.f.staff({ role: Role.LINE_MANAGER, lastName: 'Leaver' });
    await w.db.dataSource.getRepository(Staff).update(leaver.id, { active: false });
    const underLeaver = await w.f.staff({ lineManagerId: leaver.id, lastName: 'Orphan' });
    const ownManager = await w.f.staff({ lastName: 'Self' });
    await w.db.dataSource.getRepository(Staff).update(ownManager.id, { lineManagerId: ownManager.id });
    for (const staff of [w.cstManager, underLeaver, ownManager])
      expect((await w.mutate(RECORD, praise(staff.id), w.tokens.officer)).errors).toEqual([]);
    expect((await messages()).slice(before + 1)).toEqual([]);
  });

  it('lets a CST manager restrict contact until a review date, and records reasonable adjustments', async () => {
    const c = await w.recordAdult();
    const detail = await w.gw.query(
      `query ($id: ID) { complaint(id: $id) { complainant { id } } }`,
      { id: c.id },
      w.tokens.officer,
    );
    const complainantId = detail.data.complaint.complainant.id;
    const RESTRICT = `mutation ($input: RestrictContactInput!) { restrictContact(input: $input) { contactRestriction { restriction reviewOn } errors { code field } } }`;
    const input = {
      complainantId,
      restriction: 'One call a week, to the named officer',
      reason: 'Daily calls to several teams',
      reviewOn: '2026-11-04',
    };
    const byOfficer = await w.gw.query(RESTRICT, { input }, w.tokens.officer);
    expect(byOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const pastReview = await w.mutate(RESTRICT, input, w.tokens.manager);
    expect(pastReview.errors[0]).toMatchObject({ field: 'input.reviewOn' });
    const ok = await w.mutate(RESTRICT, { ...input, reviewOn: '2027-02-01' }, w.tokens.manager);
    expect(ok.contactRestriction).toEqual({
      restriction: 'One call a week, to the named officer',
      reviewOn: '2027-02-01',
    });
    await w.mutate(
      `mutation ($input: RecordReasonableAdjustmentInput!) { recordReasonableAdjustment(input: $input) { errors { field } } }`,
      {
        complainantId,
        adjustment: 'Large print letters',
      },
    );
    const shown = await w.gw.query(
      `query ($id: ID) { complaint(id: $id) { complainant { contactRestrictions { reviewOn } reasonableAdjustments { adjustment } } } }`,
      { id: c.id },
      w.tokens.officer,
    );
    expect(shown.data.complaint.complainant).toEqual({
      contactRestrictions: [{ reviewOn: '2027-02-01' }],
      reasonableAdjustments: [{ adjustment: 'Large print letters' }],
    });
  });
});

describe('holidays an administrator adds', () => {
  // Its own database: the holiday would move every other test's dates.
  let hw: World;
  beforeAll(async () => {
    hw = await createWorld(NOW);
  });
  afterAll(async () => {
    await hw?.stop();
  });
  const HOLIDAY = `mutation ($input: AddBankHolidayInput!) { addBankHoliday(input: $input) { bankHoliday { date name } recomputed changed errors { code field message } } }`;

  it('recomputes open deadlines when a holiday is added, and audits old and new', async () => {
    const c = await hw.recordAdult();
    expect(c.responseDueOn).toBe('2026-11-23');
    const closed = await hw.recordAdult();
    await hw.mutate(
      `mutation ($input: WithdrawComplaintInput!) { withdrawComplaint(input: $input) { errors { message } } }`,
      { complaintId: closed.id },
    );
    const byOfficer = await hw.gw.query(
      HOLIDAY,
      { input: { date: '2026-11-13', name: 'Day of mourning' } },
      hw.tokens.officer,
    );
    expect(byOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const christmas = await hw.mutate(HOLIDAY, { date: '2026-12-25', name: 'Christmas' }, hw.tokens.manager);
    expect(christmas.errors[0]).toMatchObject({ code: 'CONFLICT', field: 'input.date' });
    const added = await hw.mutate(HOLIDAY, { date: '2026-11-13', name: 'Day of mourning' }, hw.tokens.manager);
    expect(added.errors).toEqual([]);
    expect(added.changed).toBeGreaterThanOrEqual(1);
    const after = await hw.gw.query(
      `query ($id: ID, $closed: ID) { a: complaint(id: $id) { responseDueOn dueReason } b: complaint(id: $closed) { responseDueOn } }`,
      { id: c.id, closed: closed.id },
      hw.tokens.officer,
    );
    expect(after.data.a).toEqual({ responseDueOn: '2026-11-24', dueReason: 'FIFTEEN_WORKING_DAYS' });
    expect(after.data.b).toEqual({ responseDueOn: '2026-11-23' }); // withdrawn: left alone
    const trail = (await hw.gw.query(AUDIT, { id: c.id }, hw.tokens.manager)).data.complaint.auditTrail;
    expect(trail.at(-1)).toMatchObject({
      action: 'deadlines.recomputed',
      actorRole: 'CST_MANAGER',
      change: {
        cause: 'bank holiday added: 2026-11-13 Day of mourning',
        responseDueOn: { from: '2026-11-23', to: '2026-11-24' },
      },
    });
  });

  const REMOVE = `mutation ($input: RemoveBankHolidayInput!) { removeBankHoliday(input: $input) { bankHoliday { date name } recomputed changed errors { code field message } } }`;
  const YEAR = `query ($year: Int!) { bankHolidays(year: $year) { date name added } }`;

  it("lists the year's bank holidays with those added, and takes a mistaken one back, recomputing", async () => {
    const c = await hw.recordAdult();
    const year = (await hw.gw.query(YEAR, { year: 2026 }, hw.tokens.officer)).data.bankHolidays;
    expect(year).toContainEqual({ date: '2026-12-25', name: 'Christmas Day', added: false });
    expect(year).toContainEqual({ date: '2026-11-13', name: 'Day of mourning', added: true });
    expect(year.map((d: any) => d.date)).toEqual([...year.map((d: any) => d.date)].sort());
    const dueOf = async () =>
      (await hw.gw.query('query ($id: ID) { complaint(id: $id) { responseDueOn } }', { id: c.id }, hw.tokens.officer))
        .data.complaint.responseDueOn;
    const before = await dueOf();
    const added = await hw.mutate(HOLIDAY, { date: '2026-11-20', name: 'Mistake' }, hw.tokens.manager);
    expect(added.errors).toEqual([]);
    expect(await dueOf()).not.toBe(before);
    expect(
      (await hw.gw.query(REMOVE, { input: { date: '2026-11-20' } }, hw.tokens.officer)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const removed = await hw.mutate(REMOVE, { date: '2026-11-20' }, hw.tokens.manager);
    expect(removed).toMatchObject({ errors: [], bankHoliday: { date: '2026-11-20', name: 'Mistake' } });
    expect(removed.changed).toBeGreaterThanOrEqual(1);
    expect(await dueOf()).toBe(before);
    const trail = (await hw.gw.query(AUDIT, { id: c.id }, hw.tokens.manager)).data.complaint.auditTrail;
    expect(trail.at(-1).change.cause).toBe('bank holiday removed: 2026-11-20 Mistake');
    const gone = (await hw.gw.query(YEAR, { year: 2026 }, hw.tokens.officer)).data.bankHolidays;
    expect(gone.map((d: any) => d.date)).not.toContain('2026-11-20');
  });

  it.each<[string, string, string]>([
    ['a statutory bank holiday', '2026-12-25', 'CONFLICT'],
    ['a day never added', '2026-11-30', 'NOT_FOUND'],
  ])('will not remove %s', async (_what, date, code) => {
    const refused = await hw.mutate(REMOVE, { date }, hw.tokens.manager);
    expect(refused).toMatchObject({ bankHoliday: null, errors: [{ code, field: 'input.date' }] });
  });

  it('refuses a year it cannot list, naming the argument', async () => {
    const result = await hw.gw.query(YEAR, { year: 1800 }, hw.tokens.officer);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
  });
});

describe('hearings that move', () => {
  it('recomputes when a hearing of the case is listed or cancelled, leaving extensions alone', async () => {
    const kase = await w.f.case({ courtId: w.court.id, serviceAreaId: w.area.id });
    const party = await w.f.party(kase.id);
    const c = await w.recordAdult({
      caseId: kase.id,
      subjectStaffId: null,
      complainant: { kind: 'ADULT_PARTY', firstName: 'Jo', lastName: 'Party', partyId: party.id },
    });
    const { deadlines } = w.gw.services;
    const recompute = () =>
      w.db.dataSource.transaction((tx) =>
        deadlines.recomputeCase(
          systemWrite(tx, () => NOW, w.gw.workers.queue, w.gw.config),
          kase.id,
          'hearing changed',
        ),
      );
    const hearing = await w.f.hearing(kase.id, w.court.id, { startsAt: new Date('2026-11-20T10:00:00Z') });
    expect(await recompute()).toBe(1);
    const read = async () =>
      (
        await w.gw.query(
          `query ($id: ID) { complaint(id: $id) { ${COMPLAINT_FIELDS} } }`,
          { id: c.id },
          w.tokens.officer,
        )
      ).data.complaint;
    expect(await read()).toMatchObject({ responseDueOn: '2026-11-13', dueReason: 'BEFORE_HEARING', version: 1 });
    await w.db.dataSource.getRepository(Hearing).update(hearing.id, { status: HearingStatus.CANCELLED });
    expect(await recompute()).toBe(1);
    expect(await read()).toMatchObject({ responseDueOn: '2026-11-23', dueReason: 'FIFTEEN_WORKING_DAYS' });
    expect(await recompute()).toBe(0); // nothing moved: nothing written
    await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'ACCEPTED' });
    const extended = await w.mutate(
      `mutation ($input: ExtendResponseDeadlineInput!) { extendResponseDeadline(input: $input) { errors { message } } }`,
      { complaintId: c.id, newDueOn: '2026-12-07', reason: 'Records awaited' },
    );
    expect(extended.errors).toEqual([]);
    await w.f.hearing(kase.id, w.court.id, { startsAt: new Date('2026-11-25T10:00:00Z') });
    await recompute();
    expect(await read()).toMatchObject({ responseDueOn: '2026-12-07', dueReason: 'EXTENDED' });
    const trail = (await w.gw.query(AUDIT, { id: c.id }, w.tokens.manager)).data.complaint.auditTrail.filter(
      (e: any) => e.action === 'deadlines.recomputed',
    );
    expect(trail.slice(0, 2).map((e: any) => [e.actorRole, e.change.responseDueOn])).toEqual([
      [null, { from: '2026-11-23', to: '2026-11-13' }],
      [null, { from: '2026-11-13', to: '2026-11-23' }],
    ]);
  });
});

describe('registers', () => {
  it('lists compliments, learning points and referrals as connections', async () => {
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-03']) {
      await w.mutate(
        `mutation ($input: RecordComplimentInput!) { recordCompliment(input: $input) { errors { field } } }`,
        {
          staffId: w.lineManager.id,
          source: 'PROFESSIONAL',
          receivedOn: day,
          summary: 'Helpful',
        },
      );
    }
    const LIST = `query ($after: String) { compliments(first: 2, after: $after, staffId: "${w.lineManager.id}") {
      totalCount pageInfo { hasNextPage endCursor } edges { node { receivedOn staff { lastName } } } } }`;
    const first = await w.gw.query(LIST, {}, w.tokens.lineManager);
    expect(first.data.compliments.totalCount).toBe(3);
    expect(first.data.compliments.edges.map((e: any) => e.node.receivedOn)).toEqual(['2026-10-03', '2026-10-02']);
    const second = await w.gw.query(LIST, { after: first.data.compliments.pageInfo.endCursor }, w.tokens.lineManager);
    expect(second.data.compliments.edges.map((e: any) => e.node.receivedOn)).toEqual(['2026-10-01']);
    expect(second.data.compliments.pageInfo.hasNextPage).toBe(false);

    const points = await w.gw.query(
      `{ learningPoints(open: true) { edges { node { closedOn owner { lastName } complaint { reference } } } } }`,
      {},
      w.tokens.head,
    );
    expect(points.errors).toBeUndefined();
    for (const { node } of points.data.learningPoints.edges) expect(node.closedOn).toBeNull();

    const referrals = await w.gw.query(
      `{ referrals(open: true) { totalCount edges { node { level outcome complaint { reference } staff { lastName } } } } }`,
      {},
      w.tokens.manager,
    );
    expect(referrals.errors).toBeUndefined();
    for (const { node } of referrals.data.referrals.edges) expect(node.outcome).toBeNull();
    const forbidden = await w.gw.query(`{ compliments { totalCount } }`, {}, w.tokens.practitioner);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
