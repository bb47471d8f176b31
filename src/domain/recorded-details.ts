/**
 * What is recorded about a complaint and its complainant (SPEC §1.1–1.2), checked the same way at
 * intake and when a record is corrected: the complainant's contact details and whether the preferred
 * contact method can be used, the summary, and the member of staff a staff-not-case complaint is about.
 */
import { ComplainantKind, type ContactMethod } from './enums';
import { UserErrorCode, type Problems } from './problems';
import { LONG_TEXT, SHORT_TEXT, optionalText, requiredText } from './validation';

/** The contact details a complainant has, in the order they are checked. */
export const CONTACT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'address', 'preferredContact'] as const;

export type ContactField = (typeof CONTACT_FIELDS)[number];

export interface ContactDetails {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  preferredContact: ContactMethod | null;
}

/** Details as given: absent (undefined) is not given; null clears an optional one. */
export type ContactInput = { [K in ContactField]?: ContactDetails[K] | null };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An input path for a field, e.g. `input.complainant.email`. */
export type FieldPath = (name: string) => string;

/**
 * The details given, checked (names required, at most SHORT_TEXT, an email that looks like one);
 * details not given are neither checked nor returned.
 */
export function checkContactDetails(problems: Problems, path: FieldPath, input: ContactInput): Partial<ContactDetails> {
  const values: Partial<ContactDetails> = {};
  for (const field of CONTACT_FIELDS) {
    const given = input[field];
    if (given === undefined) continue;
    if (field === 'preferredContact') {
      values.preferredContact = (given as ContactMethod | null) ?? null;
    } else if (field === 'firstName' || field === 'lastName') {
      values[field] = requiredText(problems, path(field), given, SHORT_TEXT);
    } else {
      values[field] = optionalText(problems, path(field), given, SHORT_TEXT);
    }
  }
  if (values.email && !EMAIL.test(values.email))
    problems.add(UserErrorCode.INVALID, path('email'), `${path('email')} is not an email address`);
  return values;
}

/** The detail each preferred contact method needs (SPEC §1.8, §4: a letter goes to an address). */
export const NEEDED_FOR: Record<ContactMethod, 'email' | 'phone' | 'address' | null> = {
  EMAIL: 'email',
  PHONE: 'phone',
  LETTER: 'address',
  IN_PERSON: null,
};

const WHAT: Record<'email' | 'phone' | 'address', string> = {
  email: 'an email address',
  phone: 'a phone number',
  address: 'a postal address',
};

/**
 * The preferred contact method can be used: EMAIL needs an email address, PHONE a phone number,
 * LETTER a postal address. Checked when the method or the detail it needs is among `touched` (what
 * the user gave), so a record that predates the rule is not refused for a change that leaves both
 * alone; the problem names the detail when it was cleared, else the method.
 */
export function checkReachable(
  problems: Problems,
  path: FieldPath,
  details: Pick<ContactDetails, 'preferredContact' | 'email' | 'phone' | 'address'>,
  touched: readonly ContactField[],
): void {
  const method = details.preferredContact;
  const needed = method ? NEEDED_FOR[method] : null;
  if (!method || !needed || details[needed]) return;
  if (!touched.includes(needed) && !touched.includes('preferredContact')) return;
  const field = touched.includes(needed) ? needed : 'preferredContact';
  problems.add(
    UserErrorCode.INVALID,
    path(field),
    `the complainant's preferred contact is ${method}: give ${WHAT[needed]}, or another preferred contact`,
  );
}

/** The complaint in the complainant's words: required, at most LONG_TEXT. */
export function checkSummary(problems: Problems, field: string, value: string | null | undefined): string {
  return requiredText(problems, field, value, LONG_TEXT);
}

/** A complaint about a member of staff unrelated to a case names them (§2.3). */
export function checkSubjectNamed(
  problems: Problems,
  field: string,
  kind: ComplainantKind,
  subjectStaffId: string | null | undefined,
): void {
  if (kind === ComplainantKind.STAFF_NOT_CASE && !subjectStaffId)
    problems.add(UserErrorCode.INVALID, field, 'name the member of staff complained about');
}
