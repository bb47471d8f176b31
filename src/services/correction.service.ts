/**
 * Correcting what was recorded (issue 15): a complainant's contact details; a complaint's summary,
 * channel, the member of staff it is about and the earlier complaint it repeats. Checked as at intake
 * (src/domain/recorded-details.ts); only what is given changes (null clears an optional field); one
 * audit event of exactly the fields changed, and nothing written when nothing changes. Refused once
 * retention has anonymised the record.
 *
 * No due date depends on these fields (src/domain/deadlines.ts: `DeadlineState` reads the kind, the
 * status, receipt, hand-off, acknowledgement, child contact, the procedure's start and the case's
 * hearings), so none is recomputed. Naming another member of staff re-routes the roles SPEC §1.5 keeps
 * from them (src/domain/subject-change.ts): the owner of a child's complaint and a pending approval.
 */
import { londonDate } from '../domain/calendar-date';
import type { Channel } from '../domain/enums';
import { Problems, UserErrorCode, fail, present } from '../domain/problems';
import {
  CONTACT_FIELDS,
  checkContactDetails,
  checkReachable,
  checkSubjectNamed,
  checkSummary,
  type ContactInput,
} from '../domain/recorded-details';
import { subjectChangeEffects } from '../domain/subject-change';
import { isOpen } from '../domain/complaint-status';
import { ownedByLineManager } from '../domain/triage';
import { Complainant, Complaint, Response, Staff } from '../entities';
import { diff, type AuditService } from './audit.service';
import { currentResponse, staffComplainedAbout } from './complaint-people';
import type { ComplaintStore } from './complaint-store';
import type { CorrectionNotices } from './correction-notices';
import type { ComplaintChange, TxContext } from './mutation';
import { referenced } from './referenced';
import type { ResponseNotices } from './response-notices';
import type { RoutingService } from './routing.service';
import { mustLock, referencedInScope } from './row-lock';
import type { UserWarningData } from '../domain/warnings';

export interface UpdateComplainantInput extends ContactInput {
  complainantId: string;
}

export interface UpdateComplaintInput {
  complaintId: string;
  expectedVersion?: number | null;
  summary?: string | null;
  channel?: Channel | null;
  subjectStaffId?: string | null;
  repeatsComplaintId?: string | null;
}

const SUBJECT = 'input.subjectStaffId';

/** What naming another member of staff changes beyond the complaint's own fields. */
interface Renamed {
  /** Audited with the complaint's change: `Response:<id>.approverId`. */
  detail: Record<string, { from: unknown; to: unknown }>;
  owner: Staff | null;
  /** A staff-not-case complaint outside the procedure: who now answers it (the new subject's line manager). */
  answerer: Staff | null;
  response: Response | null;
  warnings: UserWarningData[];
}

