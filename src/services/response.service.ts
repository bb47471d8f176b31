/**
 * Responses (SPEC §1.6, §4.10–4.12): drafting, approval by a senior manager who is neither the
 * drafter nor complained about, sending, and extending the deadline. Local-resolution and
 * outside-procedure replies need no senior approval.
 */
import { IsNull } from 'typeorm';
import { londonDate } from '../domain/calendar-date';
import { replyKind, transition } from '../domain/complaint-status';
import { ComplainantKind, ComplaintStatus, CourtNotificationReason, ResponseStatus, Role } from '../domain/enums';
import { Problems, UserErrorCode, fail } from '../domain/problems';
import { LONG_TEXT, optionalText, requiredText } from '../domain/validation';
import { Complaint, CourtNotification, ProviderEngagement, Response, Staff } from '../entities';
import type { ComplaintChange } from './mutation';
import { ComplaintStore } from './complaint-store';

import type { TxContext } from './mutation';
import type { ResponseNotices } from './response-notices';
import type { CourtNotices } from './court-notices';
import { ProviderResponseService } from './provider-response.service';
import { RoutingService } from './routing.service';
import { mustFind } from './referenced';
import { approvalGiven, currentResponse, staffComplainedAbout } from './complaint-people';
import { UserWarningCode, warning, type UserWarningData } from '../domain/warnings';

export interface DraftResponseInput {
  complaintId: string;
  expectedVersion?: number | null;
  understanding: string;
  desiredRemedy?: string | null;
  assessmentOutcome?: string | null;
  steps: string;
  joint?: boolean | null;
  providerPart?: string | null;
}

export interface ResponseChange extends ComplaintChange {
  response: Response | null;
}

