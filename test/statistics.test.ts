/**
 * Complaint statistics (SPEC §1.13): every figure of a small hand-made quarter, checked against
 * figures worked out by hand (below, next to the fixture), exactly for managers and with small
 * counts suppressed for the analyst; service-area filtering; bad input. Then the pure rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalStatements } from '../src/db/sql-counter';
import {
  AspectCategory,
  Channel,
  ComplainantKind,
  ComplaintStatus,
  ComplimentSource,
  CourtNotificationReason,
  LearningPointKind,
  OmbudsmanOutcome,
  ReferralLevel,
  ReferralOutcome,
  ResponseStatus,
  Role,
  TriageOutcome,
} from '../src/domain/enums';
import {
  parseQuarter,
  periodProblem,
  presentStatistics,
  showCount,
  showMedian,
  showRate,
  type StatisticsFigures,
} from '../src/domain/statistics';
import {
  BankHoliday,
  Compliment,
  CourtNotification,
  DeadlineExtension,
  LearningPoint,
  OmbudsmanEscalation,
  Referral,
  Response,
  type Complaint,
  type ServiceArea,
} from '../src/entities';
import { createWorld, type World } from './fixtures/procedure';

const NOW = new Date('2026-09-30T12:00:00Z'); // Wednesday 30 September 2026, the last day of 2026-Q3
const Q3 = { from: '2026-07-01', to: '2026-09-30' };

const STATS = /* GraphQL */ `
  fragment n on StatisticCount {
    key
    count
    display
  }
  fragment m on StatisticMeasure {
    value
    display
  }
  query ($from: LocalDate!, $to: LocalDate!, $area: ID) {
    complaintStatistics(from: $from, to: $to, serviceAreaId: $area) {
      from
      to
      serviceArea {
        name
      }
      smallCountsSuppressed
      received {
        ...n
      }
      receivedByCategory {
        ...n
      }
      receivedByChannel {
        ...n
      }
      receivedByStatus {
        ...n
      }
      receivedByComplainantKind {
        ...n
      }
      receivedByTriageOutcome {
        ...n
      }
      childrensShare {
        ...m
      }
      acknowledgements {
        ...n
      }
      acknowledgedOnTime {
        ...m
      }
      responsesSent {
        ...n
      }
      responsesAgainstDueDate {
        ...n
      }
      responsesAgainstOriginalDueDate {
        ...n
      }
      respondedOnTime {
        ...m
      }
      respondedOnTimeAgainstOriginalDueDate {
        ...m
      }
      medianWorkingDaysToRespond {
        ...m
      }
      extensions {
        ...n
      }
      referralsByLevel {
        ...n
      }
      referralsByOutcome {
        ...n
      }
      courtNotifications {
        ...n
      }
      ombudsmanEscalations {
        ...n
      }
      ombudsmanOutcomes {
        ...n
      }
      compliments {
        ...n
      }
      learningPointsOpened {
        ...n
      }
      learningPointsClosed {
        ...n
      }
    }
  }
`;

/** Notation for the expected figures: an exact count, a suppressed one, a measure. */
const c = (key: string, count: number) => ({ key, count, display: String(count) });
const lt5 = (key: string) => ({ key, count: null, display: '<5' });
const m = (value: number | null, display: string) => ({ value, display });

let w: World;
let areaB: ServiceArea;
let analyst: string;
let graphComplaintId: string;

async function stats(variables: Record<string, unknown>, token: string) {
  const result = await w.gw.query(STATS, variables, token);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.complaintStatistics;
}

/**
 * The fixture. Q3 2026 is 1 July – 30 September; the summer bank holiday is Monday 31 August and an
 * administrator added Monday 14 September. Times are UTC; London is UTC+1 (BST) throughout.
 *
 * | #   | area | received (London)     | channel   | kind         | status    | triage            | acknowledgement            | aspects          |
 * | c1  | A    | 1 Jul (30 Jun 23:30Z) | EMAIL     | ADULT_PARTY  | CLOSED    | ACCEPTED          | 2 Jul, due 6 Jul: on time  | PJ, SC           |
 * | c2  | A    | 6 Jul                 | EMAIL     | ADULT_PARTY  | CLOSED    | ACCEPTED          | 10 Jul, due 9 Jul: late    | FE, SC           |
 * | c3  | A    | 13 Jul                | EMAIL     | CHILD        | RESPONDED | ACCEPTED          | 14 Jul, due 14 Jul: on time| CM               |
 * | c4  | A    | 3 Aug                 | LETTER    | ADULT_PARTY  | NOT_ACC.  | NOT_ACCEPTED      | on time                    | —                |
 * | c5  | A    | 10 Aug                | PHONE     | NON_PARTY    | RESPONDED | OUTSIDE_PROCEDURE | on time                    | —                |
 * | c6  | A    | 1 Sep                 | EMAIL     | ADULT_PARTY  | ASSESSED  | ACCEPTED          | none, due 4 Sep: late      | PA, CM, CM       |
 * | c7  | A    | 30 Sep                | EMAIL     | ADULT_PARTY  | RECEIVED  | —                 | none, due 5 Oct: not yet   | —                |
 * | c8  | A    | 1 Sep (through graph) | EMAIL     | ADULT_PARTY  | CLOSED    | ACCEPTED          | none, due 4 Sep: late      | CM               |
 * | c9  | B    | 20 Jul                | IN_PERSON | PROFESSIONAL | CLOSED    | OUTSIDE_PROCEDURE | on time                    | —                |
 * | c10 | B    | 17 Aug                | EMAIL     | ADULT_PARTY  | WITHDRAWN | —                 | on time                    | —                |
 * Outside Q3: c11 (A, 1 Oct 00:30 London), c12 (A, 15 Jun), c13 (A, 1 Jun), c14 (A, Jan), c15 (B, Dec 2025).
 *
 * Responses sent in Q3 (procedure start → sent; due in force when sent; original due; working days):
 * c1 1 Jul → 20 Jul, 22 Jul, 22 Jul: 13 · c2 6 Jul → 31 Jul, 27 Jul, 27 Jul: 19 · c3 13 Jul → 10 Aug, 11 Aug, 11 Aug: 20 ·
 * c5 10 Aug → 1 Sep, 1 Sep, 1 Sep: 15 (31 Aug is a holiday) · c8 1 Sep → 30 Sep, 2 Oct (extended), 23 Sep: 20 (14 Sep is a holiday) ·
 * c9 20 Jul → 3 Aug, none, none: 10 · c12 15 Jun → 8 Jul, 10 Jul (extended), 6 Jul: 17.
 * Not in Q3: c13's response, sent 30 Sep 23:30Z = 1 Oct in London.
 */