export class CorrectionService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly audit: AuditService,
    private readonly routing: RoutingService,
    private readonly notices: CorrectionNotices,
    private readonly responseNotices: ResponseNotices,
  ) {}

  /**
   * A complainant's name, email, phone, postal address or preferred contact. Audited in the chain of
   * their latest complaint not anonymised, so that retention redacts it with that complaint.
   */
  async updateComplainant(t: TxContext, input: UpdateComplainantInput): Promise<Complainant> {
    const field = 'input.complainantId';
    // Locked before its complaints are read: retention locks it before deciding to anonymise it.
    const complainant = await mustLock(t, Complainant, input.complainantId, { field, what: 'complainant' });
    const [latest]: { id: string; caseId: string | null }[] = await t.tx.query(
      `SELECT id, case_id AS "caseId" FROM complaints WHERE complainant_id = $1 AND anonymised_at IS NULL
        ORDER BY received_at DESC, id DESC LIMIT 1`,
      [complainant.id],
    );
    if (!latest) {
      const [{ at }] = await t.tx.query('SELECT max(anonymised_at) AS at FROM complaints WHERE complainant_id = $1', [
        complainant.id,
      ]);
      fail(
        UserErrorCode.CONFLICT,
        field,
        `the complainant was anonymised on ${at ? londonDate(at) : 'an earlier day'} under the retention policy: ` +
          'they can no longer be changed',
      );
    }
    const problems = new Problems();
    const path = (name: string) => `input.${name}`;
    const given = checkContactDetails(problems, path, input);
    const touched = CONTACT_FIELDS.filter((name) => input[name] !== undefined);
    checkReachable(problems, path, { ...complainant, ...given }, touched);
    problems.throwIfAny();
    const change = diff(complainant, given);
    if (Object.keys(change).length === 0) return complainant;
    await t.tx.getRepository(Complainant).update(complainant.id, given);
    Object.assign(complainant, given);
    await this.audit.record(t.tx, t.actor, {
      action: 'complainant.updated',
      entityType: 'Complainant',
      entityId: complainant.id,
      complaintId: latest.id,
      caseId: latest.caseId,
      change,
    });
    return complainant;
  }

  /** A complaint's summary, channel, subject or repeats link (an edit: `expectedVersion`, version bumped). */
  async updateComplaint(t: TxContext, input: UpdateComplaintInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const problems = new Problems();
    const changes: Partial<Complaint> = {};
    if (input.summary !== undefined) changes.summary = checkSummary(problems, 'input.summary', input.summary);
    if (input.channel === null) problems.add(UserErrorCode.INVALID, 'input.channel', 'input.channel must not be empty');
    else if (input.channel !== undefined) changes.channel = input.channel;
    if (input.repeatsComplaintId !== undefined)
      changes.repeatsComplaintId = await this.earlierComplaint(t, complaint, input.repeatsComplaintId, problems);
    let subject: Staff | null | undefined;
    if (input.subjectStaffId !== undefined) {
      checkSubjectNamed(problems, SUBJECT, await this.store.kindOf(t, complaint), input.subjectStaffId);
      subject = input.subjectStaffId
        ? await referenced(t.tx, Staff, input.subjectStaffId, { field: SUBJECT, what: 'member of staff' }, problems)
        : null;
    }
    problems.throwIfAny();
    const renamed =
      subject !== undefined && (subject?.id ?? null) !== complaint.subjectStaffId
        ? await this.renameSubject(t, complaint, subject, changes)
        : null;
    const detail = renamed && Object.keys(renamed.detail).length ? renamed.detail : undefined;
    const updated = await this.store.update(t, complaint, changes, 'complaint.corrected', { detail });
    if (renamed?.owner) await this.notices.ownerChanged(t, updated, renamed.owner);
    if (renamed?.answerer) await this.notices.answererChanged(t, updated, renamed.answerer);
    if (renamed?.response) await this.responseNotices.approvalRequested(t, updated, renamed.response);
    return { complaint: updated, warnings: renamed?.warnings ?? [] };
  }

  /** The earlier complaint this one repeats: not itself, and one the caller may read; null clears it. */
  private async earlierComplaint(
    t: TxContext,
    complaint: Complaint,
    id: string | null,
    problems: Problems,
  ): Promise<string | null> {
    const field = 'input.repeatsComplaintId';
    if (id === null) return null;
    if (id === complaint.id) {
      problems.add(UserErrorCode.INVALID, field, 'a complaint does not repeat itself: name the earlier one');
      return null;
    }
    const earlier = await referencedInScope(t, Complaint, id, { field, what: 'complaint' }, problems);
    return earlier?.id ?? null;
  }

  /**
   * Names `subject` (or no one) as the member of staff complained about: a staff-not-case complaint
   * moves to their service area; the owner and a pending approver who are now complained about are
   * replaced (NOT_PERMITTED or INVALID naming the field when that cannot be done).
   */
  private async renameSubject(
    t: TxContext,
    complaint: Complaint,
    subject: Staff | null,
    changes: Partial<Complaint>,
  ): Promise<Renamed> {
    changes.subjectStaffId = subject?.id ?? null;
    // A complaint without a case is about a member of staff: it belongs to their service area (as at intake).
    if (!complaint.caseId) changes.serviceAreaId = subject?.serviceAreaId ?? null;
    const renamed: Renamed = { detail: {}, owner: null, answerer: null, response: null, warnings: [] };
    if (!subject) return renamed;
    const response = await currentResponse(t.tx, complaint.id);
    const referrals: { recipient: string | null; copied: string | null }[] = await t.tx.query(
      `SELECT recipient_id AS recipient, copied_line_manager_id AS copied FROM referrals
        WHERE complaint_id = $1 AND outcome IS NULL`,
      [complaint.id],
    );
    const problems = new Problems();
    const effects = subjectChangeEffects(
      {
        subjectId: subject.id,
        status: complaint.status,
        ownerId: complaint.ownerId,
        localManagerId: complaint.localManagerId,
        response,
        openReferralRecipients: referrals.flatMap((r) => [r.recipient, r.copied]),
      },
      problems,
      SUBJECT,
    );
    problems.throwIfAny();
    const serviceAreaId = changes.serviceAreaId !== undefined ? changes.serviceAreaId : complaint.serviceAreaId;
    const kind = await this.store.kindOf(t, complaint);
    if (isOpen(complaint.status) && complaint.triageOutcome && ownedByLineManager(kind, complaint.triageOutcome)) {
      // Answered by the line manager of whoever it is about (§2.3): the new subject's, told as triage tells one.
      const routed = await this.routing.staffComplaintAnswerer(t.tx, subject, serviceAreaId);
      if (!routed)
        fail(
          UserErrorCode.INVALID,
          SUBJECT,
          'the member of staff you name has no line manager, and their service area no senior manager, to answer ' +
            'the complaint: have their line manager recorded first',
        );
      if (routed.fallback) renamed.warnings.push(routed.fallback);
      if (routed.staff.id !== complaint.ownerId) {
        changes.ownerId = routed.staff.id;
        renamed.answerer = routed.staff;
      }
    } else if (effects.reRouteOwner) {
      renamed.owner = await this.routing.seniorManager(t.tx, serviceAreaId, [subject.id]);
      if (!renamed.owner)
        fail(
          UserErrorCode.INVALID,
          SUBJECT,
          "no other senior manager of the service area can own the child's complaint",
        );
      changes.ownerId = renamed.owner.id;
    }
    if (effects.reRouteApprover) {
      const pending = present(response, 'the response awaiting approval');
      const named = await staffComplainedAbout(t.tx, { ...complaint, subjectStaffId: subject.id });
      const approver = await this.routing.seniorManager(t.tx, serviceAreaId, [...named, pending.draftedById]);
      if (!approver)
        fail(
          UserErrorCode.INVALID,
          SUBJECT,
          'the response awaits the approval of the member of staff you name, and no other senior manager of the ' +
            'service area can approve it: return it first',
        );
      renamed.detail[`Response:${pending.id}.approverId`] = { from: pending.approverId, to: approver.id };
      await t.tx.getRepository(Response).update(pending.id, { approverId: approver.id });
      pending.approverId = approver.id;
      renamed.response = pending;
    }
    return renamed;
  }
}
