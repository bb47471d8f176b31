/** Assessment and every consequence of SPEC §1.5, re-assessment, referral choices and outcomes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import type { Court } from '../src/entities';
import { COMPLAINT_FIELDS, createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-11-04T15:00:00Z'); // Wednesday 4 November 2026
let w: World;
let hearingCourt: Court;

const CONSEQUENCES = `
  aspects { id position category staff { lastName } provider { name } courtReport { title } referralLevel drawToCourt }
  courtNotifications { id reason dueOn sentAt court { name } aspect { category } }
  reportCorrections { id dueOn correctedAt courtReport { title } }
  referrals { id level sentToHr staff { lastName } recipient { lastName } copiedLineManager { lastName } }
  providerEngagements { id dueOn provider { name } }
`;
const ASSESS = `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { complaint { ${COMPLAINT_FIELDS} ${CONSEQUENCES} } errors { code field message } } }`;
const TRIAGE = `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { message } } }`;

beforeAll(async () => {
  w = await createWorld(NOW);
  hearingCourt = await w.f.court({ name: 'Family Court at Coventry' });
  await w.f.hearing(w.kase.id, hearingCourt.id, { startsAt: new Date('2026-11-27T10:00:00Z') });
});

afterAll(async () => {
  await w?.stop();
});

async function accepted() {
  const c = await w.recordAdult();
  expect((await w.mutate(TRIAGE, { complaintId: c.id, outcome: 'ACCEPTED' })).errors).toEqual([]);
  return c;
}

const ALL_FIVE = () => [
  {
    category: 'PROFESSIONAL_JUDGEMENT',
    description: 'Disagrees with the recommendation',
    finding: 'Reasoning not explained',
  },
  {
    category: 'FACTUAL_ERROR',
    description: 'Missed sessions',
    courtReportId: w.report.id,
    remedialAction: 'Correct the report',
  },
  {
    category: 'FACTUAL_ERROR',
    description: 'Wrong date in a letter',
    otherCommunication: 'Letter to the court of 1 October',
  },
  { category: 'CASE_MANAGEMENT', description: 'Calls not returned', remedialAction: 'Cover arranged' },
  {
    category: 'STAFF_CONDUCT',
    description: 'Rude on the phone',
    staffId: w.practitioner.id,
    seriousness: 'STANDARD',
    referralLevel: 'LINE_MANAGER_FOR_ACTION',
  },
  {
    category: 'STAFF_CONDUCT',
    description: 'Shared details with the other party',
    staffId: w.practitioner.id,
    seriousness: 'SERIOUS',
    drawToCourt: true,
  },
  { category: 'PROVIDER_ACTIONS', description: 'Sessions cancelled', providerId: w.provider.id },
];

describe('assessComplaint', () => {
  it('creates every consequence of the aspects in the same transaction', async () => {
    const c = await accepted();
    const { complaint, errors } = await w.mutate(ASSESS, {
      complaintId: c.id,
      expectedVersion: 2,
      aspects: ALL_FIVE(),
    });
    expect(errors).toEqual([]);
    expect(complaint.status).toBe('ASSESSED');
    expect(complaint.aspects.map((a: any) => a.category)).toEqual(ALL_FIVE().map((a) => a.category));
    expect(complaint.aspects[5].referralLevel).toBe('SENIOR_MANAGER'); // the default, and the minimum for SERIOUS

    // Professional judgement, the factual error in another communication, and conduct drawn to the court:
    // the court of the next listed hearing, due 1 working day before it.
    expect(complaint.courtNotifications.map((n: any) => [n.reason, n.court.name, n.dueOn, n.sentAt])).toEqual([
      ['PROFESSIONAL_JUDGEMENT', 'Family Court at Coventry', '2026-11-26', null],
      ['FACTUAL_ERROR', 'Family Court at Coventry', '2026-11-26', null],
      ['STAFF_CONDUCT', 'Family Court at Coventry', '2026-11-26', null],
    ]);
    expect(complaint.reportCorrections).toEqual([
      expect.objectContaining({
        dueOn: '2026-11-26',
        correctedAt: null,
        courtReport: { title: 'Section 7 welfare report' },
      }),
    ]);
    const referrals = [...complaint.referrals].sort((a: any, b: any) => a.level.localeCompare(b.level));
    expect(
      referrals.map((r: any) => [r.level, r.recipient.lastName, r.copiedLineManager?.lastName ?? null, r.sentToHr]),
    ).toEqual([
      ['LINE_MANAGER_FOR_ACTION', 'Manager', null, false],
      ['SENIOR_MANAGER', 'Head', 'Manager', true],
    ]);
    expect(complaint.providerEngagements).toEqual([
      expect.objectContaining({ dueOn: '2026-11-11', provider: { name: 'Brightpath Contact Centre' } }),
    ]);
  });

  it('replaces what was not sent and never duplicates what was', async () => {
    const c = await accepted();
    const first = (await w.mutate(ASSESS, { complaintId: c.id, aspects: ALL_FIVE() })).complaint;
    const pj = first.courtNotifications.find((n: any) => n.reason === 'PROFESSIONAL_JUDGEMENT');
    const sent = await w.mutate(
      `mutation ($input: RecordCourtNotificationSentInput!) { recordCourtNotificationSent(input: $input) { errors { message } } }`,
      { courtNotificationId: pj.id, sentAt: '2026-11-04T12:00:00Z' },
    );
    expect(sent.errors).toEqual([]);
    const engagement = first.providerEngagements[0];
    const again = await w.mutate(ASSESS, {
      complaintId: c.id,
      aspects: [
        { category: 'PROFESSIONAL_JUDGEMENT', description: 'Recommendation not explained (restated)' },
        { category: 'PROVIDER_ACTIONS', description: 'Sessions cancelled twice', providerId: w.provider.id },
      ],
    });
    expect(again.errors).toEqual([]);
    const second = again.complaint;
    expect(second.courtNotifications).toEqual([
      expect.objectContaining({
        id: pj.id,
        sentAt: '2026-11-04T12:00:00.000Z',
        aspect: { category: 'PROFESSIONAL_JUDGEMENT' },
      }),
    ]);
    expect(second.providerEngagements.map((e: any) => e.id)).toEqual([engagement.id]); // replaced in place
    expect(second.reportCorrections).toEqual([]);
    expect(second.referrals).toEqual([]);
    expect(second.aspects.map((a: any) => a.category)).toEqual(['PROFESSIONAL_JUDGEMENT', 'PROVIDER_ACTIONS']);
    const trail = await w.gw.query(
      `query ($id: ID) { complaint(id: $id) { auditTrail { action change } } }`,
      { id: c.id },
      w.tokens.manager,
    );
    const assessed = trail.data.complaint.auditTrail.filter((e: any) => e.action === 'complaint.assessed');
    expect(assessed).toHaveLength(2);
    expect(assessed[1].change.consequences).toMatchObject({
      kept: ['court-notification:professional-judgement'],
      replaced: [`provider-engagement:${w.provider.id}`],
      created: [],
    });
  });

  it('names each aspect field that does not fit its category, and writes nothing', async () => {
    const c = await accepted();
    const other = await w.f.case({ courtId: w.court.id, serviceAreaId: w.area.id });
    const otherReport = await w.f.courtReport(other.id);
    const { complaint, errors } = await w.mutate(ASSESS, {
      complaintId: c.id,
      aspects: [
        { category: 'FACTUAL_ERROR', description: 'Wrong' },
        { category: 'PROFESSIONAL_JUDGEMENT', description: 'Judgement', providerId: w.provider.id },
        {
          category: 'STAFF_CONDUCT',
          description: 'Conduct',
          staffId: w.practitioner.id,
          seriousness: 'SERIOUS',
          referralLevel: 'LINE_MANAGER_FOR_ACTION',
        },
        { category: 'STAFF_CONDUCT', description: 'Conduct', staffId: '00000000-0000-4000-8000-000000000000' },
        { category: 'FACTUAL_ERROR', description: 'Wrong report', courtReportId: otherReport.id },
        { category: 'CASE_MANAGEMENT', description: '' },
      ],
    });
    expect(complaint).toBeNull();
    expect(errors.map((e: any) => `${e.code} ${e.field}`)).toEqual([
      'INVALID input.aspects.0.courtReportId',
      'INVALID input.aspects.1.providerId',
      'INVALID input.aspects.2.referralLevel',
      'NOT_FOUND input.aspects.3.staffId',
      'INVALID input.aspects.3.seriousness',
      'INVALID input.aspects.4.courtReportId',
      'INVALID input.aspects.5.description',
    ]);
    const [{ n }] = await w.db.dataSource.query(
      'SELECT count(*)::int AS n FROM complaint_aspects WHERE complaint_id = $1',
      [c.id],
    );
    expect(n).toBe(0);
    const state = await w.gw.query(
      `query ($id: ID) { complaint(id: $id) { status version } }`,
      { id: c.id },
      w.tokens.officer,
    );
    expect(state.data.complaint).toEqual({ status: 'ACCEPTED', version: 2 });
  });

  it('is only for accepted (or assessed) complaints', async () => {
    const c = await w.recordAdult();
    const { errors } = await w.mutate(ASSESS, {
      complaintId: c.id,
      aspects: [{ category: 'CASE_MANAGEMENT', description: 'x' }],
    });
    expect(errors[0]).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });
});

describe('referrals', () => {
  const REFER = `mutation ($input: ReferComplaintInput!) { referComplaint(input: $input) { complaint { referrals { id level } courtNotifications { reason } } errors { code field message } } }`;
  const OUTCOME = `mutation ($input: RecordReferralOutcomeInput!) { recordReferralOutcome(input: $input) { referral { outcome outcomeNote } errors { code field message } } }`;

  it('lets the CST change the referral, within what seriousness allows', async () => {
    const c = await accepted();
    const { complaint } = await w.mutate(ASSESS, {
      complaintId: c.id,
      aspects: [
        {
          category: 'STAFF_CONDUCT',
          description: 'Rude',
          staffId: w.practitioner.id,
          seriousness: 'STANDARD',
          referralLevel: 'LINE_MANAGER_FOR_INFORMATION',
        },
        { category: 'STAFF_CONDUCT', description: 'Serious', staffId: w.lineManager.id, seriousness: 'SERIOUS' },
      ],
    });
    const [standard, serious] = complaint.aspects;
    const none = await w.mutate(REFER, { complaintId: c.id, aspectId: standard.id, level: 'NONE', drawToCourt: true });
    expect(none.complaint.referrals.map((r: any) => r.level)).toEqual(['SENIOR_MANAGER']);
    expect(none.complaint.courtNotifications.map((n: any) => n.reason)).toEqual(['STAFF_CONDUCT']);
    const down = await w.mutate(REFER, { complaintId: c.id, aspectId: serious.id, level: 'LINE_MANAGER_FOR_ACTION' });
    expect(down.errors[0]).toMatchObject({ code: 'INVALID', field: 'input.level' });
  });

  it('takes outcomes from the line manager of the member of staff, senior managers and the HR system (for referrals sent to it) only', async () => {
    const c = await accepted();
    const { complaint } = await w.mutate(ASSESS, {
      complaintId: c.id,
      aspects: [
        {
          category: 'STAFF_CONDUCT',
          description: 'Rude',
          staffId: w.practitioner.id,
          seriousness: 'STANDARD',
          referralLevel: 'LINE_MANAGER_FOR_ACTION',
        },
        {
          category: 'STAFF_CONDUCT',
          description: 'Threatening',
          staffId: w.practitioner.id,
          seriousness: 'SERIOUS',
          referralLevel: 'SENIOR_MANAGER',
        },
      ],
    });
    const referralId = complaint.referrals.find((r: any) => r.level === 'LINE_MANAGER_FOR_ACTION').id;
    const seniorReferralId = complaint.referrals.find((r: any) => r.level === 'SENIOR_MANAGER').id;
    // A line manager who does not manage the member of staff cannot see the referral at all.
    const strangerManager = await w.f.staff({ role: Role.LINE_MANAGER, serviceAreaId: w.area.id });
    const stranger = await w.mutate(
      OUTCOME,
      { referralId, outcome: 'NO_ACTION' },
      await w.gw.token(Role.LINE_MANAGER, strangerManager.id),
    );
    expect(stranger.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'input.referralId' });
    const byManager = await w.mutate(
      OUTCOME,
      { referralId, outcome: 'INFORMAL_ACTION', note: 'Discussed in supervision' },
      w.tokens.lineManager,
    );
    expect(byManager.referral).toEqual({ outcome: 'INFORMAL_ACTION', outcomeNote: 'Discussed in supervision' });
    const hr = await w.gw.token(Role.HR_SYSTEM, 'hr-system');
    const notSentToHr = await w.mutate(OUTCOME, { referralId, outcome: 'REGULATOR_NOTIFIED' }, hr);
    expect(notSentToHr.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'input.referralId' });
    const byHr = await w.mutate(
      OUTCOME,
      { referralId: seniorReferralId, outcome: 'REGULATOR_NOTIFIED', note: 'Social Work England' },
      hr,
    );
    expect(byHr.referral.outcome).toBe('REGULATOR_NOTIFIED');
    const byOfficer = await w.gw.query(OUTCOME, { input: { referralId, outcome: 'NO_ACTION' } }, w.tokens.officer);
    expect(byOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