beforeAll(async () => {
  w = await createWorld(NOW);
  const { f, area: areaA, db } = w;
  const ds = db.dataSource;
  areaB = await f.serviceArea({ name: 'North East' });
  analyst = await w.gw.token(Role.ANALYST, (await f.staff({ role: Role.ANALYST, lastName: 'Analyst' })).id);
  await ds.getRepository(BankHoliday).save({ date: '2026-09-14', name: 'Day of mourning' });

  // c8, through the graph: received 1 Sep, due 23 Sep (15 working days, 14 Sep a holiday), extended to 2 Oct, sent today.
  const c8 = await w.recordAdult({ receivedAt: '2026-09-01T09:00:00Z' });
  graphComplaintId = c8.id;
  expect(c8.responseDueOn).toBe('2026-09-23');
  const step = async (mutation: string, input: Record<string, unknown>, token = w.tokens.officer) => {
    const payload = await w.mutate(mutation, { complaintId: c8.id, ...input }, token);
    expect(payload.errors, mutation).toEqual([]);
  };
  await step(
    `mutation ($input: TriageComplaintInput!) { triageComplaint(input: $input) { errors { code field message } } }`,
    { outcome: 'ACCEPTED' },
  );
  await step(
    `mutation ($input: AssessComplaintInput!) { assessComplaint(input: $input) { errors { code field message } } }`,
    {
      aspects: [{ category: 'CASE_MANAGEMENT', description: 'Calls not returned' }],
    },
  );
  await step(
    `mutation ($input: ExtendResponseDeadlineInput!) { extendResponseDeadline(input: $input) { errors { code field message } } }`,
    {
      newDueOn: '2026-10-02',
      reason: 'Records awaited from the court',
    },
  );
  await step(
    `mutation ($input: DraftResponseInput!) { draftResponse(input: $input) { errors { code field message } } }`,
    {
      understanding: 'You told us calls were not returned.',
      desiredRemedy: 'A call back.',
      assessmentOutcome: 'Calls were missed.',
      steps: 'Cover is arranged.',
    },
  );
  await step(
    `mutation ($input: SubmitResponseForApprovalInput!) { submitResponseForApproval(input: $input) { errors { code field message } } }`,
    {},
  );
  await step(
    `mutation ($input: ApproveResponseInput!) { approveResponse(input: $input) { errors { code field message } } }`,
    {},
    w.tokens.head,
  );
  await step(
    `mutation ($input: SendResponseInput!) { sendResponse(input: $input) { errors { code field message } } }`,
    {},
  );
  // The database's clock is the real one; the gateway's is NOW: the extension was granted "today".
  await ds.query(`UPDATE deadline_extensions SET created_at = $2 WHERE complaint_id = $1`, [c8.id, NOW]);

  const complaint = async (
    area: ServiceArea,
    receivedAt: string,
    channel: Channel,
    kind: ComplainantKind,
    status: ComplaintStatus,
    values: Partial<Complaint> = {},
  ) => {
    const complainant = await f.complainant({ kind });
    const startOn = values.procedureStartOn ?? receivedAt.slice(0, 10);
    return f.complaint({
      serviceAreaId: area.id,
      complainantId: complainant.id,
      receivedAt: new Date(receivedAt),
      channel,
      status,
      procedureStartOn: startOn,
      triageOutcome: null,
      acknowledgedAt: null,
      responseDueOn: null,
      originalResponseDueOn: null,
      nextDueOn: null,
      ...values,
    });
  };
  const aspects = (complaintId: string, categories: AspectCategory[]) =>
    Promise.all(
      categories.map((category, position) =>
        f.aspect(complaintId, {
          category,
          position,
          providerId: category === AspectCategory.PROVIDER_ACTIONS ? w.provider.id : null,
        }),
      ),
    );
  // The due date in force when sent is the complaint's: it no longer moves once the response is sent.
  const respond = (complaintId: string, sentAt: string) =>
    ds.getRepository(Response).save({
      complaintId,
      status: ResponseStatus.SENT,
      understanding: 'u',
      desiredRemedy: 'd',
      assessmentOutcome: 'o',
      steps: 's',
      sentAt: new Date(sentAt),
    });
  const refer = async (
    complaintId: string,
    aspectId: string | null,
    level: ReferralLevel,
    referredAt: string | null,
    createdAt: string,
    outcome: ReferralOutcome | null,
    outcomeAt: string | null,
  ) => {
    const r = await ds.getRepository(Referral).save({
      complaintId,
      aspectId,
      consequenceKey: `referral:${w.practitioner.id}:${level}`,
      staffId: w.practitioner.id,
      level,
      referredAt: referredAt ? new Date(referredAt) : null,
      outcome,
      outcomeRecordedAt: outcomeAt ? new Date(outcomeAt) : null,
    });
    await ds.query(`UPDATE referrals SET created_at = $2 WHERE id = $1`, [r.id, createdAt]);
  };
  const toCourt = (complaintId: string, reason: CourtNotificationReason, sentAt: string | null) =>
    ds.getRepository(CourtNotification).save({
      complaintId,
      courtId: w.court.id,
      reason,
      consequenceKey: `court-notification:${reason}`,
      dueOn: null,
      sentAt: sentAt ? new Date(sentAt) : null,
    });
  const learningPoint = async (complaintId: string | null, createdAt: string, closedOn: string | null) => {
    const lp = await ds.getRepository(LearningPoint).save({
      complaintId,
      kind: LearningPointKind.LEARNING_POINT,
      description: 'Check records',
      ownerId: w.lineManager.id,
      dueOn: '2026-12-31',
      closedOn,
    });
    await ds.query(`UPDATE learning_points SET created_at = $2 WHERE id = $1`, [lp.id, createdAt]);
  };
  const extension = async (complaintId: string, previousDueOn: string, newDueOn: string, createdAt: string) => {
    const x = await ds
      .getRepository(DeadlineExtension)
      .save({ complaintId, previousDueOn, newDueOn, reason: 'Records awaited' });
    await ds.query(`UPDATE deadline_extensions SET created_at = $2 WHERE id = $1`, [x.id, createdAt]);
  };
  const { EMAIL, LETTER, PHONE, IN_PERSON } = Channel;
  const { ADULT_PARTY, CHILD, NON_PARTY, PROFESSIONAL } = ComplainantKind;
  const {
    PROFESSIONAL_JUDGEMENT: PJ,
    FACTUAL_ERROR: FE,
    CASE_MANAGEMENT: CM,
    STAFF_CONDUCT: SC,
    PROVIDER_ACTIONS: PA,
  } = AspectCategory;
  const S = ComplaintStatus;
  const T = TriageOutcome;

  const c1 = await complaint(areaA, '2026-06-30T23:30:00Z', EMAIL, ADULT_PARTY, S.CLOSED, {
    triageOutcome: T.ACCEPTED,
    procedureStartOn: '2026-07-01',
    acknowledgementDueOn: '2026-07-06',
    acknowledgedAt: new Date('2026-07-02T09:00:00Z'),
    responseDueOn: '2026-07-22',
    originalResponseDueOn: '2026-07-22',
  });
  const [, c1conduct] = await aspects(c1.id, [PJ, SC]);
  await respond(c1.id, '2026-07-20T14:00:00Z');
  await refer(
    c1.id,
    c1conduct.id,
    ReferralLevel.SENIOR_MANAGER,
    '2026-07-21T10:00:00Z',
    '2026-07-21T10:00:00Z',
    ReferralOutcome.FORMAL_INVESTIGATION,
    '2026-09-10T10:00:00Z',
  );
  await toCourt(c1.id, CourtNotificationReason.PROFESSIONAL_JUDGEMENT, '2026-07-20T15:00:00Z');
  await learningPoint(c1.id, '2026-07-22T10:00:00Z', '2026-09-10');

  const c2 = await complaint(areaA, '2026-07-06T10:00:00Z', EMAIL, ADULT_PARTY, S.CLOSED, {
    triageOutcome: T.ACCEPTED,
    acknowledgementDueOn: '2026-07-09',
    acknowledgedAt: new Date('2026-07-10T09:00:00Z'),
    responseDueOn: '2026-07-27',
    originalResponseDueOn: '2026-07-27',
  });
  const [, c2conduct] = await aspects(c2.id, [FE, SC]);
  await respond(c2.id, '2026-07-31T10:00:00Z');
  // Not yet delivered (no referredAt): counts when it was made; its outcome came after the quarter.
  await refer(
    c2.id,
    c2conduct.id,
    ReferralLevel.LINE_MANAGER_FOR_ACTION,
    null,
    '2026-08-01T10:00:00Z',
    ReferralOutcome.NO_ACTION,
    '2026-10-02T10:00:00Z',
  );
  await toCourt(c2.id, CourtNotificationReason.FACTUAL_ERROR, null);
  await learningPoint(c2.id, '2026-08-05T10:00:00Z', null);

  const c3 = await complaint(areaA, '2026-07-13T10:00:00Z', EMAIL, CHILD, S.RESPONDED, {
    triageOutcome: T.ACCEPTED,
    acknowledgementDueOn: '2026-07-14',
    acknowledgedAt: new Date('2026-07-14T09:00:00Z'),
    responseDueOn: '2026-08-11',
    originalResponseDueOn: '2026-08-11',
  });
  await aspects(c3.id, [CM]);
  await respond(c3.id, '2026-08-10T10:00:00Z');
  await toCourt(c3.id, CourtNotificationReason.CHILD_COMPLAINT, '2026-07-15T10:00:00Z');

  await complaint(areaA, '2026-08-03T10:00:00Z', LETTER, ADULT_PARTY, S.NOT_ACCEPTED, {
    triageOutcome: T.NOT_ACCEPTED,
    acknowledgementDueOn: '2026-08-06',
    acknowledgedAt: new Date('2026-08-04T10:00:00Z'),
    responseDueOn: '2026-08-24',
    originalResponseDueOn: '2026-08-24',
  });
  const c5 = await complaint(areaA, '2026-08-10T10:00:00Z', PHONE, NON_PARTY, S.RESPONDED, {
    triageOutcome: T.OUTSIDE_PROCEDURE,
    acknowledgementDueOn: '2026-08-13',
    acknowledgedAt: new Date('2026-08-11T10:00:00Z'),
    responseDueOn: '2026-09-01',
    originalResponseDueOn: '2026-09-01',
  });
  await respond(c5.id, '2026-09-01T10:00:00Z');
  const c6 = await complaint(areaA, '2026-09-01T10:00:00Z', EMAIL, ADULT_PARTY, S.ASSESSED, {
    triageOutcome: T.ACCEPTED,
    acknowledgementDueOn: '2026-09-04',
    responseDueOn: '2026-09-22',
    originalResponseDueOn: '2026-09-22',
  });
  await aspects(c6.id, [PA, CM, CM]);
  await complaint(areaA, '2026-09-30T08:00:00Z', EMAIL, ADULT_PARTY, S.RECEIVED, {
    acknowledgementDueOn: '2026-10-05',
  });
  const c9 = await complaint(areaB, '2026-07-20T10:00:00Z', IN_PERSON, PROFESSIONAL, S.CLOSED, {
    triageOutcome: T.OUTSIDE_PROCEDURE,
    acknowledgementDueOn: '2026-07-23',
    acknowledgedAt: new Date('2026-07-21T10:00:00Z'),
  });
  await respond(c9.id, '2026-08-03T10:00:00Z');
  await learningPoint(c9.id, '2026-09-01T10:00:00Z', null);
  await complaint(areaB, '2026-08-17T10:00:00Z', EMAIL, ADULT_PARTY, S.WITHDRAWN, {
    acknowledgementDueOn: '2026-08-20',
    acknowledgedAt: new Date('2026-08-18T10:00:00Z'),
  });

  // Outside the quarter.
  await complaint(areaA, '2026-09-30T23:30:00Z', EMAIL, ADULT_PARTY, S.RECEIVED, {
    procedureStartOn: '2026-10-01',
    acknowledgementDueOn: '2026-10-06',
  });
  const c12 = await complaint(areaA, '2026-06-15T10:00:00Z', EMAIL, ADULT_PARTY, S.CLOSED, {
    triageOutcome: T.ACCEPTED,
    acknowledgementDueOn: '2026-06-18',
    acknowledgedAt: new Date('2026-06-16T10:00:00Z'),
    responseDueOn: '2026-07-10',
    originalResponseDueOn: '2026-07-06',
  });
  const [c12conduct] = await aspects(c12.id, [SC]);
  await extension(c12.id, '2026-07-06', '2026-07-08', '2026-06-30T22:30:00Z'); // 23:30 on 30 June in London: not in Q3
  await extension(c12.id, '2026-07-08', '2026-07-10', '2026-07-01T09:00:00Z');
  await respond(c12.id, '2026-07-08T10:00:00Z');
  await refer(
    c12.id,
    c12conduct.id,
    ReferralLevel.LINE_MANAGER_FOR_INFORMATION,
    '2026-06-20T10:00:00Z',
    '2026-06-20T10:00:00Z',
    ReferralOutcome.INFORMAL_ACTION,
    '2026-07-15T10:00:00Z',
  );
  await learningPoint(c12.id, '2026-06-20T10:00:00Z', '2026-07-30');
  const c13 = await complaint(areaA, '2026-06-01T10:00:00Z', EMAIL, ADULT_PARTY, S.CLOSED, {
    triageOutcome: T.ACCEPTED,
    acknowledgementDueOn: '2026-06-04',
    acknowledgedAt: new Date('2026-06-02T10:00:00Z'),
    responseDueOn: '2026-06-22',
    originalResponseDueOn: '2026-06-22',
  });
  await respond(c13.id, '2026-09-30T23:30:00Z'); // 1 October in London
  await toCourt(c13.id, CourtNotificationReason.PROFESSIONAL_JUDGEMENT, '2026-06-30T23:30:00Z'); // 1 July in London
  const c14 = await complaint(areaA, '2026-01-12T10:00:00Z', EMAIL, ADULT_PARTY, S.ESCALATED_TO_OMBUDSMAN, {
    triageOutcome: T.ACCEPTED,
  });
  await ds.getRepository(OmbudsmanEscalation).save({
    complaintId: c14.id,
    mpName: 'A Member MP',
    referredOn: '2026-07-10',
    outcome: OmbudsmanOutcome.PARTLY_UPHELD,
    outcomeOn: '2026-09-15',
  });
  const c15 = await complaint(areaB, '2025-12-01T10:00:00Z', EMAIL, ADULT_PARTY, S.ESCALATED_TO_OMBUDSMAN, {
    triageOutcome: T.ACCEPTED,
  });
  await ds.getRepository(OmbudsmanEscalation).save({
    complaintId: c15.id,
    mpName: 'B Member MP',
    referredOn: '2026-06-30',
    outcome: OmbudsmanOutcome.NOT_UPHELD,
    outcomeOn: '2026-08-20',
  });
  await learningPoint(null, '2026-08-10T10:00:00Z', null); // no complaint: the whole service only

  for (const [area, receivedOn] of [
    [areaA, '2026-07-01'],
    [areaA, '2026-07-15'],
    [areaA, '2026-08-01'],
    [areaA, '2026-09-01'],
    [areaA, '2026-09-30'],
    [areaA, '2026-06-30'],
    [areaA, '2026-10-01'],
    [areaB, '2026-08-12'],
    [areaB, '2026-09-02'],
  ] as const) {
    await ds.getRepository(Compliment).save({
      staffId: w.practitioner.id,
      serviceAreaId: area.id,
      source: ComplimentSource.SERVICE_USER,
      receivedOn,
      summary: 'Thank you',
    });
  }
});