export class ResponseService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly routing: RoutingService,
    private readonly notices: ResponseNotices,
    private readonly courtNotices: CourtNotices,
    private readonly providerResponses: ProviderResponseService,
  ) {}

  /**
   * O and M draft every reply; L and S draft the replies they answer: local resolution (as the
   * local manager), staff-not-case (the owner routed at triage, or for staff they manage) and
   * children's complaints (the owner, or a manager of the practitioner). Nobody drafts a reply to a
   * complaint about themselves.
   */
  private async assertMayDraft(t: TxContext, complaint: Complaint, kind: ComplainantKind): Promise<void> {
    const { role, staffId } = t.identity;
    if (staffId && (await staffComplainedAbout(t.tx, complaint)).includes(staffId)) {
      fail(UserErrorCode.NOT_PERMITTED, null, 'the complaint is about you: someone else drafts the reply');
    }
    if (role === Role.CST_OFFICER || role === Role.CST_MANAGER) return;
    const answers =
      (complaint.status === ComplaintStatus.LOCAL_RESOLUTION && complaint.localManagerId === staffId) ||
      (kind === ComplainantKind.STAFF_NOT_CASE &&
        (complaint.ownerId === staffId ||
          (complaint.subjectStaffId !== null &&
            (await this.routing.manages(t.tx, staffId!, complaint.subjectStaffId))))) ||
      (kind === ComplainantKind.CHILD &&
        (complaint.ownerId === staffId ||
          (complaint.subjectStaffId !== null &&
            (await this.routing.manages(t.tx, staffId!, complaint.subjectStaffId)))));
    if (!answers) {
      fail(
        UserErrorCode.NOT_PERMITTED,
        null,
        'managers draft the replies they answer: local resolution, staff-not-case and children’s complaints',
      );
    }
  }

  async draft(t: TxContext, input: DraftResponseInput): Promise<ResponseChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const reply = replyKind(complaint.status);
    if (!reply)
      fail(
        UserErrorCode.ILLEGAL_TRANSITION,
        null,
        `a complaint that is ${complaint.status} cannot be given a draft response` +
          (complaint.status === ComplaintStatus.ACCEPTED ? ' (assess it first)' : ''),
      );
    const kind = await this.store.kindOf(t, complaint);
    await this.assertMayDraft(t, complaint, kind);
    const problems = new Problems();
    const inProcedure = reply === 'procedure';
    const values: Partial<Response> = {
      understanding: requiredText(problems, 'input.understanding', input.understanding),
      desiredRemedy: inProcedure
        ? requiredText(problems, 'input.desiredRemedy', input.desiredRemedy)
        : (optionalText(problems, 'input.desiredRemedy', input.desiredRemedy) ?? ''),
      assessmentOutcome: inProcedure
        ? requiredText(problems, 'input.assessmentOutcome', input.assessmentOutcome)
        : (optionalText(problems, 'input.assessmentOutcome', input.assessmentOutcome) ?? ''),
      steps: requiredText(problems, 'input.steps', input.steps),
      joint: Boolean(input.joint),
      providerPart: optionalText(problems, 'input.providerPart', input.providerPart, LONG_TEXT),
    };
    // A joint response takes the provider's side as its part unless the drafter writes it.
    if (values.joint && !values.providerPart)
      values.providerPart = await this.providerResponses.jointParts(t, complaint.id);
    if (values.joint) {
      const engaged = await t.tx.getRepository(ProviderEngagement).countBy({ complaintId: complaint.id });
      if (!engaged)
        problems.add(
          UserErrorCode.INVALID,
          'input.joint',
          'a joint response needs a provider engaged on the complaint (a PROVIDER_ACTIONS aspect)',
        );
      // The provider's part may still be awaited: the draft takes it when the provider answers.
    } else if (values.providerPart) {
      problems.add(UserErrorCode.INVALID, 'input.providerPart', "only a joint response includes the provider's part");
    }
    problems.throwIfAny();

    let response = await currentResponse(t.tx, complaint.id);
    const wasApproved = approvalGiven(response);
    const draft = {
      ...values,
      status: ResponseStatus.DRAFT,
      draftedById: t.identity.staffId,
      submittedAt: null,
      approvedAt: null,
      approverId: null,
    };
    if (response) {
      await t.tx.getRepository(Response).update(response.id, draft);
      Object.assign(response, draft);
    } else {
      response = await t.tx
        .getRepository(Response)
        .save(t.tx.getRepository(Response).create({ ...draft, complaintId: complaint.id }));
    }
    // Editing an approved (or submitted) draft withdraws the approval (§1.6).
    const status = inProcedure
      ? transition(wasApproved ? 'editApprovedResponse' : 'draftResponse', complaint.status)
      : complaint.status;
    const updated = await this.store.update(
      t,
      complaint,
      { status },
      wasApproved ? 'response.edited-after-approval' : 'response.drafted',
      {
        entity: { type: 'Response', id: response.id },
        detail: { joint: response.joint },
      },
    );
    return { complaint: updated, response, warnings: draftWarnings(wasApproved, response) };
  }

  async submit(
    t: TxContext,
    input: { complaintId: string; expectedVersion?: number | null; approverId?: string | null },
  ): Promise<ResponseChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    if (replyKind(complaint.status) !== 'procedure') {
      fail(
        UserErrorCode.ILLEGAL_TRANSITION,
        null,
        'only responses within the procedure are approved; ' +
          `a complaint that is ${complaint.status} has its reply sent without approval`,
      );
    }
    const status = transition('submitResponse', complaint.status);
    const response = (await currentResponse(t.tx, complaint.id))!;
    if (response.joint && !response.providerPart) {
      fail(
        UserErrorCode.INVALID,
        null,
        "a joint response includes the provider's part: wait for the provider's side (submitProviderResponse), " +
          'or write it into the draft',
      );
    }
    const excluded = [...(await staffComplainedAbout(t.tx, complaint)), response.draftedById];
    let approver: Staff | null;
    if (input.approverId) {
      approver = await mustFind(t.tx, Staff, input.approverId, { field: 'input.approverId', what: 'member of staff' });
      if (approver.role !== Role.SENIOR_MANAGER)
        fail(UserErrorCode.INVALID, 'input.approverId', 'responses are approved by a senior manager');
      if (excluded.includes(approver.id))
        fail(
          UserErrorCode.NOT_PERMITTED,
          'input.approverId',
          'the approver is neither the drafter nor complained about',
        );
    } else {
      approver = await this.routing.seniorManager(t.tx, complaint.serviceAreaId, excluded);
      if (!approver)
        fail(
          UserErrorCode.INVALID,
          'input.approverId',
          'no senior manager of the service area can approve: name one in approverId',
        );
    }
    const submittedAt = t.now();
    await t.tx.getRepository(Response).update(response.id, {
      status: ResponseStatus.AWAITING_APPROVAL,
      submittedAt,
      approverId: approver.id,
      returnComment: null,
    });
    Object.assign(response, { status: ResponseStatus.AWAITING_APPROVAL, approverId: approver.id });
    const updated = await this.store.update(t, complaint, { status }, 'response.submitted', {
      entity: { type: 'Response', id: response.id },
      detail: { approverId: approver.id },
    });
    response.submittedAt = submittedAt;
    await this.notices.approvalRequested(t, updated, response);
    return { complaint: updated, response };
  }

  /** A senior manager who is neither the drafter nor complained about. */
  private async assertMayApprove(t: TxContext, complaint: Complaint, response: Response): Promise<void> {
    const staffId = t.identity.staffId;
    if (staffId === response.draftedById)
      fail(UserErrorCode.NOT_PERMITTED, null, 'you drafted this response: another senior manager approves it');
    if (staffId && (await staffComplainedAbout(t.tx, complaint)).includes(staffId)) {
      fail(
        UserErrorCode.NOT_PERMITTED,
        null,
        'the complaint is about you: another senior manager approves the response',
      );
    }
  }

  async approve(
    t: TxContext,
    input: { complaintId: string; expectedVersion?: number | null },
  ): Promise<ResponseChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const status = transition('approveResponse', complaint.status);
    const response = (await currentResponse(t.tx, complaint.id))!;
    await this.assertMayApprove(t, complaint, response);
    const approval = { status: ResponseStatus.APPROVED, approverId: t.identity.staffId, approvedAt: t.now() };
    await t.tx.getRepository(Response).update(response.id, approval);
    Object.assign(response, approval);
    const updated = await this.store.update(t, complaint, { status }, 'response.approved', {
      entity: { type: 'Response', id: response.id },
      detail: { approverId: approval.approverId },
    });
    return { complaint: updated, response };
  }

  async returnToDrafter(
    t: TxContext,
    input: { complaintId: string; expectedVersion?: number | null; comments: string },
  ): Promise<ResponseChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const status = transition('returnResponse', complaint.status);
    const response = (await currentResponse(t.tx, complaint.id))!;
    await this.assertMayApprove(t, complaint, response);
    const problems = new Problems();
    const comments = requiredText(problems, 'input.comments', input.comments);
    problems.throwIfAny();
    await t.tx
      .getRepository(Response)
      .update(response.id, { status: ResponseStatus.DRAFT, returnComment: comments, approverId: null });
    Object.assign(response, { status: ResponseStatus.DRAFT, returnComment: comments, approverId: null });
    const updated = await this.store.update(t, complaint, { status }, 'response.returned', {
      entity: { type: 'Response', id: response.id },
      detail: { comments },
    });
    return { complaint: updated, response };
  }

  /**
   * Sends the reply: an approved response within the procedure (→ RESPONDED, and CLOSED at once
   * unless court actions remain), a local manager's reply (→ RESOLVED_LOCALLY), or a reply outside
   * the procedure (→ RESPONDED → CLOSED).
   */
  async send(t: TxContext, input: { complaintId: string; expectedVersion?: number | null }): Promise<ResponseChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const reply = replyKind(complaint.status);
    const step =
      reply === 'local-resolution'
        ? 'resolveLocally'
        : reply === 'outside-procedure'
          ? 'sendOutsideProcedureReply'
          : 'sendResponse';
    const status = transition(step, complaint.status);
    const response = await currentResponse(t.tx, complaint.id);
    if (!response) fail(UserErrorCode.ILLEGAL_TRANSITION, null, 'there is no reply to send: draft one first');
    const kind = await this.store.kindOf(t, complaint);
    if (reply !== 'procedure') await this.assertMayDraft(t, complaint, kind);
    const sentAt = t.now();
    await t.tx.getRepository(Response).update(response.id, { status: ResponseStatus.SENT, sentAt });
    Object.assign(response, { status: ResponseStatus.SENT, sentAt });
    const updated = await this.store.update(
      t,
      complaint,
      { status, respondedAt: sentAt, ...(status === ComplaintStatus.RESOLVED_LOCALLY ? { closedAt: sentAt } : {}) },
      'response.sent',
      {
        entity: { type: 'Response', id: response.id },
        detail: { reply, onTime: complaint.responseDueOn ? londonDate(sentAt) <= complaint.responseDueOn : null },
      },
    );
    await this.notices.responseSent(t, updated, response);
    // The court gets the complaint and the response (professional judgement).
    const toCourt = await t.tx
      .getRepository(CourtNotification)
      .findBy({ complaintId: complaint.id, reason: CourtNotificationReason.PROFESSIONAL_JUDGEMENT, sentAt: IsNull() });
    for (const cn of toCourt) await this.courtNotices.courtNotification(t, updated, cn);
    return { complaint: await this.store.closeIfDone(t, updated), response };
  }
}

/** What the drafter should know: an approval their edit withdrew, a joint response still awaiting the provider. */
function draftWarnings(wasApproved: boolean, response: Response): UserWarningData[] {
  const warnings: UserWarningData[] = [];
  if (wasApproved)
    warnings.push(
      warning(UserWarningCode.APPROVAL_WITHDRAWN, 'the approval was withdrawn: submit the response for approval again'),
    );
  if (response.joint && !response.providerPart)
    warnings.push(
      warning(
        UserWarningCode.PROVIDER_PART_AWAITED,
        "the provider's part is awaited: it joins the draft when the provider gives its side",
      ),
    );
  return warnings;
}
