/** Triage eligibility and who complains, table by table (src/domain/triage.ts, src/domain/complainant-kind.ts). */
import { describe, expect, it } from 'vitest';
import { A_CHILD, answeredOutsideProcedure, firstNameFor, isServiceUser } from '../src/domain/complainant-kind';
import { ComplainantKind as K, NotAcceptedReason as R, Role, TriageOutcome as O } from '../src/domain/enums';
import { Problems } from '../src/domain/problems';
import { checkTriage, outOfTime, ownedByLineManager, takesLocalManager, type TriageFacts } from '../src/domain/triage';

describe('who complains', () => {
  it.each([
    [K.ADULT_PARTY, true, false],
    [K.CHILD, true, false],
    [K.NON_PARTY, false, true],
    [K.STAFF_NOT_CASE, false, true],
    [K.PROFESSIONAL, false, true],
  ])('%s: service user %s, answered outside the procedure %s', (kind, serviceUser, outside) => {
    expect([isServiceUser(kind), answeredOutsideProcedure(kind)]).toEqual([serviceUser, outside]);
  });
});

describe("the first name a role is shown (SPEC §3: a provider is never told a child's name)", () => {
  it.each([
    [Role.PROVIDER, K.CHILD, A_CHILD],
    [Role.PROVIDER, K.ADULT_PARTY, 'Robin'],
    [Role.PROVIDER, K.NON_PARTY, 'Robin'],
    [Role.PROVIDER, K.PROFESSIONAL, 'Robin'],
    [Role.CST_OFFICER, K.CHILD, 'Robin'],
    [Role.PRACTITIONER, K.CHILD, 'Robin'],
    [Role.LINE_MANAGER, K.CHILD, 'Robin'],
    [undefined, K.ADULT_PARTY, 'Robin'],
  ])('%s, %s complainant: %s', (role, kind, shown) => {
    expect(firstNameFor(role, { kind, firstName: 'Robin' })).toBe(shown);
  });
});

describe('out of time: received more than six calendar months after involvement ended (§3.2)', () => {
  it.each([
    ['2026-11-04', null, false],
    ['2026-11-04', '2026-05-04', false],
    ['2026-11-05', '2026-05-04', true],
    // Six months after 31 August is the end of February.
    ['2027-02-28', '2026-08-31', false],
    ['2027-03-01', '2026-08-31', true],
  ])('received %s, involvement ended %s → %s', (received, ended, expected) => {
    expect(outOfTime(received, ended)).toBe(expected);
  });
});

const IN_TIME: TriageFacts = {
  outcome: O.ACCEPTED,
  kind: K.ADULT_PARTY,
  reference: 'CMP-2026-000001',
  involvementEndedOn: null,
  receivedOn: '2026-11-04',
  byCstManager: false,
  childContacted: false,
  notAcceptedReason: null,
  explanation: null,
  exceptionalCircumstances: null,
  providerNamed: false,
  localManagerNamed: false,
};
const LATE = { involvementEndedOn: '2026-01-05' };
const REFUSED = { outcome: O.NOT_ACCEPTED, explanation: 'Why not.' };

function problems(change: Partial<TriageFacts>): string[] {
  const found = new Problems();
  checkTriage({ ...IN_TIME, ...change }, found);
  return found.errors.map((e) => `${e.code} ${e.field}`);
}

