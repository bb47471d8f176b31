/**
 * A provider's side of a complaint about its service (§4.9, SPEC §1.5–1.6): the CST records whether
 * the response is JOINT or SEPARATE; the provider gives its side through the partner API. For a
 * joint response its text becomes the provider's part of the draft (withdrawing an approval, as any
 * edit does); for a separate one it is recorded, and when the provider sent it to the complainant.
 */
import { Not } from 'typeorm';
import { RESPONSE_STAGES, transition } from '../domain/complaint-status';
import { ComplaintStatus, ProviderResponseKind, ResponseStatus } from '../domain/enums';
import { Problems, UserErrorCode, fail } from '../domain/problems';
import { LONG_TEXT, pastInstant, requiredText } from '../domain/validation';
import { Complaint, ProviderEngagement, Response } from '../entities';
import { ComplaintStore } from './complaint-store';
import type { TxContext } from './mutation';
import type { ProviderNotices } from './provider-notices';
import { mustLock } from './row-lock';
import { approvalGiven, currentResponse } from './complaint-people';
import { UserWarningCode, warning, type UserWarningData } from '../domain/warnings';

export interface SubmitProviderResponseInput {
  engagementId: string;
  response: string;
  /** A separate response: when the provider sent it to the complainant. */
  sentToComplainantAt?: Date | null;
}

export interface ProviderResponseChange {
  engagement: ProviderEngagement;
  complaint: Complaint;
  warnings: UserWarningData[];
}

