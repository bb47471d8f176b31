/** The vocabulary of SPEC §1–§4: every enum the graph and the tables share. */

export enum ComplaintStatus {
  RECEIVED = 'RECEIVED',
  LOCAL_RESOLUTION = 'LOCAL_RESOLUTION',
  RESOLVED_LOCALLY = 'RESOLVED_LOCALLY',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  REFERRED_TO_PROVIDER = 'REFERRED_TO_PROVIDER',
  OUTSIDE_PROCEDURE = 'OUTSIDE_PROCEDURE',
  ACCEPTED = 'ACCEPTED',
  ASSESSED = 'ASSESSED',
  RESPONSE_DRAFTED = 'RESPONSE_DRAFTED',
  AWAITING_APPROVAL = 'AWAITING_APPROVAL',
  APPROVED = 'APPROVED',
  RESPONDED = 'RESPONDED',
  CLOSED = 'CLOSED',
  ESCALATED_TO_OMBUDSMAN = 'ESCALATED_TO_OMBUDSMAN',
  WITHDRAWN = 'WITHDRAWN',
}

export enum ComplainantKind {
  ADULT_PARTY = 'ADULT_PARTY',
  CHILD = 'CHILD',
  NON_PARTY = 'NON_PARTY',
  STAFF_NOT_CASE = 'STAFF_NOT_CASE',
  PROFESSIONAL = 'PROFESSIONAL',
  /** Not known until the CST completes the intake of a complaint that arrived by email (a draft). */
  UNKNOWN = 'UNKNOWN',
}

export enum Channel {
  IN_PERSON = 'IN_PERSON',
  PHONE = 'PHONE',
  LETTER = 'LETTER',
  EMAIL = 'EMAIL',
}

export enum TriageOutcome {
  ACCEPTED = 'ACCEPTED',
  LOCAL_RESOLUTION = 'LOCAL_RESOLUTION',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  REFERRED_TO_PROVIDER = 'REFERRED_TO_PROVIDER',
  OUTSIDE_PROCEDURE = 'OUTSIDE_PROCEDURE',
}

export enum NotAcceptedReason {
  OUT_OF_TIME = 'OUT_OF_TIME',
  ABUSIVE = 'ABUSIVE',
  REPEAT = 'REPEAT',
  COURT_DECISION = 'COURT_DECISION',
  UNREASONABLY_PERSISTENT = 'UNREASONABLY_PERSISTENT',
}

export enum AspectCategory {
  PROFESSIONAL_JUDGEMENT = 'PROFESSIONAL_JUDGEMENT',
  FACTUAL_ERROR = 'FACTUAL_ERROR',
  CASE_MANAGEMENT = 'CASE_MANAGEMENT',
  STAFF_CONDUCT = 'STAFF_CONDUCT',
  PROVIDER_ACTIONS = 'PROVIDER_ACTIONS',
}

export enum Seriousness {
  STANDARD = 'STANDARD',
  SERIOUS = 'SERIOUS',
}

export enum ReferralLevel {
  NONE = 'NONE',
  LINE_MANAGER_FOR_INFORMATION = 'LINE_MANAGER_FOR_INFORMATION',
  LINE_MANAGER_FOR_ACTION = 'LINE_MANAGER_FOR_ACTION',
  SENIOR_MANAGER = 'SENIOR_MANAGER',
}

export enum ReferralOutcome {
  NO_ACTION = 'NO_ACTION',
  INFORMAL_ACTION = 'INFORMAL_ACTION',
  FORMAL_INVESTIGATION = 'FORMAL_INVESTIGATION',
  FORMAL_ACTION = 'FORMAL_ACTION',
  REGULATOR_NOTIFIED = 'REGULATOR_NOTIFIED',
}

export enum DueReason {
  FIFTEEN_WORKING_DAYS = 'FIFTEEN_WORKING_DAYS',
  BEFORE_HEARING = 'BEFORE_HEARING',
  HEARING_IMMINENT = 'HEARING_IMMINENT',
  CHILD_MEETING = 'CHILD_MEETING',
  OUTSIDE_PROCEDURE = 'OUTSIDE_PROCEDURE',
  EXTENDED = 'EXTENDED',
}