afterAll(async () => {
  await w?.stop();
});

describe('complaintStatistics', () => {
  it('keeps the due date in force when the response was sent (the extended one) on the complaint', async () => {
    const [row] = await w.db.dataSource.query(
      `SELECT c.response_due_on::text AS due, c.original_response_due_on::text AS original, c.status FROM responses r JOIN complaints c ON c.id = r.complaint_id WHERE c.id = $1 AND r.status = 'SENT'`,
      [graphComplaintId],
    );
    expect(row).toEqual({ due: '2026-10-02', original: '2026-09-23', status: 'CLOSED' });
  });

  it('gives a CST manager every figure of the quarter exactly', async () => {
    expect(await stats(Q3, w.tokens.manager)).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
      serviceArea: null,
      smallCountsSuppressed: false,
      received: c('TOTAL', 10),
      receivedByCategory: [
        c('PROFESSIONAL_JUDGEMENT', 1),
        c('FACTUAL_ERROR', 1),
        c('CASE_MANAGEMENT', 3),
        c('STAFF_CONDUCT', 2),
        c('PROVIDER_ACTIONS', 1),
        c('NOT_ASSESSED', 5),
      ],
      receivedByChannel: [c('IN_PERSON', 1), c('PHONE', 1), c('LETTER', 1), c('EMAIL', 7)],
      receivedByStatus: [
        c('RECEIVED', 1),
        c('LOCAL_RESOLUTION', 0),
        c('RESOLVED_LOCALLY', 0),
        c('NOT_ACCEPTED', 1),
        c('REFERRED_TO_PROVIDER', 0),
        c('OUTSIDE_PROCEDURE', 0),
        c('ACCEPTED', 0),
        c('ASSESSED', 1),
        c('RESPONSE_DRAFTED', 0),
        c('AWAITING_APPROVAL', 0),
        c('APPROVED', 0),
        c('RESPONDED', 2),
        c('CLOSED', 4),
        c('ESCALATED_TO_OMBUDSMAN', 0),
        c('WITHDRAWN', 1),
      ],
      receivedByComplainantKind: [
        c('ADULT_PARTY', 7),
        c('CHILD', 1),
        c('NON_PARTY', 1),
        c('STAFF_NOT_CASE', 0),
        c('PROFESSIONAL', 1),
        c('UNKNOWN', 0),
      ],
      receivedByTriageOutcome: [
        c('ACCEPTED', 5),
        c('LOCAL_RESOLUTION', 0),
        c('NOT_ACCEPTED', 1),
        c('REFERRED_TO_PROVIDER', 0),
        c('OUTSIDE_PROCEDURE', 2),
        c('NOT_TRIAGED', 2),
      ],
      childrensShare: m(10, '10.0%'),
      acknowledgements: [c('ON_TIME', 6), c('LATE', 3), c('NOT_YET_DUE', 1)],
      acknowledgedOnTime: m(66.7, '66.7%'),
      responsesSent: c('TOTAL', 7),
      responsesAgainstDueDate: [c('ON_TIME', 5), c('LATE', 1), c('NO_DUE_DATE', 1)],
      responsesAgainstOriginalDueDate: [c('ON_TIME', 3), c('LATE', 3), c('NO_DUE_DATE', 1)],
      respondedOnTime: m(83.3, '83.3%'),
      respondedOnTimeAgainstOriginalDueDate: m(50, '50.0%'),
      medianWorkingDaysToRespond: m(17, '17'),
      extensions: c('TOTAL', 2),
      referralsByLevel: [c('LINE_MANAGER_FOR_INFORMATION', 0), c('LINE_MANAGER_FOR_ACTION', 1), c('SENIOR_MANAGER', 1)],
      referralsByOutcome: [
        c('NO_ACTION', 0),
        c('INFORMAL_ACTION', 1),
        c('FORMAL_INVESTIGATION', 1),
        c('FORMAL_ACTION', 0),
        c('REGULATOR_NOTIFIED', 0),
      ],
      courtNotifications: c('TOTAL', 3),
      ombudsmanEscalations: c('TOTAL', 1),
      ombudsmanOutcomes: [c('UPHELD', 0), c('PARTLY_UPHELD', 1), c('NOT_UPHELD', 1), c('RESOLVED_WITHOUT_FINDING', 0)],
      compliments: c('TOTAL', 7),
      learningPointsOpened: c('TOTAL', 4),
      learningPointsClosed: c('TOTAL', 2),
    });
  });

  it('shows an analyst counts from 1 to 4 as <5, and withholds what is made from them', async () => {
    expect(await stats(Q3, analyst)).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
      serviceArea: null,
      smallCountsSuppressed: true,
      received: c('TOTAL', 10),
      receivedByCategory: [
        lt5('PROFESSIONAL_JUDGEMENT'),
        lt5('FACTUAL_ERROR'),
        lt5('CASE_MANAGEMENT'),
        lt5('STAFF_CONDUCT'),
        lt5('PROVIDER_ACTIONS'),
        c('NOT_ASSESSED', 5),
      ],
      receivedByChannel: [lt5('IN_PERSON'), lt5('PHONE'), lt5('LETTER'), c('EMAIL', 7)],
      receivedByStatus: [
        lt5('RECEIVED'),
        c('LOCAL_RESOLUTION', 0),
        c('RESOLVED_LOCALLY', 0),
        lt5('NOT_ACCEPTED'),
        c('REFERRED_TO_PROVIDER', 0),
        c('OUTSIDE_PROCEDURE', 0),
        c('ACCEPTED', 0),
        lt5('ASSESSED'),
        c('RESPONSE_DRAFTED', 0),
        c('AWAITING_APPROVAL', 0),
        c('APPROVED', 0),
        lt5('RESPONDED'),
        lt5('CLOSED'),
        c('ESCALATED_TO_OMBUDSMAN', 0),
        lt5('WITHDRAWN'),
      ],
      receivedByComplainantKind: [
        c('ADULT_PARTY', 7),
        lt5('CHILD'),
        lt5('NON_PARTY'),
        c('STAFF_NOT_CASE', 0),
        lt5('PROFESSIONAL'),
        c('UNKNOWN', 0),
      ],
      receivedByTriageOutcome: [
        c('ACCEPTED', 5),
        c('LOCAL_RESOLUTION', 0),
        lt5('NOT_ACCEPTED'),
        c('REFERRED_TO_PROVIDER', 0),
        lt5('OUTSIDE_PROCEDURE'),
        lt5('NOT_TRIAGED'),
      ],
      childrensShare: m(null, 'suppressed'), // 1 child of 10
      acknowledgements: [c('ON_TIME', 6), lt5('LATE'), lt5('NOT_YET_DUE')],
      acknowledgedOnTime: m(null, 'suppressed'), // 6 of 9: 3 late
      responsesSent: c('TOTAL', 7),
      responsesAgainstDueDate: [c('ON_TIME', 5), lt5('LATE'), lt5('NO_DUE_DATE')],
      responsesAgainstOriginalDueDate: [lt5('ON_TIME'), lt5('LATE'), lt5('NO_DUE_DATE')],
      respondedOnTime: m(null, 'suppressed'), // 5 of 6: 1 late
      respondedOnTimeAgainstOriginalDueDate: m(null, 'suppressed'), // 3 of 6
      medianWorkingDaysToRespond: m(17, '17'), // of 7
      extensions: lt5('TOTAL'),
      referralsByLevel: [c('LINE_MANAGER_FOR_INFORMATION', 0), lt5('LINE_MANAGER_FOR_ACTION'), lt5('SENIOR_MANAGER')],
      referralsByOutcome: [
        c('NO_ACTION', 0),
        lt5('INFORMAL_ACTION'),
        lt5('FORMAL_INVESTIGATION'),
        c('FORMAL_ACTION', 0),
        c('REGULATOR_NOTIFIED', 0),
      ],
      courtNotifications: lt5('TOTAL'),
      ombudsmanEscalations: lt5('TOTAL'),
      ombudsmanOutcomes: [c('UPHELD', 0), lt5('PARTLY_UPHELD'), lt5('NOT_UPHELD'), c('RESOLVED_WITHOUT_FINDING', 0)],
      compliments: c('TOTAL', 7),
      learningPointsOpened: lt5('TOTAL'),
      learningPointsClosed: lt5('TOTAL'),
    });
  });

  it('limits every figure to one service area', async () => {
    expect(await stats({ ...Q3, area: w.area.id }, w.tokens.head)).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
      serviceArea: { name: 'Midlands' },
      smallCountsSuppressed: false,
      received: c('TOTAL', 8),
      receivedByCategory: [
        c('PROFESSIONAL_JUDGEMENT', 1),
        c('FACTUAL_ERROR', 1),
        c('CASE_MANAGEMENT', 3),
        c('STAFF_CONDUCT', 2),
        c('PROVIDER_ACTIONS', 1),
        c('NOT_ASSESSED', 3),
      ],
      receivedByChannel: [c('IN_PERSON', 0), c('PHONE', 1), c('LETTER', 1), c('EMAIL', 6)],
      receivedByStatus: [
        c('RECEIVED', 1),
        c('LOCAL_RESOLUTION', 0),
        c('RESOLVED_LOCALLY', 0),
        c('NOT_ACCEPTED', 1),
        c('REFERRED_TO_PROVIDER', 0),
        c('OUTSIDE_PROCEDURE', 0),
        c('ACCEPTED', 0),
        c('ASSESSED', 1),
        c('RESPONSE_DRAFTED', 0),
        c('AWAITING_APPROVAL', 0),
        c('APPROVED', 0),
        c('RESPONDED', 2),
        c('CLOSED', 3),
        c('ESCALATED_TO_OMBUDSMAN', 0),
        c('WITHDRAWN', 0),
      ],
      receivedByComplainantKind: [
        c('ADULT_PARTY', 6),
        c('CHILD', 1),
        c('NON_PARTY', 1),
        c('STAFF_NOT_CASE', 0),
        c('PROFESSIONAL', 0),
        c('UNKNOWN', 0),
      ],
      receivedByTriageOutcome: [
        c('ACCEPTED', 5),
        c('LOCAL_RESOLUTION', 0),
        c('NOT_ACCEPTED', 1),
        c('REFERRED_TO_PROVIDER', 0),
        c('OUTSIDE_PROCEDURE', 1),
        c('NOT_TRIAGED', 1),
      ],
      childrensShare: m(12.5, '12.5%'),
      acknowledgements: [c('ON_TIME', 4), c('LATE', 3), c('NOT_YET_DUE', 1)],
      acknowledgedOnTime: m(57.1, '57.1%'),
      responsesSent: c('TOTAL', 6),
      responsesAgainstDueDate: [c('ON_TIME', 5), c('LATE', 1), c('NO_DUE_DATE', 0)],
      responsesAgainstOriginalDueDate: [c('ON_TIME', 3), c('LATE', 3), c('NO_DUE_DATE', 0)],
      respondedOnTime: m(83.3, '83.3%'),
      respondedOnTimeAgainstOriginalDueDate: m(50, '50.0%'),
      medianWorkingDaysToRespond: m(18, '18'), // 13, 15, 17, 19, 20, 20
      extensions: c('TOTAL', 2),
      referralsByLevel: [c('LINE_MANAGER_FOR_INFORMATION', 0), c('LINE_MANAGER_FOR_ACTION', 1), c('SENIOR_MANAGER', 1)],
      referralsByOutcome: [
        c('NO_ACTION', 0),
        c('INFORMAL_ACTION', 1),
        c('FORMAL_INVESTIGATION', 1),
        c('FORMAL_ACTION', 0),
        c('REGULATOR_NOTIFIED', 0),
      ],
      courtNotifications: c('TOTAL', 3),
      ombudsmanEscalations: c('TOTAL', 1),
      ombudsmanOutcomes: [c('UPHELD', 0), c('PARTLY_UPHELD', 1), c('NOT_UPHELD', 0), c('RESOLVED_WITHOUT_FINDING', 0)],
      compliments: c('TOTAL', 5),
      learningPointsOpened: c('TOTAL', 2),
      learningPointsClosed: c('TOTAL', 2),
    });

    expect(await stats({ ...Q3, area: areaB.id }, analyst)).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
      serviceArea: { name: 'North East' },
      smallCountsSuppressed: true,
      received: lt5('TOTAL'),
      receivedByCategory: [
        c('PROFESSIONAL_JUDGEMENT', 0),
        c('FACTUAL_ERROR', 0),
        c('CASE_MANAGEMENT', 0),
        c('STAFF_CONDUCT', 0),
        c('PROVIDER_ACTIONS', 0),
        lt5('NOT_ASSESSED'),
      ],
      receivedByChannel: [lt5('IN_PERSON'), c('PHONE', 0), c('LETTER', 0), lt5('EMAIL')],
      receivedByStatus: [
        c('RECEIVED', 0),
        c('LOCAL_RESOLUTION', 0),
        c('RESOLVED_LOCALLY', 0),
        c('NOT_ACCEPTED', 0),
        c('REFERRED_TO_PROVIDER', 0),
        c('OUTSIDE_PROCEDURE', 0),
        c('ACCEPTED', 0),
        c('ASSESSED', 0),
        c('RESPONSE_DRAFTED', 0),
        c('AWAITING_APPROVAL', 0),
        c('APPROVED', 0),
        c('RESPONDED', 0),
        lt5('CLOSED'),
        c('ESCALATED_TO_OMBUDSMAN', 0),
        lt5('WITHDRAWN'),
      ],
      receivedByComplainantKind: [
        lt5('ADULT_PARTY'),
        c('CHILD', 0),
        c('NON_PARTY', 0),
        c('STAFF_NOT_CASE', 0),
        lt5('PROFESSIONAL'),
        c('UNKNOWN', 0),
      ],
      receivedByTriageOutcome: [
        c('ACCEPTED', 0),
        c('LOCAL_RESOLUTION', 0),
        c('NOT_ACCEPTED', 0),
        c('REFERRED_TO_PROVIDER', 0),
        lt5('OUTSIDE_PROCEDURE'),
        lt5('NOT_TRIAGED'),
      ],
      childrensShare: m(null, 'suppressed'), // 0 of 2
      acknowledgements: [lt5('ON_TIME'), c('LATE', 0), c('NOT_YET_DUE', 0)],
      acknowledgedOnTime: m(null, 'suppressed'),
      responsesSent: lt5('TOTAL'),
      responsesAgainstDueDate: [c('ON_TIME', 0), c('LATE', 0), lt5('NO_DUE_DATE')],
      responsesAgainstOriginalDueDate: [c('ON_TIME', 0), c('LATE', 0), lt5('NO_DUE_DATE')],
      respondedOnTime: m(null, 'n/a'), // none had a due date
      respondedOnTimeAgainstOriginalDueDate: m(null, 'n/a'),
      medianWorkingDaysToRespond: m(null, 'suppressed'), // one response
      extensions: c('TOTAL', 0),
      referralsByLevel: [c('LINE_MANAGER_FOR_INFORMATION', 0), c('LINE_MANAGER_FOR_ACTION', 0), c('SENIOR_MANAGER', 0)],
      referralsByOutcome: [
        c('NO_ACTION', 0),
        c('INFORMAL_ACTION', 0),
        c('FORMAL_INVESTIGATION', 0),
        c('FORMAL_ACTION', 0),
        c('REGULATOR_NOTIFIED', 0),
      ],
      courtNotifications: c('TOTAL', 0),
      ombudsmanEscalations: c('TOTAL', 0),
      ombudsmanOutcomes: [c('UPHELD', 0), c('PARTLY_UPHELD', 0), lt5('NOT_UPHELD'), c('RESOLVED_WITHOUT_FINDING', 0)],
      compliments: lt5('TOTAL'),
      learningPointsOpened: lt5('TOTAL'),
      learningPointsClosed: c('TOTAL', 0),
    });
  });

  it('counts working days to respond without weekends, bank holidays or the holidays an administrator added', async () => {
    const median = async (day: string) =>
      (await stats({ from: day, to: day }, w.tokens.manager)).medianWorkingDaysToRespond;
    expect(await median('2026-09-01')).toEqual(m(15, '15')); // c5: 10 Aug → 1 Sep, without the bank holiday on 31 Aug
    expect(await median('2026-09-30')).toEqual(m(20, '20')); // c8: 1 Sep → 30 Sep, without the added holiday on 14 Sep
    expect(await median('2026-07-08')).toEqual(m(17, '17')); // c12: 15 Jun → 8 Jul, started before the period
  });

  it('shows a senior manager the same exact figures as a CST manager', async () => {
    expect(await stats({ ...Q3, area: areaB.id }, w.tokens.head)).toMatchObject({
      smallCountsSuppressed: false,
      received: c('TOTAL', 2),
      medianWorkingDaysToRespond: m(10, '10'),
      childrensShare: m(0, '0.0%'),
    });
  });

  it('computes the figures in one statement (and one more to look up the service area)', async () => {
    const statements = async (variables: Record<string, unknown>) => {
      const before = totalStatements();
      await stats(variables, w.tokens.manager);
      return totalStatements() - before;
    };
    const baseline = await (async () => {
      const before = totalStatements();
      await w.gw.query('{ me { role } }', {}, w.tokens.manager);
      return totalStatements() - before;
    })();
    expect((await statements(Q3)) - baseline).toBeLessThanOrEqual(1);
    expect((await statements({ ...Q3, area: w.area.id })) - baseline).toBeLessThanOrEqual(2);
  });

  it('refuses bad input as BAD_USER_INPUT naming the argument', async () => {
    const bad = async (variables: Record<string, unknown>) => {
      const result = await w.gw.query(STATS, variables, w.tokens.manager);
      expect(result.data?.complaintStatistics ?? null).toBeNull();
      return result.errors?.map((e) => ({ code: e.extensions?.code, field: e.extensions?.field, message: e.message }));
    };
    expect(await bad({ from: '2026-09-30', to: '2026-07-01' })).toEqual([
      { code: 'BAD_USER_INPUT', field: 'to', message: 'to (2026-07-01) is before from (2026-09-30)' },
    ]);
    expect(await bad({ from: '2021-07-01', to: '2026-07-01' })).toEqual([
      { code: 'BAD_USER_INPUT', field: 'to', message: expect.stringMatching(/at most 5 years/) },
    ]);
    expect(await bad({ ...Q3, area: 'Midlands' })).toEqual([
      { code: 'BAD_USER_INPUT', field: 'serviceAreaId', message: 'serviceAreaId is not a valid id' },
    ]);
    expect(await bad({ ...Q3, area: '00000000-0000-4000-8000-000000000000' })).toEqual([
      {
        code: 'BAD_USER_INPUT',
        field: 'serviceAreaId',
        message: 'no service area has the id "00000000-0000-4000-8000-000000000000"',
      },
    ]);
    const notADate = await bad({ from: '2026-02-30', to: '2026-09-30' });
    expect(notADate?.[0].code).toBe('BAD_USER_INPUT');
    expect(notADate?.[0].message).toMatch(/\$from/);
    // Exactly five years is allowed.
    expect(
      (await w.gw.query(STATS, { from: '2021-10-01', to: '2026-09-30' }, w.tokens.manager)).errors,
    ).toBeUndefined();
  });

  it('is refused to roles outside SPEC §3', async () => {
    for (const token of [w.tokens.officer, w.tokens.lineManager, w.tokens.practitioner]) {
      const result = await w.gw.query(STATS, Q3, token);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('the rules of the figures (src/domain/statistics.ts)', () => {
  it.each([
    // n, suppressed?, count, display
    [0, true, 0, '0'],
    [1, true, null, '<5'],
    [4, true, null, '<5'],
    [5, true, 5, '5'],
    [1234, true, 1234, '1234'],
    [0, false, 0, '0'],
    [1, false, 1, '1'],
    [4, false, 4, '4'],
    [5, false, 5, '5'],
  ])('shows a count of %i (suppressing: %s) as %s / %s', (n, suppress, count, display) => {
    expect(showCount('K', n, suppress)).toEqual({ key: 'K', count, display });
  });

  it.each([
    // part, whole, suppressed?, value, display
    [0, 0, false, null, 'n/a'],
    [0, 0, true, null, 'n/a'],
    [1, 3, false, 33.3, '33.3%'],
    [1, 3, true, null, 'suppressed'],
    [2, 3, false, 66.7, '66.7%'],
    [3, 200, true, null, 'suppressed'],
    [0, 4, true, null, 'suppressed'],
    [0, 5, true, 0, '0.0%'],
    [5, 5, true, 100, '100.0%'],
    [5, 10, true, 50, '50.0%'],
    [5, 6, true, null, 'suppressed'],
    [195, 200, true, 97.5, '97.5%'],
    [199, 200, true, null, 'suppressed'],
    [199, 200, false, 99.5, '99.5%'],
  ])('shows %i of %i (suppressing: %s) as %s / %s', (part, whole, suppress, value, display) => {
    expect(showRate(part, whole, suppress)).toEqual({ value, display });
  });

  it.each([
    // median, group size, suppressed?, value, display
    [null, 0, true, null, 'n/a'],
    [10, 1, false, 10, '10'],
    [10, 1, true, null, 'suppressed'],
    [12.5, 4, true, null, 'suppressed'],
    [12.5, 5, true, 12.5, '12.5'],
    [12.25, 8, false, 12.3, '12.3'],
  ])('shows a median of %s over %i (suppressing: %s) as %s / %s', (median, size, suppress, value, display) => {
    expect(showMedian(median, size, suppress)).toEqual({ value, display });
  });

  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
    [' 2028-Q1 ', '2028-01-01', '2028-03-31'],
  ])('reads the quarter %s as %s to %s', (text, from, to) => {
    expect(parseQuarter(text)).toEqual({ from, to });
  });

  it.each(['2026-Q5', '2026-Q0', '2026Q3', '26-Q3', 'Q3-2026', ''])('refuses "%s" as a quarter', (text) => {
    expect(() => parseQuarter(text)).toThrow(RangeError);
  });

  it.each([
    ['2026-07-01', '2026-09-30', null],
    ['2026-07-01', '2026-07-01', null],
    ['2021-10-01', '2026-09-30', null],
    ['2026-09-30', '2026-07-01', 'to'],
    ['2021-09-30', '2026-09-30', 'to'],
    ['2026-02-30', '2026-09-30', 'from'],
    ['2026-07-01', 'soon', 'to'],
  ])('checks the period %s to %s (wrong: %s)', (from, to, field) => {
    expect(periodProblem(from, to)?.field ?? null).toBe(field);
  });

  it('presents figures exactly or suppressed from the same numbers', () => {
    const figures: StatisticsFigures = {
      from: '2026-07-01',
      to: '2026-09-30',
      received: 12,
      receivedByCategory: [],
      receivedByChannel: [
        { key: 'EMAIL', count: 9 },
        { key: 'PHONE', count: 3 },
      ],
      receivedByStatus: [],
      receivedByComplainantKind: [
        { key: 'ADULT_PARTY', count: 10 },
        { key: 'CHILD', count: 2 },
      ],
      receivedByTriageOutcome: [],
      acknowledgements: [
        { key: 'ON_TIME', count: 10 },
        { key: 'LATE', count: 2 },
        { key: 'NOT_YET_DUE', count: 0 },
      ],
      responsesSent: 4,
      responsesAgainstDueDate: [
        { key: 'ON_TIME', count: 4 },
        { key: 'LATE', count: 0 },
      ],
      responsesAgainstOriginalDueDate: [],
      medianWorkingDaysToRespond: 14.5,
      extensions: 0,
      referralsByLevel: [],
      referralsByOutcome: [],
      courtNotifications: 6,
      ombudsmanEscalations: 0,
      ombudsmanOutcomes: [],
      compliments: 1,
      learningPointsOpened: 0,
      learningPointsClosed: 0,
    };
    const exact = presentStatistics(figures, false);
    expect(exact).toMatchObject({
      smallCountsSuppressed: false,
      receivedByChannel: [c('EMAIL', 9), c('PHONE', 3)],
      childrensShare: m(16.7, '16.7%'),
      acknowledgedOnTime: m(83.3, '83.3%'),
      respondedOnTime: m(100, '100.0%'),
      respondedOnTimeAgainstOriginalDueDate: m(null, 'n/a'),
      medianWorkingDaysToRespond: m(14.5, '14.5'),
      compliments: c('TOTAL', 1),
    });
    const suppressed = presentStatistics(figures, true);
    expect(suppressed).toMatchObject({
      smallCountsSuppressed: true,
      receivedByChannel: [c('EMAIL', 9), lt5('PHONE')],
      childrensShare: m(null, 'suppressed'),
      acknowledgedOnTime: m(null, 'suppressed'),
      respondedOnTime: m(null, 'suppressed'),
      medianWorkingDaysToRespond: m(null, 'suppressed'),
      courtNotifications: c('TOTAL', 6),
      compliments: lt5('TOTAL'),
    });
  });
});
