/** The pure rules of the procedure, table by table: the state machine and the consequences of assessment. */
import { describe, expect, it } from 'vitest';
import { canTake, OPEN_STATUSES, TRANSITIONS, transition, type Step } from '../src/domain/complaint-status';
import { levelAllowed, planConsequences, type AspectFacts } from '../src/domain/consequences';
import { AspectCategory, ComplaintStatus as S, ReferralLevel, Seriousness } from '../src/domain/enums';
import { Problems } from '../src/domain/problems';

describe('the state machine (SPEC "Statuses and transitions")', () => {
  const allowed: [Step, S, S][] = [
    ['triage', S.RECEIVED, S.RECEIVED],
    ['escalateFromLocalResolution', S.LOCAL_RESOLUTION, S.ACCEPTED],
    ['resolveLocally', S.LOCAL_RESOLUTION, S.RESOLVED_LOCALLY],
    ['sendOutsideProcedureReply', S.OUTSIDE_PROCEDURE, S.RESPONDED],
    ['assess', S.ACCEPTED, S.ASSESSED],
    ['assess', S.ASSESSED, S.ASSESSED],
    ['draftResponse', S.ASSESSED, S.RESPONSE_DRAFTED],
    ['draftResponse', S.RESPONSE_DRAFTED, S.RESPONSE_DRAFTED],
    ['submitResponse', S.RESPONSE_DRAFTED, S.AWAITING_APPROVAL],
    ['approveResponse', S.AWAITING_APPROVAL, S.APPROVED],
    ['returnResponse', S.AWAITING_APPROVAL, S.RESPONSE_DRAFTED],
    ['editApprovedResponse', S.APPROVED, S.RESPONSE_DRAFTED],
    ['editApprovedResponse', S.AWAITING_APPROVAL, S.RESPONSE_DRAFTED],
    ['sendResponse', S.APPROVED, S.RESPONDED],
    ['close', S.RESPONDED, S.CLOSED],
    ['escalateToOmbudsman', S.CLOSED, S.ESCALATED_TO_OMBUDSMAN],
    ['escalateToOmbudsman', S.RESOLVED_LOCALLY, S.ESCALATED_TO_OMBUDSMAN],
    ...OPEN_STATUSES.map((s): [Step, S, S] => ['withdraw', s, S.WITHDRAWN]),
    // An extension from acceptance until the response is sent; evidence unless the complaint was never taken on.
    ...[S.ACCEPTED, S.ASSESSED, S.RESPONSE_DRAFTED, S.AWAITING_APPROVAL, S.APPROVED].map((s): [Step, S, S] => [
      'extendResponseDeadline',
      s,
      s,
    ]),
    ...Object.values(S)
      .filter((s) => ![S.NOT_ACCEPTED, S.REFERRED_TO_PROVIDER, S.WITHDRAWN].includes(s))
      .map((s): [Step, S, S] => ['addEvidence', s, s]),
    // Referring assessed conduct leaves the status as it is.
    ...[
      S.ASSESSED,
      S.RESPONSE_DRAFTED,
      S.AWAITING_APPROVAL,
      S.APPROVED,
      S.RESPONDED,
      S.CLOSED,
      S.ESCALATED_TO_OMBUDSMAN,
    ].map((s): [Step, S, S] => ['refer', s, s]),
  ];

  it.each(allowed)('%s from %s leads to %s', (step, from, to) => {
    expect(transition(step, from)).toBe(to);
  });

  it('refuses every other step from every status with ILLEGAL_TRANSITION', () => {
    let refused = 0;
    for (const step of Object.keys(TRANSITIONS) as Step[]) {
      for (const status of Object.values(S)) {
        if (allowed.some(([st, from]) => st === step && from === status)) continue;
        expect(canTake(step, status), `${step} from ${status}`).toBe(false);
        expect(() => transition(step, status)).toThrow(Problems);
        try {
          transition(step, status);
        } catch (e) {
          expect((e as Problems).errors[0].code).toBe('ILLEGAL_TRANSITION');
        }
        refused += 1;
      }
    }
    expect(refused).toBe(Object.keys(TRANSITIONS).length * Object.values(S).length - allowed.length);
  });

  it('has nothing after NOT_ACCEPTED, REFERRED_TO_PROVIDER or WITHDRAWN', () => {
    for (const status of [S.NOT_ACCEPTED, S.REFERRED_TO_PROVIDER, S.WITHDRAWN]) {
      expect((Object.keys(TRANSITIONS) as Step[]).filter((step) => canTake(step, status))).toEqual([]);
    }
  });
});

describe('consequences of assessment (SPEC §1.5)', () => {
  let n = 0;
  const aspect = (category: AspectCategory, facts: Partial<AspectFacts> = {}): AspectFacts => ({
    id: `a${++n}`,
    category,
    courtReportId: null,
    otherCommunication: null,
    staffId: null,
    seriousness: null,
    referralLevel: null,
    drawToCourt: false,
    providerId: null,
    ...facts,
  });

  it.each([
    [
      'professional judgement → one court notification',
      [aspect(AspectCategory.PROFESSIONAL_JUDGEMENT), aspect(AspectCategory.PROFESSIONAL_JUDGEMENT)],
      ['court-notification:professional-judgement'],
    ],
    [
      'factual error in a report → a report correction',
      [aspect(AspectCategory.FACTUAL_ERROR, { courtReportId: 'r1' })],
      ['report-correction:r1'],
    ],
    [
      'factual error elsewhere → a court notification',
      [aspect(AspectCategory.FACTUAL_ERROR, { otherCommunication: ' Letter of  1 May ' })],
      ['court-notification:factual-error:letter of 1 may'],
    ],
    ['case management → nothing', [aspect(AspectCategory.CASE_MANAGEMENT)], []],
    [
      'conduct → senior referral by default',
      [aspect(AspectCategory.STAFF_CONDUCT, { staffId: 's1', seriousness: Seriousness.STANDARD })],
      ['referral:s1:SENIOR_MANAGER'],
    ],
    [
      'conduct, no referral, drawn to court',
      [aspect(AspectCategory.STAFF_CONDUCT, { staffId: 's1', referralLevel: ReferralLevel.NONE, drawToCourt: true })],
      ['court-notification:staff-conduct:s1'],
    ],
    [
      'conduct for the line manager',
      [
        aspect(AspectCategory.STAFF_CONDUCT, {
          staffId: 's1',
          referralLevel: ReferralLevel.LINE_MANAGER_FOR_INFORMATION,
        }),
      ],
      ['referral:s1:LINE_MANAGER_FOR_INFORMATION'],
    ],
    [
      'provider → an engagement',
      [
        aspect(AspectCategory.PROVIDER_ACTIONS, { providerId: 'p1' }),
        aspect(AspectCategory.PROVIDER_ACTIONS, { providerId: 'p1' }),
      ],
      ['provider-engagement:p1'],
    ],
  ])('%s', (_, aspects, keys) => {
    expect(planConsequences(aspects).map((c) => c.key)).toEqual(keys);
  });

  it('keeps SERIOUS conduct at the senior manager', () => {
    expect(levelAllowed(Seriousness.SERIOUS, ReferralLevel.SENIOR_MANAGER)).toBe(true);
    for (const level of [
      ReferralLevel.NONE,
      ReferralLevel.LINE_MANAGER_FOR_INFORMATION,
      ReferralLevel.LINE_MANAGER_FOR_ACTION,
    ]) {
      expect(levelAllowed(Seriousness.SERIOUS, level)).toBe(false);
      expect(levelAllowed(Seriousness.STANDARD, level)).toBe(true);
    }
  });
});
