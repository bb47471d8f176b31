/**
 * The transactional outbox (SPEC §4): a Notification row per message and recipient, with an
 * idempotency key naming the event instance and the recipient, written in the same transaction
 * as the change that causes it, with its delivery job. Who is told what is decided here, per
 * event; what they may see is decided by the payload built for their kind of recipient.
 */
import { In } from 'typeorm';
import { NotificationChannel, RecipientKind, ResponseStatus, Role } from '../domain/enums';
import {
  Case,
  Complainant,
  ComplaintAspect,
  Complaint,
  Court,
  CourtNotification,
  DeadlineExtension,
  Provider,
  ProviderEngagement,
  Referral,
  Response,
  Staff,
} from '../entities';
import { QUEUES } from '../integrations/queue/job-queue';
import type { BasePayload, ComplainantPayload, CourtPayload, TemplateName } from '../integrations/templates/templates';
import type { DeliveryEffect } from '../entities/notification.entity';
import type { WriteContext } from './mutation';
import { RoutingService } from './routing.service';

/** What delivery does to the domain once the message is out. */
export interface Outgoing {
  key: string;
  complaintId: string | null;
  recipientKind: RecipientKind;
  recipientId: string | null;
  address: string;
  channel: NotificationChannel;
  template: TemplateName;
  payload: BasePayload | CourtPayload | ComplainantPayload;
  effect?: DeliveryEffect;
}

const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

export class NotificationService {
  constructor(private readonly routing: RoutingService) {}

