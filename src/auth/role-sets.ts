/** Who may use which operation and field (SPEC §3), as named role sets for `@Authorized`. */
import { Role } from '../domain/enums';

const {
  CST_OFFICER: O,
  CST_MANAGER: M,
  SENIOR_MANAGER: S,
  LINE_MANAGER: L,
  PRACTITIONER: P,
  PROVIDER: V,
  HR_SYSTEM: H,
  CASE_SYSTEM: C,
  ANALYST: A,
} = Role;

/**
 * Role sets of SPEC §3, named once. Which rows of a type a role reads is row scoping
 * (src/auth/row-scope.ts); these say which operations and fields it may use at all.
 */
export const ROLE_SETS = {
  /** Read complaints and everything under them (rows: L their reporting line, P their own cases). */
  complaintReaders: [O, M, S, L, P],
  /** A complaint's reference: also providers and the HR system (what they must act on). */
  complaintReference: [O, M, S, L, P, V, H],
  /**
   * What a provider reads of its complaints: the case number, the complainant's first name, its own
   * aspects' text, the response due date, its engagement.
   */
  providerVisible: [O, M, S, L, P, V],
  /** A complaint's case (its number, SPEC §3): also the HR system, for the referrals sent to it. */
  complaintCase: [O, M, S, L, P, V, H],
  /** Complaint queries: every role that reads some complaints. */
  complaintQueries: [O, M, S, L, P, V, H],
  /** An aspect's category and text: also its provider (its own aspects only). */
  aspectTextReaders: [O, M, S, L, P, H, V],
  /** Aspects: complaint readers, and the HR system for the conduct aspects of its referrals. */
  aspectReaders: [O, M, S, L, P, H],
  /** Referrals (rows: L staff they manage, H those sent to it). */
  referralReaders: [O, M, S, L, P, H],
  /** HR outcomes are staff personal data: S; L for staff they manage; H for referred staff. */
  staffPersonalData: [S, L, H],
  /** Names and roles of staff: everyone but providers (an analyst: only themself). */
  staffDirectory: [O, M, S, L, P, C, H, A],
  /** Read the case file (rows: P their own cases, C the cases it sent). */
  caseFileReaders: [O, M, S, L, P, C],
  /** Case queries and the case number: also providers and the HR system, for the complaints they see. */
  caseNumberReaders: [O, M, S, L, P, C, V, H],
  /** Special-category data (ethnicity, disability): never P, V, C, A. */
  specialCategory: [O, M, S, L],
  /** Reasonable adjustments: P too, on their own cases. */
  adjustmentReaders: [O, M, S, L, P],
  /** `auditTrail`. */
  auditReaders: [M, S],
  /**
   * Intake, triage, evidence, assessment, referral, corrections, responses, extensions, withdrawal,
   * ombudsman records.
   */
  caseHandlers: [O, M],
  /** Who handles what: the CST's caseload (open complaints and next due date per officer). */
  caseload: [O, M, S],
  /** The CST manager's own decisions: out of time, unreasonably persistent, contact restrictions, holidays. */
  cstManagers: [M],
  /** Approving and returning responses. */
  approvers: [S],
  /** Drafting the replies they answer (local resolution, staff-not-case, children) as well as the CST. */
  replyDrafters: [O, M, L, S],
  /** `recordChildContact`, compliments and learning points (recording and reading). */
  staffRecorders: [O, M, L, S],
  /** `recordReferralOutcome`. */
  referralOutcomeRecorders: [L, S, H],
  /** `notifications` of complaints they can read. */
  notificationReaders: [O, M, S],
  /** `complaintStatistics` and the quarterly report: aggregates only (ANALYST with small counts suppressed). */
  statistics: [M, S, A],
  /** `upsertCaseFile`: the case management system pushes the case file. */
  caseSystem: [C],
  /** `submitProviderResponse`: a provider gives its side (its own engagements only). */
  providers: [V],
} satisfies Record<string, Role[]>;
