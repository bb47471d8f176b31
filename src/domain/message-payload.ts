/**
 * What a message may carry, by kind of recipient (SPEC §4, §5): the court and the complainant may
 * be sent the complaint and the response (FPR r.12.73); everyone else only the reference, what to
 * do, a due date and a link, never child names, report content or free text. Messages about records
 * that are not one complaint (compliments, contact restrictions) carry a link to the record instead.
 */

/** What any message may carry. */
export interface BasePayload {
  reference: string;
  /** Link to the complaint in the gateway's frontends. */
  link: string;
  /** What the recipient must do, in one sentence. */
  action?: string;
  dueOn?: string | null;
}

/** Only for the court (case number, next hearing, the complaint and the response). */
export interface CourtPayload extends BasePayload {
  caseNumber: string | null;
  nextHearingOn: string | null;
  reason: string;
  complaintSummary?: string;
  responseText?: string | null;
}

/** Only for the complainant, about their own complaint. */
export interface ComplainantPayload extends BasePayload {
  complainantName: string;
  explanation?: string | null;
  responseText?: string | null;
  newDueOn?: string | null;
  extensionReason?: string | null;
}

/**
 * A message about a record that is not one complaint (a compliment, a contact restriction): a link to
 * the record stands in for the complaint's link, and there is no reference of its own.
 */
export interface RecordPayload {
  /** Link to the record in the gateway's frontends. */
  link: string;
  /** What the recipient must do, in one sentence. */
  action?: string;
  dueOn?: string | null;
  /** The reference of a complaint the record belongs with, when it helps the recipient find it. */
  reference?: string | null;
}

/**
 * To the praised staff member's line manager: who was praised, by what kind of source, and when. Not the
 * compliment's words: a service user's praise may name a child or the proceedings, and the manager reads
 * it through the link (compliments are readable by line managers).
 */
export interface ComplimentPayload extends RecordPayload {
  staffName: string;
  source: string;
  receivedOn: string;
}

/**
 * Only for the complainant, about their own contact restriction (SPEC §1.11, §1.14): what is limited,
 * why, and until when it stands (its review date); when reviewed, the new date; when lifted, why.
 */
export interface ContactRestrictionPayload extends RecordPayload {
  complainantName: string;
  restriction: string;
  reason: string;
  reviewOn: string;
  previousReviewOn?: string | null;
  liftReason?: string | null;
}

export type TemplatePayload =
  BasePayload | CourtPayload | ComplainantPayload | RecordPayload | ComplimentPayload | ContactRestrictionPayload;