describe('checkTriage', () => {
  it.each<[string, Partial<TriageFacts>, string[]]>([
    ['a service user accepted in time', {}, []],
    ['a service user to local resolution', { outcome: O.LOCAL_RESOLUTION, localManagerNamed: true }, []],
    ['a service user outside the procedure', { outcome: O.OUTSIDE_PROCEDURE }, ['INVALID input.outcome']],
    ['a non-party outside the procedure', { kind: K.NON_PARTY, outcome: O.OUTSIDE_PROCEDURE }, []],
    [
      'a professional with a local manager',
      { kind: K.PROFESSIONAL, outcome: O.OUTSIDE_PROCEDURE, localManagerNamed: true },
      [],
    ],
    ['a non-party accepted', { kind: K.NON_PARTY }, ['INVALID input.outcome']],
    [
      'staff (no case) referred to a provider',
      { kind: K.STAFF_NOT_CASE, outcome: O.REFERRED_TO_PROVIDER },
      ['INVALID input.outcome'],
    ],
    ['a professional not accepted', { kind: K.PROFESSIONAL, ...REFUSED, notAcceptedReason: R.ABUSIVE }, []],
    ['late, accepted by an officer', LATE, ['NOT_PERMITTED input.outcome']],
    [
      'late, accepted by a manager without circumstances',
      { ...LATE, byCstManager: true },
      ['INVALID input.exceptionalCircumstances'],
    ],
    [
      'late, accepted by a manager with circumstances',
      { ...LATE, byCstManager: true, exceptionalCircumstances: 'In hospital' },
      [],
    ],
    [
      'late, to local resolution by an officer',
      { ...LATE, outcome: O.LOCAL_RESOLUTION, localManagerNamed: true },
      ['NOT_PERMITTED input.outcome'],
    ],
    [
      'circumstances when in time',
      { byCstManager: true, exceptionalCircumstances: 'In hospital' },
      ['INVALID input.exceptionalCircumstances'],
    ],
    [
      'not accepted without reason or explanation',
      { outcome: O.NOT_ACCEPTED },
      ['INVALID input.notAcceptedReason', 'INVALID input.explanation'],
    ],
    ['a reason with another outcome', { notAcceptedReason: R.ABUSIVE }, ['INVALID input.notAcceptedReason']],
    [
      'unreasonably persistent, by an officer',
      { ...REFUSED, notAcceptedReason: R.UNREASONABLY_PERSISTENT },
      ['NOT_PERMITTED input.notAcceptedReason'],
    ],
    [
      'unreasonably persistent, by a manager',
      { ...REFUSED, notAcceptedReason: R.UNREASONABLY_PERSISTENT, byCstManager: true },
      [],
    ],
    ['out of time when in time', { ...REFUSED, notAcceptedReason: R.OUT_OF_TIME }, ['INVALID input.notAcceptedReason']],
    ['out of time when late', { ...REFUSED, ...LATE, notAcceptedReason: R.OUT_OF_TIME }, []],
    [
      'a child out of time before contact',
      { ...REFUSED, ...LATE, kind: K.CHILD, notAcceptedReason: R.OUT_OF_TIME },
      ['NOT_PERMITTED input.notAcceptedReason'],
    ],
    [
      'a child out of time after contact',
      { ...REFUSED, ...LATE, kind: K.CHILD, childContacted: true, notAcceptedReason: R.OUT_OF_TIME },
      [],
    ],
    ['a provider named when accepting', { providerNamed: true }, ['INVALID input.providerId']],
    ['a provider named when referring', { outcome: O.REFERRED_TO_PROVIDER, providerNamed: true }, []],
    ['a local manager named when accepting', { localManagerNamed: true }, ['INVALID input.localManagerId']],
    ['staff (no case) outside the procedure', { kind: K.STAFF_NOT_CASE, outcome: O.OUTSIDE_PROCEDURE }, []],
    [
      'staff (no case) outside the procedure with a local manager',
      { kind: K.STAFF_NOT_CASE, outcome: O.OUTSIDE_PROCEDURE, localManagerNamed: true },
      ['INVALID input.localManagerId'],
    ],
  ])('%s', (_case, change, expected) => {
    expect(problems(change)).toEqual(expected);
  });
});

describe('ownedByLineManager: a staff-not-case complaint outside the procedure (§2.3)', () => {
  it.each([
    [K.STAFF_NOT_CASE, O.OUTSIDE_PROCEDURE, true],
    [K.STAFF_NOT_CASE, O.NOT_ACCEPTED, false],
    [K.NON_PARTY, O.OUTSIDE_PROCEDURE, false],
    [K.PROFESSIONAL, O.OUTSIDE_PROCEDURE, false],
    [K.ADULT_PARTY, O.ACCEPTED, false],
  ])('%s, %s → %s', (kind, outcome, expected) => {
    expect(ownedByLineManager(kind, outcome)).toBe(expected);
  });
});

describe('takesLocalManager', () => {
  it.each([
    [O.LOCAL_RESOLUTION, false, true],
    [O.LOCAL_RESOLUTION, true, true],
    [O.OUTSIDE_PROCEDURE, true, true],
    [O.OUTSIDE_PROCEDURE, false, false],
    [O.ACCEPTED, true, false],
  ])('%s, named %s → %s', (outcome, named, expected) => {
    expect(takesLocalManager(outcome, named)).toBe(expected);
  });
});
