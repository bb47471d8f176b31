/**
 * What is recorded, checked alike at intake and when corrected, and what naming another member of
 * staff re-routes or refuses, table by table (src/domain/recorded-details.ts, subject-change.ts).
 */
import { describe, expect, it } from 'vitest';
import { ComplaintStatus as S, ContactMethod as C, ResponseStatus as R } from '../src/domain/enums';
import { Problems } from '../src/domain/problems';
import {
  checkContactDetails,
  checkReachable,
  type ContactDetails,
  type ContactField,
  type ContactInput,
} from '../src/domain/recorded-details';
import { subjectChangeEffects, type SubjectChangeFacts } from '../src/domain/subject-change';

const path = (name: string) => `input.${name}`;
const fields = (p: Problems) => Object.fromEntries(p.errors.map((e) => [e.field, e.code]));

describe('contact details: only those given are checked and returned', () => {
  it.each<[ContactInput, Partial<ContactDetails>, Record<string, string>]>([
    [{}, {}, {}],
    [{ firstName: ' Jo ' }, { firstName: 'Jo' }, {}],
    [{ firstName: null }, { firstName: '' }, { 'input.firstName': 'INVALID' }],
    [{ lastName: 'x'.repeat(501) }, { lastName: 'x'.repeat(501) }, { 'input.lastName': 'INVALID' }],
    [{ email: '' }, { email: null }, {}],
    [{ email: 'jo@example' }, { email: 'jo@example' }, { 'input.email': 'INVALID' }],
    [{ phone: null, address: ' 1 High St ' }, { phone: null, address: '1 High St' }, {}],
    [{ preferredContact: null }, { preferredContact: null }, {}],
    [{ preferredContact: C.LETTER }, { preferredContact: C.LETTER }, {}],
  ])('%j → %j %j', (input, values, problems) => {
    const p = new Problems();
    expect(checkContactDetails(p, path, input)).toEqual(values);
    expect(fields(p)).toEqual(problems);
  });
});

describe('the preferred contact stays usable, checked when it or what it needs is touched', () => {
  type Reachable = Record<'email' | 'phone' | 'address', string | null>;
  const NONE: Reachable = { email: null, phone: null, address: null };
  it.each<[C | null, Partial<Reachable>, ContactField[], string | null]>([
    [C.EMAIL, { email: 'a@b.org' }, ['preferredContact'], null],
    [C.EMAIL, {}, ['preferredContact'], 'input.preferredContact'],
    [C.EMAIL, {}, ['email'], 'input.email'],
    [C.EMAIL, {}, ['email', 'preferredContact'], 'input.email'],
    // A record that predates the rule is not refused for a change that leaves both alone.
    [C.EMAIL, {}, ['firstName', 'phone'], null],
    [C.PHONE, {}, ['phone'], 'input.phone'],
    [C.PHONE, { phone: '07700 900123' }, ['preferredContact'], null],
    [C.LETTER, {}, ['address'], 'input.address'],
    [C.LETTER, { address: '1 High St' }, ['address', 'preferredContact'], null],
    [C.IN_PERSON, {}, ['preferredContact', 'email', 'phone', 'address'], null],
    [null, {}, ['preferredContact', 'email'], null],
  ])('%s with %j, touched %j → %s', (method, details, touched, field) => {
    const p = new Problems();
    checkReachable(p, path, { preferredContact: method, ...NONE, ...details }, touched);
    expect(p.errors.map((e) => e.field)).toEqual(field ? [field] : []);
  });
});

describe('naming another member of staff', () => {
  const NEW = 'new-subject';
  const BASE: SubjectChangeFacts = {
    subjectId: NEW,
    status: S.ASSESSED,
    ownerId: null,
    localManagerId: null,
    response: null,
    openReferralRecipients: [],
  };
  it.each<[string, Partial<SubjectChangeFacts>, { reRouteOwner: boolean; reRouteApprover: boolean }, boolean]>([
    ['nothing of theirs', {}, { reRouteOwner: false, reRouteApprover: false }, false],
    ['the owner', { ownerId: NEW }, { reRouteOwner: true, reRouteApprover: false }, false],
    [
      'the approver asked',
      { response: { status: R.AWAITING_APPROVAL, approverId: NEW } },
      { reRouteOwner: false, reRouteApprover: true },
      false,
    ],
    [
      'someone else asked to approve',
      { response: { status: R.AWAITING_APPROVAL, approverId: 'other' } },
      { reRouteOwner: false, reRouteApprover: false },
      false,
    ],
    [
      'the approver who approved',
      { response: { status: R.APPROVED, approverId: NEW } },
      { reRouteOwner: false, reRouteApprover: false },
      true,
    ],
    [
      'the local manager answering',
      { status: S.LOCAL_RESOLUTION, localManagerId: NEW },
      { reRouteOwner: false, reRouteApprover: false },
      true,
    ],
    [
      'the local manager who answered',
      { status: S.RESOLVED_LOCALLY, localManagerId: NEW },
      { reRouteOwner: false, reRouteApprover: false },
      false,
    ],
    [
      'a recipient of an open referral',
      { openReferralRecipients: ['other', null, NEW] },
      { reRouteOwner: false, reRouteApprover: false },
      true,
    ],
  ])('%s', (_what, facts, effects, refused) => {
    const p = new Problems();
    expect(subjectChangeEffects({ ...BASE, ...facts }, p, 'input.subjectStaffId')).toEqual(effects);
    expect(fields(p)).toEqual(refused ? { 'input.subjectStaffId': 'NOT_PERMITTED' } : {});
  });
});
