/**
 * Who complains decides how the complaint is answered (procedure §2.2, §2.3, footnote 2): a
 * service user (a party or a child of the case) through the procedure, about their case; anyone
 * else outside it.
 */
import { ComplainantKind, Role } from './enums';

/** Parties and children of a case: their complaints concern that case and go through the procedure. */
const SERVICE_USER_KINDS: readonly ComplainantKind[] = [ComplainantKind.ADULT_PARTY, ComplainantKind.CHILD];

/** Non-parties, staff complaining about a colleague outside a case, and professionals. */
const OUTSIDE_PROCEDURE_KINDS: readonly ComplainantKind[] = [
  ComplainantKind.NON_PARTY,
  ComplainantKind.STAFF_NOT_CASE,
  ComplainantKind.PROFESSIONAL,
];

export function isServiceUser(kind: ComplainantKind): boolean {
  return SERVICE_USER_KINDS.includes(kind);
}

export function answeredOutsideProcedure(kind: ComplainantKind): boolean {
  return OUTSIDE_PROCEDURE_KINDS.includes(kind);
}

/** How a provider is shown a child complainant's name (SPEC §3: no child identity). */
export const A_CHILD = 'a child';

/**
 * The complainant's first name as `role` may see it: a provider sees an adult's first name and
 * "a child" for a child; staff see the name.
 */
export function firstNameFor(
  role: Role | undefined,
  complainant: { kind: ComplainantKind; firstName: string },
): string {
  return role === Role.PROVIDER && complainant.kind === ComplainantKind.CHILD ? A_CHILD : complainant.firstName;
}
