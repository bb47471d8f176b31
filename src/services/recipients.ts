/**
 * Who a message goes to and what it may carry (SPEC §4): an outgoing message per kind of recipient
 * (the complainant by email or post, staff, a provider by webhook or email, the court, the CST),
 * with the payload that kind may see. The notices (`*-notices.ts`) decide who is told of what.
 */
import { NotificationChannel, RecipientKind, ResponseStatus, Role } from '../domain/enums';
import { Case, Complainant, Complaint, Court, Provider, Response, Staff } from '../entities';
import type { DeliveryEffect } from '../entities/notification.entity';
import type {
  BasePayload,
  ComplainantPayload,
  CourtPayload,
  RecordPayload,
  TemplatePayload,
} from '../domain/message-payload';
import type { TemplateName } from '../integrations/templates/templates';
import type { WriteContext } from './mutation';
import type { Outgoing } from './notification.service';
import { complaintLink, linkTo } from './links';
import type { ProviderWebhookTemplate } from '../partners/webhook-events';

const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

export class Recipients {
  base(t: WriteContext, complaint: Complaint, action?: string, dueOn?: string | null): BasePayload {
    return {
      reference: complaint.reference,
      link: complaintLink(t.config, complaint.reference),
      action,
      dueOn: dueOn ?? null,
    };
  }

  async complainant(
    t: WriteContext,
    complaint: Complaint,
    key: string,
    template: TemplateName,
    extra: Partial<ComplainantPayload>,
    effect?: DeliveryEffect,
  ): Promise<Outgoing> {
    const c = await t.tx.getRepository(Complainant).findOneByOrFail({ id: complaint.complainantId });
    const payload = { ...this.base(t, complaint), complainantName: fullName(c), ...extra };
    return this.toComplainant(c, complaint.id, key, template, payload, effect);
  }

  /** To a complainant by email; without email, a printable letter to their address. */
  toComplainant(
    c: Complainant,
    complaintId: string | null,
    key: string,
    template: TemplateName,
    payload: TemplatePayload,
    effect?: DeliveryEffect,
  ): Outgoing {
    const byEmail = Boolean(c.email);
    return {
      key: `${key}:complainant:${c.id}`,
      complaintId,
      recipientKind: RecipientKind.COMPLAINANT,
      recipientId: c.id,
      address: byEmail ? c.email! : (c.address ?? ''),
      channel: byEmail ? NotificationChannel.EMAIL : NotificationChannel.POST,
      template,
      payload,
      effect,
    };
  }

  /** How a message addresses a complainant. */
  complainantName(c: Pick<Complainant, 'firstName' | 'lastName'>): string {
    return fullName(c);
  }

  /** A message about a record that is not one complaint: a link to it (a path of src/services/links.ts). */
  record(t: WriteContext, path: string, action?: string, dueOn?: string | null): RecordPayload {
    return { link: linkTo(t.config, path), action, dueOn: dueOn ?? null };
  }

  /** To a member of staff by email; `complaint` is null for a message about another record (a compliment). */
  staff(
    complaint: Pick<Complaint, 'id'> | null,
    key: string,
    staff: Staff,
    template: TemplateName,
    payload: BasePayload | RecordPayload,
    effect?: DeliveryEffect,
  ): Outgoing {
    return {
      key: `${key}:staff:${staff.id}`,
      complaintId: complaint?.id ?? null,
      recipientKind: RecipientKind.STAFF,
      recipientId: staff.id,
      address: staff.email,
      channel: NotificationChannel.EMAIL,
      template,
      payload,
      effect,
    };
  }

  /** To a provider by webhook, or by email while it has no active endpoint: a template of the webhook catalogue. */
  provider(
    complaint: Complaint,
    key: string,
    provider: Provider,
    template: ProviderWebhookTemplate,
    payload: BasePayload,
    effect?: DeliveryEffect,
  ): Outgoing {
    const webhook = Boolean(provider.webhookUrl && provider.webhookSecret && !provider.webhookDisabledAt);
    return {
      key: `${key}:provider:${provider.id}`,
      complaintId: complaint.id,
      recipientKind: RecipientKind.PROVIDER,
      recipientId: provider.id,
      address: webhook ? provider.webhookUrl! : provider.email,
      channel: webhook ? NotificationChannel.WEBHOOK : NotificationChannel.EMAIL,
      template,
      payload,
      effect,
    };
  }

  /** The court's message: case number and next hearing; the complaint, and the response once sent. */
  async court(
    t: WriteContext,
    complaint: Complaint,
    key: string,
    courtId: string,
    reason: string,
    responseText: string | null,
    effect?: DeliveryEffect,
  ): Promise<Outgoing> {
    const court = await t.tx.getRepository(Court).findOneByOrFail({ id: courtId });
    const kase = complaint.caseId ? await t.tx.getRepository(Case).findOneBy({ id: complaint.caseId }) : null;
    const [next] = complaint.caseId
      ? await t.tx.query(
          `SELECT starts_at FROM hearings
            WHERE case_id = $1 AND status = 'LISTED' AND starts_at > $2 ORDER BY starts_at LIMIT 1`,
          [complaint.caseId, t.now()],
        )
      : [];
    const payload: CourtPayload = {
      ...this.base(t, complaint),
      caseNumber: kase?.caseNumber ?? null,
      nextHearingOn: next
        ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(next.starts_at)
        : null,
      reason,
      complaintSummary: complaint.summary,
      responseText,
    };
    return {
      key: `${key}:court:${court.id}`,
      complaintId: complaint.id,
      recipientKind: RecipientKind.COURT,
      recipientId: court.id,
      address: court.email,
      channel: NotificationChannel.EMAIL,
      template: 'court-notification',
      payload,
      effect,
    };
  }

  /** The response sent last, if any. */
  sentResponse(t: WriteContext, complaintId: string): Promise<Response | null> {
    return t.tx
      .getRepository(Response)
      .findOne({ where: { complaintId, status: ResponseStatus.SENT }, order: { sentAt: 'DESC' } });
  }

  responseText(sent: Response | null): string | null {
    if (!sent) return null;
    return [
      sent.understanding,
      sent.desiredRemedy,
      sent.assessmentOutcome,
      sent.steps,
      sent.joint ? sent.providerPart : null,
    ]
      .filter(Boolean)
      .join('\n\n');
  }

  /** "The CST": the complaint's assigned officer, else the CST mailbox. */
  async cst(
    t: WriteContext,
    complaint: Complaint,
    key: string,
    template: TemplateName,
    payload: BasePayload,
  ): Promise<Outgoing> {
    const assignee = complaint.assigneeId
      ? await t.tx.getRepository(Staff).findOneBy({ id: complaint.assigneeId })
      : null;
    if (assignee) return this.staff(complaint, key, assignee, template, payload);
    return {
      key: `${key}:cst-mailbox`,
      complaintId: complaint.id,
      recipientKind: RecipientKind.CST_MAILBOX,
      recipientId: null,
      address: t.config.notifications.cstMailbox,
      channel: NotificationChannel.EMAIL,
      template,
      payload,
    };
  }

  /** The CST managers (breaches, escalations). */
  cstManagers(t: WriteContext): Promise<Staff[]> {
    // Leavers keep their rows (audit, history) and are told nothing.
    return t.tx.getRepository(Staff).findBy({ role: Role.CST_MANAGER, active: true });
  }
}
