/** The retention rule (SPEC §1.12) as a table: which complaints are due for anonymisation, and from when. */
import { describe, expect, it } from 'vitest';
import { addDays } from '../src/domain/calendar-date';
import { ComplaintStatus as S } from '../src/domain/enums';
import {
  closureDate,
  latestEligibleClosure,
  retainedUntil,
  retentionDecision,
  RetentionBlock as B,
  type RetentionFacts,
} from '../src/domain/retention';

const at = (iso: string) => new Date(iso);
const facts = (values: Partial<RetentionFacts>): RetentionFacts => ({
  status: S.CLOSED,
  closedAt: null,
  respondedAt: null,
  triagedAt: null,
  withdrawnAt: null,
  legalHold: false,
  anonymisedAt: null,
  escalations: [],
  ...values,
});

const TODAY = '2032-11-04';

describe('retention decision', () => {
  it.each<[string, Partial<RetentionFacts>, string, B | 'ELIGIBLE', string | null]>([
    // [case, facts, today, decision, closure date]
    [
      'closed more than 6 years ago',
      { respondedAt: at('2026-10-01T10:00:00Z'), closedAt: at('2026-11-02T12:00:00Z') },
      TODAY,
      'ELIGIBLE',
      '2026-11-02',
    ],
    [
      'closed exactly 6 years ago: the last retained day',
      { closedAt: at('2026-11-04T12:00:00Z') },
      TODAY,
      B.RETAINED,
      '2026-11-04',
    ],
    [
      'closed 6 years ago yesterday… the day after the period',
      { closedAt: at('2026-11-03T12:00:00Z') },
      TODAY,
      'ELIGIBLE',
      '2026-11-03',
    ],
    [
      'closure late in the evening counts on its London date (BST)',
      { closedAt: at('2026-07-01T23:30:00Z') },
      '2032-07-02',
      B.RETAINED,
      '2026-07-02',
    ],
    ['closed recently', { closedAt: at('2031-05-01T09:00:00Z') }, TODAY, B.RETAINED, '2031-05-01'],
    [
      '29 February: retained to 28 February',
      { closedAt: at('2028-02-29T12:00:00Z') },
      '2034-02-28',
      B.RETAINED,
      '2028-02-29',
    ],
    [
      '29 February: anonymised from 1 March',
      { closedAt: at('2028-02-29T12:00:00Z') },
      '2034-03-01',
      'ELIGIBLE',
      '2028-02-29',
    ],
    [
      'resolved locally (closed when the reply went)',
      { status: S.RESOLVED_LOCALLY, respondedAt: at('2025-01-10T10:00:00Z'), closedAt: at('2025-01-10T10:00:00Z') },
      TODAY,
      'ELIGIBLE',
      '2025-01-10',
    ],
    [
      'resolved locally without closedAt: the reply date',
      { status: S.RESOLVED_LOCALLY, respondedAt: at('2025-01-10T10:00:00Z') },
      TODAY,
      'ELIGIBLE',
      '2025-01-10',
    ],
    [
      'not accepted: the triage date',
      { status: S.NOT_ACCEPTED, triagedAt: at('2026-03-03T10:00:00Z') },
      TODAY,
      'ELIGIBLE',
      '2026-03-03',
    ],
    [
      'referred to a provider: the triage date',
      { status: S.REFERRED_TO_PROVIDER, triagedAt: at('2027-03-03T10:00:00Z') },
      TODAY,
      B.RETAINED,
      '2027-03-03',
    ],
    [
      'withdrawn after triage: the later date',
      { status: S.WITHDRAWN, triagedAt: at('2026-01-05T10:00:00Z'), withdrawnAt: at('2026-12-01T10:00:00Z') },
      TODAY,
      B.RETAINED,
      '2026-12-01',
    ],
    [
      'withdrawn long ago',
      { status: S.WITHDRAWN, withdrawnAt: at('2020-06-01T10:00:00Z') },
      TODAY,
      'ELIGIBLE',
      '2020-06-01',
    ],
    [
      'responded, court actions outstanding: open',
      { status: S.RESPONDED, respondedAt: at('2020-01-01T10:00:00Z') },
      TODAY,
      B.OPEN,
      null,
    ],
    ['still being handled', { status: S.ASSESSED, triagedAt: at('2020-01-01T10:00:00Z') }, TODAY, B.OPEN, null],
    ['received and never triaged', { status: S.RECEIVED }, TODAY, B.OPEN, null],
    [
      'under a legal hold',
      { closedAt: at('2020-01-01T10:00:00Z'), legalHold: true },
      TODAY,
      B.LEGAL_HOLD,
      '2020-01-01',
    ],
    [
      'anonymised already',
      { closedAt: at('2020-01-01T10:00:00Z'), anonymisedAt: at('2032-01-01T02:30:00Z') },
      TODAY,
      B.ANONYMISED,
      '2020-01-01',
    ],
    ['a final status without any date', { status: S.NOT_ACCEPTED }, TODAY, B.NO_CLOSURE_DATE, null],
    [
      'escalated, the ombudsman not yet decided',
      {
        status: S.ESCALATED_TO_OMBUDSMAN,
        closedAt: at('2020-01-01T10:00:00Z'),
        escalations: [{ outcomeOn: null, recommendationsCompletedOn: [] }],
      },
      TODAY,
      B.OMBUDSMAN_OPEN,
      '2020-01-01',
    ],
    [
      'escalated without an escalation record',
      { status: S.ESCALATED_TO_OMBUDSMAN, closedAt: at('2020-01-01T10:00:00Z') },
      TODAY,
      B.OMBUDSMAN_OPEN,
      '2020-01-01',
    ],
    [
      'escalated, a recommendation outstanding',
      {
        status: S.ESCALATED_TO_OMBUDSMAN,
        closedAt: at('2020-01-01T10:00:00Z'),
        escalations: [{ outcomeOn: '2020-06-01', recommendationsCompletedOn: ['2020-07-01', null] }],
      },
      TODAY,
      B.OMBUDSMAN_OPEN,
      '2020-07-01',
    ],
    [
      'escalated and decided: counts from the outcome',
      {
        status: S.ESCALATED_TO_OMBUDSMAN,
        closedAt: at('2020-01-01T10:00:00Z'),
        escalations: [{ outcomeOn: '2026-12-01', recommendationsCompletedOn: [] }],
      },
      TODAY,
      B.RETAINED,
      '2026-12-01',
    ],
    [
      'escalated, decided and complied with: counts from the last compliance',
      {
        status: S.ESCALATED_TO_OMBUDSMAN,
        closedAt: at('2020-01-01T10:00:00Z'),
        escalations: [{ outcomeOn: '2021-06-01', recommendationsCompletedOn: ['2022-02-01'] }],
      },
      TODAY,
      'ELIGIBLE',
      '2022-02-01',
    ],
  ])('%s', (_, values, today, expected, closedOn) => {
    const decision = retentionDecision(facts(values), today, 6);
    expect(decision.eligible ? 'ELIGIBLE' : decision.reason).toBe(expected);
    expect(decision.closedOn).toBe(closedOn);
    expect(closureDate(facts(values))).toBe(closedOn);
  });

  it('takes the period in years from the setting', () => {
    const closed = facts({ closedAt: at('2030-01-15T10:00:00Z') });
    expect(retentionDecision(closed, TODAY, 6).eligible).toBe(false);
    expect(retentionDecision(closed, TODAY, 2)).toEqual({
      eligible: true,
      closedOn: '2030-01-15',
      retainedUntil: '2032-01-15',
    });
    expect(retainedUntil('2030-01-15', 1)).toBe('2031-01-15');
  });

  it('pre-selects every complaint that can be eligible (the SQL filter never drops one)', () => {
    for (const years of [1, 6, 7]) {
      for (let today = '2031-01-01'; today <= '2033-12-31'; today = addDays(today, 1)) {
        const latest = latestEligibleClosure(today, years);
        // Days around the boundary: anything eligible is on or before the pre-selection date.
        for (let d = -3; d <= 3; d++) {
          const closedOn = addDays(latest, d);
          const eligible = retentionDecision(
            facts({ closedAt: new Date(`${closedOn}T12:00:00Z`) }),
            today,
            years,
          ).eligible;
          if (eligible) expect(closedOn <= latest, `${today} ${years}y ${closedOn}`).toBe(true);
        }
      }
    }
  });
});
