/**
 * Naming another member of staff as the one complained about (a correction, issue 15): SPEC §1.5 says
 * the approver of a response, the owner of a child's complaint and referral recipients are never the
 * staff member complained about, and triage never makes them the local manager. What the correction
 * must re-route, and what it must refuse because a person already acted in a role they cannot hold.
 */
import { isOpen } from './complaint-status';
import { ResponseStatus, type ComplaintStatus } from './enums';
import { UserErrorCode, type Problems } from './problems';

export interface SubjectChangeFacts {
  /** The member of staff now named. */
  subjectId: string;
  status: ComplaintStatus;
  /** The senior manager who owns a child's complaint. */
  ownerId: string | null;
  /** The local manager who answers (local resolution, a professional's concern). */
  localManagerId: string | null;
  /** The response being worked on (not yet sent), if any. */
  response: { status: ResponseStatus; approverId: string | null } | null;
  /** Recipients (and copied line managers) of the complaint's referrals still awaiting an outcome. */
  openReferralRecipients: readonly (string | null)[];
}

export interface SubjectChangeEffects {
  /** The owner is the person now named: another senior manager of the area takes the complaint. */
  reRouteOwner: boolean;
  /** The response awaits the approval of the person now named: another senior manager is asked. */
  reRouteApprover: boolean;
}

/**
 * What naming `subjectId` re-routes; adds a NOT_PERMITTED problem on `field` for what it cannot:
 * a response they approved, a local resolution they are answering, a referral they received.
 */
export function subjectChangeEffects(f: SubjectChangeFacts, problems: Problems, field: string): SubjectChangeEffects {
  const { subjectId, response } = f;
  if (response?.status === ResponseStatus.APPROVED && response.approverId === subjectId) {
    problems.add(
      UserErrorCode.NOT_PERMITTED,
      field,
      'the response was approved by the member of staff you name: redraft it (which withdraws the approval), ' +
        'then name them and submit it again',
    );
  }
  if (isOpen(f.status) && f.localManagerId === subjectId) {
    problems.add(
      UserErrorCode.NOT_PERMITTED,
      field,
      'the member of staff you name is the local manager answering the complaint: it cannot be about them',
    );
  }
  if (f.openReferralRecipients.includes(subjectId)) {
    problems.add(
      UserErrorCode.NOT_PERMITTED,
      field,
      'the member of staff you name received a referral of this complaint that awaits its outcome: ' +
        're-assess it so that the referral goes to someone else first',
    );
  }
  return {
    reRouteOwner: f.ownerId === subjectId,
    reRouteApprover: response?.status === ResponseStatus.AWAITING_APPROVAL && response.approverId === subjectId,
  };
}