export class ProviderResponseService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly notices: ProviderNotices,
  ) {}

  /** The engagement, locked; outside the caller's row scope (another provider's) it is unknown. */
  private async engagement(t: TxContext, id: string): Promise<ProviderEngagement> {
    return mustLock(t, ProviderEngagement, id, { field: 'input.engagementId', what: 'provider engagement' });
  }

  /** The CST records whether the provider's side goes into a joint response or a separate one. */
  async recordKind(
    t: TxContext,
    input: { engagementId: string; kind: ProviderResponseKind },
  ): Promise<ProviderResponseChange> {
    const engagement = await this.engagement(t, input.engagementId);
    const complaint = await this.store.lock(t, engagement.complaintId, null, 'input.engagementId');
    if (engagement.responseKind === input.kind) return { engagement, complaint, warnings: [] };
    if (input.kind === ProviderResponseKind.JOINT && engagement.providerResponseSentAt) {
      fail(UserErrorCode.CONFLICT, 'input.kind', 'the provider has already sent its own response to the complainant');
    }
    const before = engagement.responseKind;
    engagement.responseKind = input.kind;
    await t.tx.getRepository(ProviderEngagement).update(engagement.id, { responseKind: input.kind });
    const updated = await this.store.update(t, complaint, {}, 'provider-engagement.kind-recorded', {
      entity: { type: 'ProviderEngagement', id: engagement.id },
      detail: { responseKind: { from: before, to: input.kind } },
    });
    return { engagement, complaint: updated, warnings: [] };
  }

  async submit(t: TxContext, input: SubmitProviderResponseInput): Promise<ProviderResponseChange> {
    // Found under row-level security: a provider reaches only its own engagements.
    const engagement = await this.engagement(t, input.engagementId);
    const problems = new Problems();
    const text = requiredText(problems, 'input.response', input.response, LONG_TEXT);
    const sentAt = pastInstant(problems, 'input.sentToComplainantAt', input.sentToComplainantAt, t.now());
    if (sentAt && engagement.responseKind === ProviderResponseKind.JOINT) {
      problems.add(
        UserErrorCode.INVALID,
        'input.sentToComplainantAt',
        'a joint response is sent to the complainant by the service, with your part in it',
      );
    }
    problems.throwIfAny();
    // What follows is the gateway's own work: the draft, the audit trail, the CST's notification.
    await t.actAsGateway?.();
    const complaint = await this.store.lock(t, engagement.complaintId, null, 'input.engagementId');
    if (!engagement.aspectId)
      fail(
        UserErrorCode.ILLEGAL_TRANSITION,
        'input.engagementId',
        'the complaint was re-assessed: your side is no longer asked for on this engagement',
      );
    if (
      engagement.responseKind === ProviderResponseKind.JOINT
        ? // While the response is being drafted or approved, a joint response can take the provider's part.
          !RESPONSE_STAGES.includes(complaint.status)
        : complaint.status === ComplaintStatus.WITHDRAWN
    ) {
      fail(
        UserErrorCode.ILLEGAL_TRANSITION,
        null,
        `the complaint is ${complaint.status}: ` +
          (engagement.responseKind === ProviderResponseKind.JOINT
            ? 'the joint response can no longer take your part'
            : 'it was withdrawn'),
      );
    }
    const keepSentAt = sentAt ?? engagement.providerResponseSentAt;
    const same =
      engagement.providerResponse === text &&
      (keepSentAt?.getTime() ?? null) === (engagement.providerResponseSentAt?.getTime() ?? null);
    if (same) return { engagement, complaint, warnings: [] };

    const first = engagement.respondedAt === null;
    Object.assign(engagement, { providerResponse: text, respondedAt: t.now(), providerResponseSentAt: keepSentAt });
    await t.tx.getRepository(ProviderEngagement).update(engagement.id, {
      providerResponse: text,
      respondedAt: engagement.respondedAt,
      providerResponseSentAt: keepSentAt,
    });
    const { status, responseId, warnings } =
      engagement.responseKind === ProviderResponseKind.JOINT
        ? await this.intoJointDraft(t, complaint, text)
        : { status: complaint.status, responseId: null, warnings: [] };
    const updated = await this.store.update(t, complaint, { status }, 'provider-response.submitted', {
      entity: { type: 'ProviderEngagement', id: engagement.id },
      detail: {
        responseKind: engagement.responseKind,
        first,
        providerResponseSentAt: keepSentAt,
        draftResponseId: responseId,
      },
    });
    await this.notices.providerResponded(t, updated, engagement);
    return { engagement, complaint: updated, warnings };
  }

  /**
   * The joint response being worked on takes the provider's part; a draft already submitted or
   * approved goes back for approval with it.
   */
  private async intoJointDraft(
    t: TxContext,
    complaint: Complaint,
    text: string,
  ): Promise<{ status: ComplaintStatus; responseId: string | null; warnings: UserWarningData[] }> {
    const draft = await currentResponse(t.tx, complaint.id);
    if (!draft) return { status: complaint.status, responseId: null, warnings: [] };
    const wasApproved = approvalGiven(draft);
    await t.tx.getRepository(Response).update(draft.id, {
      joint: true,
      providerPart: text,
      ...(wasApproved ? { status: ResponseStatus.DRAFT, submittedAt: null, approvedAt: null, approverId: null } : {}),
    });
    if (!wasApproved) return { status: complaint.status, responseId: draft.id, warnings: [] };
    return {
      status: transition('editApprovedResponse', complaint.status),
      responseId: draft.id,
      warnings: [
        warning(
          UserWarningCode.APPROVAL_WITHDRAWN,
          'the draft response had been submitted or approved: it goes back for approval with your part in it',
        ),
      ],
    };
  }

  /** The provider's part of a joint response, from the joint engagements it answered (for a new draft). */
  async jointParts(t: TxContext, complaintId: string): Promise<string | null> {
    const answered = await t.tx.getRepository(ProviderEngagement).find({
      where: { complaintId, responseKind: ProviderResponseKind.JOINT, providerResponse: Not('') },
      order: { createdAt: 'ASC' },
    });
    const parts = answered.map((e) => e.providerResponse).filter((p): p is string => Boolean(p));
    return parts.length ? parts.join('\n\n') : null;
  }
}