export enum HearingStatus {
  LISTED = 'LISTED',
  POSTPONED = 'POSTPONED',
  ADJOURNED = 'ADJOURNED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}

export enum OmbudsmanOutcome {
  UPHELD = 'UPHELD',
  PARTLY_UPHELD = 'PARTLY_UPHELD',
  NOT_UPHELD = 'NOT_UPHELD',
  RESOLVED_WITHOUT_FINDING = 'RESOLVED_WITHOUT_FINDING',
}

export enum Role {
  CST_OFFICER = 'CST_OFFICER',
  CST_MANAGER = 'CST_MANAGER',
  PRACTITIONER = 'PRACTITIONER',
  LINE_MANAGER = 'LINE_MANAGER',
  SENIOR_MANAGER = 'SENIOR_MANAGER',
  PROVIDER = 'PROVIDER',
  CASE_SYSTEM = 'CASE_SYSTEM',
  HR_SYSTEM = 'HR_SYSTEM',
  ANALYST = 'ANALYST',
}

/** Roles held by members of staff (the others are partner systems). */
export const STAFF_ROLES = [
  Role.CST_OFFICER,
  Role.CST_MANAGER,
  Role.PRACTITIONER,
  Role.LINE_MANAGER,
  Role.SENIOR_MANAGER,
  Role.ANALYST,
] as const;

export enum NotificationChannel {
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
  POST = 'POST',
}

export enum NotificationStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  AWAITING_POST = 'AWAITING_POST',
}

export enum ContactMethod {
  PHONE = 'PHONE',
  LETTER = 'LETTER',
  EMAIL = 'EMAIL',
  IN_PERSON = 'IN_PERSON',
}

/** Where a contact restriction stands: in force until a CST manager lifts it (its review date does not end it). */
export enum ContactRestrictionStatus {
  IN_FORCE = 'IN_FORCE',
  LIFTED = 'LIFTED',
}

export enum CaseStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

export enum PartyRole {
  APPLICANT = 'APPLICANT',
  RESPONDENT = 'RESPONDENT',
  INTERVENER = 'INTERVENER',
}

export enum EvidenceKind {
  DOCUMENT = 'DOCUMENT',
  RECORDING = 'RECORDING',
  PHOTOGRAPH = 'PHOTOGRAPH',
  MESSAGE = 'MESSAGE',
  OTHER = 'OTHER',
}

export enum ResponseStatus {
  DRAFT = 'DRAFT',
  AWAITING_APPROVAL = 'AWAITING_APPROVAL',
  APPROVED = 'APPROVED',
  SENT = 'SENT',
}

export enum ProviderResponseKind {
  JOINT = 'JOINT',
  SEPARATE = 'SEPARATE',
}

export enum CourtNotificationReason {
  PROFESSIONAL_JUDGEMENT = 'PROFESSIONAL_JUDGEMENT',
  FACTUAL_ERROR = 'FACTUAL_ERROR',
  STAFF_CONDUCT = 'STAFF_CONDUCT',
  CHILD_COMPLAINT = 'CHILD_COMPLAINT',
}

export enum ComplimentSource {
  SERVICE_USER = 'SERVICE_USER',
  PROFESSIONAL = 'PROFESSIONAL',
}

export enum LearningPointKind {
  LEARNING_POINT = 'LEARNING_POINT',
  ACTION_POINT = 'ACTION_POINT',
}

export enum RecipientKind {
  COMPLAINANT = 'COMPLAINANT',
  COURT = 'COURT',
  STAFF = 'STAFF',
  PROVIDER = 'PROVIDER',
  HR_SYSTEM = 'HR_SYSTEM',
  CST_MAILBOX = 'CST_MAILBOX',
}

/** What became of a message the inbound mailbox accepted (issue 16). */
export enum InboundMessageStatus {
  /** Stored, not processed yet (or its processing is being retried: see the reason). */
  RECEIVED = 'RECEIVED',
  /** It became a draft complaint. */
  DRAFTED = 'DRAFTED',
  /** It carried a known reference and was attached to that complaint as correspondence. */
  ATTACHED = 'ATTACHED',
  /** Kept aside with the reason (an auto-reply, a bounce, an unreadable encoding): for a CST manager to look at. */
  QUARANTINED = 'QUARANTINED',
}