  /** Writes the rows (once per idempotency key) and their jobs. Returns how many were new. */
  async send(t: WriteContext, outgoing: Outgoing[]): Promise<number> {
    let created = 0;
    for (const o of outgoing) {
      const [row] = await t.tx.query(
        `INSERT INTO notifications (complaint_id, recipient_kind, recipient_id, recipient_address, channel, template, idempotency_key, payload, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING')
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [
          o.complaintId,
          o.recipientKind,
          o.recipientId,
          o.address,
          o.channel,
          o.template,
          o.key,
          { ...o.payload, effect: o.effect ?? {} },
        ],
      );
      if (!row) continue;
      created += 1;
      await t.outbox.enqueue(
        t.tx,
        QUEUES.delivery,
        { notificationId: row.id },
        { singletonKey: `notification:${row.id}` },
      );
    }
    return created;
  }

  /** Pending messages that a replaced or removed consequence made pointless. */
  async cancelPending(t: WriteContext, effect: keyof DeliveryEffect, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await t.tx.query(
      `DELETE FROM notifications WHERE status = 'PENDING' AND payload->'effect'->>$1 = ANY($2::text[])`,
      [effect, ids],
    );
  }

  // ——— recipients ———

  private base(t: WriteContext, complaint: Complaint, action?: string, dueOn?: string | null): BasePayload {
    return {
      reference: complaint.reference,
      link: `${t.config.publicUrl}/complaints/${complaint.reference}`,
      action,
      dueOn: dueOn ?? null,
    };
  }

  private async complainant(
    t: WriteContext,
    complaint: Complaint,
    key: string,
    template: TemplateName,
    extra: Partial<ComplainantPayload>,
    effect?: DeliveryEffect,
  ): Promise<Outgoing> {
    const c = await t.tx.getRepository(Complainant).findOneByOrFail({ id: complaint.complainantId });
    // Complainants without email get a printable letter.
    const byEmail = Boolean(c.email);
    return {
      key: `${key}:complainant:${c.id}`,
      complaintId: complaint.id,
      recipientKind: RecipientKind.COMPLAINANT,
      recipientId: c.id,
      address: byEmail ? c.email! : (c.address ?? ''),
      channel: byEmail ? NotificationChannel.EMAIL : NotificationChannel.POST,
      template,
      payload: { ...this.base(t, complaint), complainantName: fullName(c), ...extra },
      effect,
    };
  }

  private staff(
    t: WriteContext,
    complaint: Complaint,
    key: string,
    staff: Staff,
    template: TemplateName,
    payload: BasePayload,
    effect?: DeliveryEffect,
  ): Outgoing {
    return {
      key: `${key}:staff:${staff.id}`,
      complaintId: complaint.id,
      recipientKind: RecipientKind.STAFF,
      recipientId: staff.id,
      address: staff.email,
      channel: NotificationChannel.EMAIL,
      template,
      payload,
      effect,
    };
  }

  private provider(
    t: WriteContext,
    complaint: Complaint,
    key: string,
    provider: Provider,
    template: TemplateName,
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
  private async court(
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
          `SELECT starts_at FROM hearings WHERE case_id = $1 AND status = 'LISTED' AND starts_at > $2 ORDER BY starts_at LIMIT 1`,
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
  private sentResponse(t: WriteContext, complaintId: string): Promise<Response | null> {
    return t.tx
      .getRepository(Response)
      .findOne({ where: { complaintId, status: ResponseStatus.SENT }, order: { sentAt: 'DESC' } });
  }

  private responseText(sent: Response | null): string | null {
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

  // ——— events (SPEC §4) ———

  /** Complaint recorded: the acknowledgement; the owner of a child's complaint. */
  async recorded(t: WriteContext, complaint: Complaint): Promise<void> {
    const out = [
      await this.complainant(
        t,
        complaint,
        `complaint-recorded:${complaint.id}`,
        'acknowledgement',
        { dueOn: complaint.responseDueOn },
        { acknowledgesComplaintId: complaint.id },
      ),
    ];
    if (complaint.ownerId) {
      const owner = await t.tx.getRepository(Staff).findOneByOrFail({ id: complaint.ownerId });
      out.push(
        this.staff(
          t,
          complaint,
          `complaint-recorded:${complaint.id}`,
          owner,
          'child-complaint-owner',
          this.base(
            t,
            complaint,
            'Make sure a local manager contacts the child by their preferred method.',
            complaint.childContactDueOn,
          ),
        ),
      );
    }
    await this.send(t, out);
  }

  /** Not accepted, referred to a provider, local resolution: the complainant, and the provider or local manager. */
  async triaged(t: WriteContext, complaint: Complaint): Promise<void> {
    const key = `triaged:${complaint.id}`;
    const out: Outgoing[] = [];
    if (complaint.status === 'NOT_ACCEPTED') {
      out.push(await this.complainant(t, complaint, key, 'not-accepted', { explanation: complaint.triageNote }));
    } else if (complaint.status === 'REFERRED_TO_PROVIDER' && complaint.referredProviderId) {
      out.push(
        await this.complainant(t, complaint, key, 'referred-to-provider', { explanation: complaint.triageNote }),
      );
      const provider = await t.tx.getRepository(Provider).findOneByOrFail({ id: complaint.referredProviderId });
      out.push(
        this.provider(
          t,
          complaint,
          key,
          provider,
          'provider-referral',
          this.base(t, complaint, 'Consider it under your own complaints procedure and contact the complainant.'),
        ),
      );
    } else if (complaint.status === 'LOCAL_RESOLUTION' && complaint.localManagerId) {
      out.push(await this.complainant(t, complaint, key, 'local-resolution', {}));
      const manager = await t.tx.getRepository(Staff).findOneByOrFail({ id: complaint.localManagerId });
      out.push(
        this.staff(
          t,
          complaint,
          key,
          manager,
          'local-manager',
          this.base(t, complaint, 'Put it right and send the complainant your written reply.', complaint.responseDueOn),
        ),
      );
    }
    await this.send(t, out);
  }

  /** A court notification is delivered when it falls due to be sent: at once, or with the response. */
  async courtNotification(t: WriteContext, complaint: Complaint, notification: CourtNotification): Promise<void> {
    const withResponse = notification.reason === 'PROFESSIONAL_JUDGEMENT';
    const sent = withResponse ? await this.sentResponse(t, complaint.id) : null;
    const text = this.responseText(sent);
    const reasons: Record<string, string> = {
      PROFESSIONAL_JUDGEMENT:
        'it concerns the professional judgement of the officer; the complaint and our response follow',
      FACTUAL_ERROR: 'it identifies a factual error in what the court was told',
      STAFF_CONDUCT: "it concerns the conduct of the officer, drawn to the court's attention",
      CHILD_COMPLAINT: 'a child in the proceedings has complained; this is what we are doing about it',
    };
    const key = withResponse ? `response-sent:${sent?.id ?? notification.id}` : `court-notification:${notification.id}`;
    await this.send(t, [
      await this.court(t, complaint, key, notification.courtId, reasons[notification.reason], text, {
        courtNotificationId: notification.id,
      }),
    ]);
  }

  /** Conduct referral: the line manager; the senior manager (and the HR system) for senior referrals. */
  async referral(t: WriteContext, complaint: Complaint, referral: Referral): Promise<void> {
    const key = `referral:${referral.id}`;
    const out: Outgoing[] = [];
    const forAction = referral.level !== 'LINE_MANAGER_FOR_INFORMATION';
    const payload = this.base(
      t,
      complaint,
      forAction
        ? 'Consider the conduct and record the outcome of the referral.'
        : 'For your information: no action is asked of you.',
    );
    if (referral.recipientId) {
      out.push(
        this.staff(
          t,
          complaint,
          key,
          await t.tx.getRepository(Staff).findOneByOrFail({ id: referral.recipientId }),
          'referral',
          payload,
          { referralId: referral.id },
        ),
      );
    }
    if (referral.copiedLineManagerId) {
      out.push(
        this.staff(
          t,
          complaint,
          key,
          await t.tx.getRepository(Staff).findOneByOrFail({ id: referral.copiedLineManagerId }),
          'referral',
          this.base(t, complaint, 'For your information: a senior manager has the referral.'),
        ),
      );
    }
    if (referral.sentToHr) {
      out.push({
        key: `${key}:hr`,
        complaintId: complaint.id,
        recipientKind: RecipientKind.HR_SYSTEM,
        recipientId: null,
        address: t.config.notifications.hrWebhookUrl ?? '',
        channel: NotificationChannel.WEBHOOK,
        template: 'referral',
        payload: {
          ...this.base(t, complaint, 'Fetch the referral through the graph and record its outcome.'),
          referralId: referral.id,
          staffId: referral.staffId,
          level: referral.level,
        } as BasePayload,
      });
    }
    await this.send(t, out);
  }

  /**
   * A referral's outcome was recorded (by the HR system, or a manager): the line manager and the
   * senior manager are told that it is there — not what it is (staff personal data stays in the graph).
   */
  async referralOutcome(
    t: WriteContext,
    complaint: Complaint,
    referral: Referral,
    recordedBy: string | null,
  ): Promise<void> {
    const key = `referral-outcome:${referral.id}:${referral.outcome}:${referral.outcomeRecordedAt?.getTime() ?? 0}`;
    const staff = await t.tx.getRepository(Staff).findOneByOrFail({ id: referral.staffId });
    const lineManagerId =
      referral.copiedLineManagerId ??
      (referral.level === 'SENIOR_MANAGER' ? null : referral.recipientId) ??
      staff.lineManagerId;
    const seniorId =
      referral.level === 'SENIOR_MANAGER'
        ? referral.recipientId
        : ((await this.routing.seniorManager(t.tx, staff.serviceAreaId ?? complaint.serviceAreaId, [staff.id]))?.id ??
          null);
    const ids = [...new Set([lineManagerId, seniorId])].filter(
      (id): id is string => Boolean(id) && id !== recordedBy && id !== staff.id,
    );
    const recipients = ids.length ? await t.tx.getRepository(Staff).findBy({ id: In(ids) }) : [];
    const payload = this.base(
      t,
      complaint,
      'The outcome of the conduct referral has been recorded: read it in the complaint’s referrals.',
    );
    await this.send(
      t,
      recipients.map((s) => this.staff(t, complaint, key, s, 'referral-outcome', payload)),
    );
  }

  /** Provider engagement: the provider is asked for its side. */
  async engagement(t: WriteContext, complaint: Complaint, engagement: ProviderEngagement): Promise<void> {
    const provider = await t.tx.getRepository(Provider).findOneByOrFail({ id: engagement.providerId });
    const payload = {
      ...this.base(t, complaint, 'Give your side of the complaint through the partner API.', engagement.dueOn),
      providerEngagementId: engagement.id,
    } as BasePayload;
    await this.send(t, [
      this.provider(t, complaint, `engagement:${engagement.id}`, provider, 'provider-engagement', payload, {
        providerEngagementId: engagement.id,
      }),
    ]);
  }

  async approvalRequested(t: WriteContext, complaint: Complaint, response: Response): Promise<void> {
    if (!response.approverId) return;
    const approver = await t.tx.getRepository(Staff).findOneByOrFail({ id: response.approverId });
    const key = `approval:${response.id}:${response.submittedAt?.getTime() ?? 0}`;
    await this.send(t, [
      this.staff(
        t,
        complaint,
        key,
        approver,
        'approval-requested',
        this.base(t, complaint, 'Approve the response, or return it with your comments.', complaint.responseDueOn),
      ),
    ]);
  }

  /** Response sent: the complainant (in full); the line manager of each staff member named (a copy); a joint response's provider. */
  async responseSent(t: WriteContext, complaint: Complaint, response: Response): Promise<void> {
    const key = `response-sent:${response.id}`;
    const out: Outgoing[] = [
      await this.complainant(t, complaint, key, 'response', { responseText: this.responseText(response) }),
    ];
    const conduct = await t.tx.getRepository(ComplaintAspect).find({ where: { complaintId: complaint.id } });
    const named = [
      ...new Set(
        [complaint.subjectStaffId, ...conduct.map((a) => a.staffId)].filter((id): id is string => Boolean(id)),
      ),
    ];
    const staff = named.length ? await t.tx.getRepository(Staff).findBy({ id: In(named) }) : [];
    const managers = [
      ...new Set(staff.map((s) => s.lineManagerId).filter((id): id is string => Boolean(id) && !named.includes(id!))),
    ];
    for (const manager of managers.length ? await t.tx.getRepository(Staff).findBy({ id: In(managers) }) : []) {
      out.push(
        this.staff(
          t,
          complaint,
          key,
          manager,
          'response-copy',
          this.base(t, complaint, 'Read the complaint and the response; share the learning with your team.'),
        ),
      );
    }
    if (response.joint) {
      const engagements = await t.tx.getRepository(ProviderEngagement).findBy({ complaintId: complaint.id });
      for (const providerId of new Set(engagements.map((e) => e.providerId))) {
        out.push(
          this.provider(
            t,
            complaint,
            key,
            await t.tx.getRepository(Provider).findOneByOrFail({ id: providerId }),
            'provider-response-sent',
            this.base(t, complaint),
          ),
        );
      }
    }
    await this.send(t, out);
  }

  async extended(t: WriteContext, complaint: Complaint, extension: DeadlineExtension): Promise<void> {
    await this.send(t, [
      await this.complainant(t, complaint, `extension:${extension.id}`, 'extension', {
        newDueOn: extension.newDueOn,
        extensionReason: extension.reason,
      }),
    ]);
  }

  /** Safeguarding: at once to the case practitioner's line manager and the senior manager. */
  async safeguarding(t: WriteContext, complaint: Complaint): Promise<void> {
    const key = `safeguarding:${complaint.id}:${complaint.safeguardingFlaggedAt?.getTime() ?? 0}`;
    const kase = complaint.caseId ? await t.tx.getRepository(Case).findOneBy({ id: complaint.caseId }) : null;
    const practitionerId = kase?.practitionerId ?? complaint.subjectStaffId;
    const recipients = new Map<string, Staff>();
    const lineManager = practitionerId ? await this.routing.lineManagerOf(t.tx, practitionerId) : null;
    if (lineManager) recipients.set(lineManager.id, lineManager);
    const senior = await this.routing.seniorManager(t.tx, complaint.serviceAreaId, [complaint.subjectStaffId]);
    if (senior) recipients.set(senior.id, senior);
    const payload = this.base(t, complaint, 'Consider the risk to the child now (s16A Children Act).');
    await this.send(
      t,
      [...recipients.values()].map((s) => this.staff(t, complaint, key, s, 'safeguarding-alert', payload)),
    );
  }

  /** "The CST": the complaint's assigned officer, else the CST mailbox. */
  private async cst(
    t: WriteContext,
    complaint: Complaint,
    key: string,
    template: TemplateName,
    payload: BasePayload,
  ): Promise<Outgoing> {
    const assignee = complaint.assigneeId
      ? await t.tx.getRepository(Staff).findOneBy({ id: complaint.assigneeId })
      : null;
    if (assignee) return this.staff(t, complaint, key, assignee, template, payload);
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

  /** The provider gave its side: the CST. */
  async providerResponded(t: WriteContext, complaint: Complaint, engagement: ProviderEngagement): Promise<void> {
    const what =
      engagement.responseKind === 'JOINT'
        ? 'It is now the provider’s part of the draft response.'
        : engagement.responseKind === 'SEPARATE'
          ? 'It is recorded with the separate response.'
          : 'Record whether it is a joint or separate response.';
    const payload = this.base(t, complaint, `The provider has given its side. ${what}`, complaint.responseDueOn);
    await this.send(t, [
      await this.cst(
        t,
        complaint,
        `provider-responded:${engagement.id}:${engagement.respondedAt?.getTime() ?? 0}`,
        'provider-responded',
        payload,
      ),
    ]);
  }

  /** A provider that has not answered: reminded (twice), then the CST managers are told. */
  async providerChase(
    t: WriteContext,
    complaint: Complaint,
    engagement: ProviderEngagement,
    step: number,
  ): Promise<void> {
    const key = `provider-chase:${engagement.id}:${step}`;
    if (step <= 2) {
      const provider = await t.tx.getRepository(Provider).findOneByOrFail({ id: engagement.providerId });
      const payload = {
        ...this.base(
          t,
          complaint,
          `Reminder ${step}: give your side of the complaint through the partner API.`,
          engagement.dueOn,
        ),
        providerEngagementId: engagement.id,
      } as BasePayload;
      await this.send(t, [this.provider(t, complaint, key, provider, 'provider-chase', payload)]);
      return;
    }
    const managers = await t.tx.getRepository(Staff).findBy({ role: Role.CST_MANAGER });
    const payload = this.base(
      t,
      complaint,
      'The provider has not given its side after two reminders: contact the provider, or respond without it.',
      engagement.dueOn,
    );
    await this.send(
      t,
      managers.map((m) => this.staff(t, complaint, key, m, 'provider-escalation', payload)),
    );
  }

  /** A reminder before a due date: the assigned CST officer, else the CST mailbox. */
  async reminder(t: WriteContext, complaint: Complaint, dueOn: string): Promise<void> {
    await this.send(t, [
      await this.cst(
        t,
        complaint,
        `reminder:${complaint.id}:${dueOn}`,
        'deadline-reminder',
        this.base(t, complaint, 'Make sure the step is done in time.', dueOn),
      ),
    ]);
  }

  /** A due date moved earlier (a hearing was listed or brought forward): the CST. */
  async dueDateMoved(t: WriteContext, complaint: Complaint, move: { from: string; to: string }): Promise<void> {
    const payload = {
      ...this.base(
        t,
        complaint,
        `A hearing of the case changed: the due date moved from ${move.from} to ${move.to}. Re-plan the work.`,
        move.to,
      ),
    };
    await this.send(t, [
      await this.cst(t, complaint, `due-date-moved:${complaint.id}:${move.from}:${move.to}`, 'due-date-moved', payload),
    ]);
  }

  /** A hearing listed on or before an extended due date, which recomputation leaves alone: the CST. */
  async extensionOverrun(t: WriteContext, complaint: Complaint, hearingOn: string): Promise<void> {
    const payload = this.base(
      t,
      complaint,
      `A hearing is listed on ${hearingOn}, on or before the extended due date: consider responding before the hearing.`,
      complaint.responseDueOn,
    );
    await this.send(t, [
      await this.cst(
        t,
        complaint,
        `extension-overrun:${complaint.id}:${complaint.responseDueOn}:${hearingOn}`,
        'extension-overrun',
        payload,
      ),
    ]);
  }

  /** A breach, the working day after a missed due date: the CST managers. */
  async breach(t: WriteContext, complaint: Complaint, dueOn: string): Promise<void> {
    const managers = await t.tx.getRepository(Staff).findBy({ role: Role.CST_MANAGER });
    const payload = this.base(t, complaint, 'Find out why and make sure it is done now.', dueOn);
    await this.send(
      t,
      managers.map((m) => this.staff(t, complaint, `breach:${complaint.id}:${dueOn}`, m, 'deadline-breach', payload)),
    );
  }
}
