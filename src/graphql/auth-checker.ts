/**
 * Declarative access (STYLE §13): `@Authorized(...roles)` on operations and sensitive fields.
 * Every operation is authenticated; row scoping lives in the services' queries.
 */
import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import { AuthError } from '../auth/identity';
import { Role } from '../domain/enums';
import type { Context } from './context';

export class RoleAuthChecker implements AuthCheckerInterface<Context, Role> {
  check({ context }: ResolverData<Context>, roles: Role[]): boolean {
    if (!context.identity) throw new AuthError('UNAUTHENTICATED', 'a bearer token is required');
    if (roles.length === 0) return true; // @Authorized() alone: any authenticated caller
    if (roles.includes(context.identity.role)) return true;
    throw new AuthError('FORBIDDEN', 'your role may not use this field');
  }
}

/** Role sets of SPEC §3, named once. */
export const ROLE_SETS = {
  /** Read complaints and everything under them (row scoping for L, P, V, H comes with the partner API). */
  complaintReaders: [Role.CST_OFFICER, Role.CST_MANAGER, Role.SENIOR_MANAGER],
  /** Read the case file. */
  caseFileReaders: [Role.CST_OFFICER, Role.CST_MANAGER, Role.SENIOR_MANAGER, Role.LINE_MANAGER],
  /** `auditTrail`. */
  auditReaders: [Role.CST_MANAGER, Role.SENIOR_MANAGER],
  /** Intake, triage, evidence, assessment, referral, corrections, responses, extensions, withdrawal, ombudsman records. */
  caseHandlers: [Role.CST_OFFICER, Role.CST_MANAGER],
  /** The CST manager's own decisions: out of time, unreasonably persistent, contact restrictions, holidays. */
  cstManagers: [Role.CST_MANAGER],
  /** Approving and returning responses. */
  approvers: [Role.SENIOR_MANAGER],
  /** Drafting the replies they answer (local resolution, staff-not-case, children) as well as the CST. */
  replyDrafters: [Role.CST_OFFICER, Role.CST_MANAGER, Role.LINE_MANAGER, Role.SENIOR_MANAGER],
  /** `recordChildContact`, compliments and learning points. */
  staffRecorders: [Role.CST_OFFICER, Role.CST_MANAGER, Role.LINE_MANAGER, Role.SENIOR_MANAGER],
  /** `recordReferralOutcome`. */
  referralOutcomeRecorders: [Role.LINE_MANAGER, Role.SENIOR_MANAGER, Role.HR_SYSTEM],
  /** `notifications` of complaints they can read. */
  notificationReaders: [Role.CST_OFFICER, Role.CST_MANAGER, Role.SENIOR_MANAGER],
} satisfies Record<string, Role[]>;
