/**
 * A child's complaint acknowledged by a contact instead of in writing (§5.1–5.2): when no email or
 * postal address is held for the child, a local manager contacts them by a method that needs none.
 */
import { ContactMethod } from './enums';

/** No written acknowledgement can reach the complainant: neither an email nor a postal address is held. */
export function unreachableInWriting(c: { email: string | null; address: string | null }): boolean {
  return !c.email?.trim() && !c.address?.trim();
}

/**
 * How the local manager contacts such a child: their preferred method when it needs no address;
 * otherwise by phone when a number is held, else in person.
 */
export function contactMethodFor(preferred: ContactMethod | null, phone: string | null): ContactMethod {
  if (preferred === ContactMethod.PHONE || preferred === ContactMethod.IN_PERSON) return preferred;
  return phone?.trim() ? ContactMethod.PHONE : ContactMethod.IN_PERSON;
}

const HOW: Record<ContactMethod, string> = {
  [ContactMethod.PHONE]: 'by phone',
  [ContactMethod.IN_PERSON]: 'in person',
  [ContactMethod.EMAIL]: 'by email',
  [ContactMethod.LETTER]: 'by letter',
};

/** "by phone", "in person", … */
export function contactHow(method: ContactMethod): string {
  return HOW[method];
}

/** What the local manager is asked to do (no name, no detail of the complaint: SPEC §4). */
export function contactTask(method: ContactMethod, preferred: ContactMethod | null): string {
  const why = method === preferred ? ' (their preferred method)' : '';
  return (
    `Contact the child ${HOW[method]}${why} to acknowledge their complaint and to discuss it or arrange to meet, ` +
    'then record the contact.'
  );
}
