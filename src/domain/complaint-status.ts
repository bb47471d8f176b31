/**
 * The procedure's state machine (SPEC "Statuses and transitions") as one table: each step names the
 * statuses it may start from and the status it leads to.
 */
import { ComplaintStatus as S } from './enums';
import { UserErrorCode, fail } from './problems';

export type Step =
  | 'triage'
  | 'escalateFromLocalResolution'
  | 'resolveLocally'
  | 'withdraw'
  | 'assess'
  | 'draftResponse'
  | 'submitResponse'
  | 'approveResponse'
  | 'returnResponse'
  | 'editApprovedResponse'
  | 'sendResponse'
  | 'sendOutsideProcedureReply'
  | 'close'
  | 'escalateToOmbudsman'
  | 'refer'
  | 'extendResponseDeadline'
  | 'addEvidence';

/**
 * Open statuses: the response step is still to be done (its deadline runs), and the complainant
 * may withdraw (§1.11).
 */
export const OPEN_STATUSES: readonly S[] = [
  S.RECEIVED,
  S.LOCAL_RESOLUTION,
  S.OUTSIDE_PROCEDURE,
  S.ACCEPTED,
  S.ASSESSED,
  S.RESPONSE_DRAFTED,
  S.AWAITING_APPROVAL,
  S.APPROVED,
];

/** Statuses with no further step but the ombudsman (or none at all). */
export const FINAL_STATUSES: readonly S[] = [
  S.NOT_ACCEPTED,
  S.REFERRED_TO_PROVIDER,
  S.RESOLVED_LOCALLY,
  S.CLOSED,
  S.ESCALATED_TO_OMBUDSMAN,
  S.WITHDRAWN,
];

/** Statuses a complaint in the procedure reaches through assessment: it has aspects (§1.4). */
export const ASSESSED_OR_LATER: readonly S[] = [
  S.ASSESSED,
  S.RESPONSE_DRAFTED,
  S.AWAITING_APPROVAL,
  S.APPROVED,
  S.RESPONDED,
  S.CLOSED,
  S.ESCALATED_TO_OMBUDSMAN,
];

/** A response within the procedure is being written or approved. */
export const RESPONSE_STAGES: readonly S[] = [S.ASSESSED, S.RESPONSE_DRAFTED, S.AWAITING_APPROVAL, S.APPROVED];

/** Which kind of reply a complaint in this status is given, if it is being replied to. */
type ReplyKind = 'procedure' | 'local-resolution' | 'outside-procedure';

export function replyKind(status: S): ReplyKind | null {
  if (status === S.LOCAL_RESOLUTION) return 'local-resolution';
  if (status === S.OUTSIDE_PROCEDURE) return 'outside-procedure';
  return RESPONSE_STAGES.includes(status) ? 'procedure' : null;
}

/** Ended without being taken on: nothing more is added to these. */
const NOT_TAKEN_ON: readonly S[] = [S.NOT_ACCEPTED, S.REFERRED_TO_PROVIDER, S.WITHDRAWN];

export function isOpen(status: S): boolean {
  return OPEN_STATUSES.includes(status);
}

export function isFinal(status: S): boolean {
  return FINAL_STATUSES.includes(status);
}

export const TRANSITIONS: Record<Step, { from: readonly S[]; to?: S }> = {
  // triage leads to one of several statuses: the outcome says which.
  triage: { from: [S.RECEIVED] },
  escalateFromLocalResolution: { from: [S.LOCAL_RESOLUTION], to: S.ACCEPTED },
  resolveLocally: { from: [S.LOCAL_RESOLUTION], to: S.RESOLVED_LOCALLY },
  withdraw: { from: OPEN_STATUSES, to: S.WITHDRAWN },
  assess: { from: [S.ACCEPTED, S.ASSESSED], to: S.ASSESSED },
  draftResponse: { from: [S.ASSESSED, S.RESPONSE_DRAFTED], to: S.RESPONSE_DRAFTED },
  submitResponse: { from: [S.RESPONSE_DRAFTED], to: S.AWAITING_APPROVAL },
  approveResponse: { from: [S.AWAITING_APPROVAL], to: S.APPROVED },
  returnResponse: { from: [S.AWAITING_APPROVAL], to: S.RESPONSE_DRAFTED },
  editApprovedResponse: { from: [S.APPROVED, S.AWAITING_APPROVAL], to: S.RESPONSE_DRAFTED },
  sendResponse: { from: [S.APPROVED], to: S.RESPONDED },
  sendOutsideProcedureReply: { from: [S.OUTSIDE_PROCEDURE], to: S.RESPONDED },
  close: { from: [S.RESPONDED], to: S.CLOSED },
  escalateToOmbudsman: { from: [S.CLOSED, S.RESOLVED_LOCALLY], to: S.ESCALATED_TO_OMBUDSMAN },
  // The CST's referral choice for assessed conduct (§4.6), at any point after assessment.
  refer: { from: ASSESSED_OR_LATER },
  // Exceptional cases (§4.12): from acceptance until the response is sent.
  extendResponseDeadline: { from: [S.ACCEPTED, ...RESPONSE_STAGES] },
  addEvidence: { from: Object.values(S).filter((s) => !NOT_TAKEN_ON.includes(s)) },
};

const LABEL: Record<Step, string> = {
  triage: 'triaged',
  escalateFromLocalResolution: 'escalated from local resolution',
  resolveLocally: 'resolved locally',
  withdraw: 'withdrawn',
  assess: 'assessed',
  draftResponse: 'given a draft response',
  submitResponse: 'submitted for approval',
  approveResponse: 'approved',
  returnResponse: 'returned to the drafter',
  editApprovedResponse: 'edited',
  sendResponse: 'sent a response',
  sendOutsideProcedureReply: 'sent a reply',
  close: 'closed',
  escalateToOmbudsman: 'escalated to the ombudsman',
  refer: 'referred (it has no assessed conduct yet)',
  extendResponseDeadline: 'given a later response deadline',
  addEvidence: 'given evidence',
};

export function canTake(step: Step, status: S): boolean {
  return TRANSITIONS[step].from.includes(status);
}

/** Throws ILLEGAL_TRANSITION unless `step` may start from `status`; returns the status it leads to. */
export function transition(step: Step, status: S): S {
  const rule = TRANSITIONS[step];
  if (!rule.from.includes(status)) {
    fail(
      UserErrorCode.ILLEGAL_TRANSITION,
      null,
      `a complaint that is ${status} cannot be ${LABEL[step]} (allowed from ${rule.from.join(', ')})`,
    );
  }
  return rule.to ?? status;
}
