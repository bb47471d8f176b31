/**
 * What a message may carry, by kind of recipient (SPEC §4, §5): the court and the complainant may
 * be sent the complaint and the response (FPR r.12.73); everyone else only the reference, what to
 * do, a due date and a link, never child names, report content or free text.
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

export type TemplatePayload = BasePayload | CourtPayload | ComplainantPayload;
