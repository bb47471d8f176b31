/**
 * The consequences of assessment (SPEC §1.5) as rows: court notifications, report corrections,
 * referrals and provider engagements, kept in line with the aspects (re-assessing replaces what has
 * not been sent and never duplicates what has), and who is told of them.
 */
import { Not, type DeepPartial, type EntityTarget } from 'typeorm';
import { planConsequences, type PlannedConsequence } from '../domain/consequences';
import { CourtNotificationReason, ReferralLevel } from '../domain/enums';
import { UserErrorCode, fail } from '../domain/problems';
import {
  Complaint,
  ComplaintAspect,
  CourtNotification,
  ProviderEngagement,
  Referral,
  ReportCorrection,
  Staff,
} from '../entities';
import type { DeadlineService } from './deadline.service';
import type { TxContext } from './mutation';
import type { NotificationService } from './notification.service';
import type { ProviderChaseService } from './provider-chase.service';
import type { RoutingService } from './routing.service';
import type { WorkingCalendar } from './working-calendar';
import type { CourtNotices } from './court-notices';
import type { ReferralNotices } from './referral-notices';
import type { ProviderNotices } from './provider-notices';

export type Consequence = CourtNotification | ReportCorrection | Referral | ProviderEngagement;

/** What a sync did, by consequence key, and the rows created or replaced (whose people are told). */
export interface ConsequenceChange {
  summary: { created: string[]; replaced: string[]; kept: string[]; removed: string[] };
  touched: Consequence[];
}

/** Sent (or answered) consequences stay as they are; the others may be replaced. */
function settled(c: Consequence): boolean {
  if (c instanceof CourtNotification) return c.sentAt !== null;
  if (c instanceof ReportCorrection) return c.correctedAt !== null;
  if (c instanceof Referral) return c.referredAt !== null || c.outcome !== null;
  return c.requestedAt !== null || c.respondedAt !== null;
}

export class ConsequenceService {
  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly deadlines: DeadlineService,
    private readonly routing: RoutingService,
    private readonly notifications: NotificationService,
    private readonly courtNotices: CourtNotices,
    private readonly referralNotices: ReferralNotices,
    private readonly providerNotices: ProviderNotices,
    private readonly chases: ProviderChaseService,
  ) {}

  /**
   * Brings the consequence rows in line with the aspects; returns what happened, by key, with the
   * rows created or replaced (to be notified) and the rows removed (whose messages are cancelled).
   */
  async sync(t: TxContext, complaint: Complaint, aspects: ComplaintAspect[]): Promise<ConsequenceChange> {
    // A child's complaint's own court notification (§5.4) is not a consequence of its aspects.
    const existing: Consequence[] = [
      ...(await t.tx
        .getRepository(CourtNotification)
        .findBy({ complaintId: complaint.id, reason: Not(CourtNotificationReason.CHILD_COMPLAINT) })),
      ...(await t.tx.getRepository(ReportCorrection).findBy({ complaintId: complaint.id })),
      ...(await t.tx.getRepository(Referral).findBy({ complaintId: complaint.id })),
      ...(await t.tx.getRepository(ProviderEngagement).findBy({ complaintId: complaint.id })),
    ];
    const plans = new Map(planConsequences(aspects).map((p) => [p.key, p]));
    const summary: ConsequenceChange['summary'] = { created: [], replaced: [], kept: [], removed: [] };
    const touched: Consequence[] = [];
    const superseded: Consequence[] = [];
    for (const row of existing) {
      const plan = plans.get(row.consequenceKey);
      const repository = t.tx.getRepository<Consequence>(row.constructor);
      if (settled(row)) {
        summary.kept.push(row.consequenceKey);
        if (plan) {
          plans.delete(row.consequenceKey);
          await repository.update(row.id, { aspectId: plan.aspectId });
        }
      } else if (plan) {
        plans.delete(row.consequenceKey);
        summary.replaced.push(row.consequenceKey);
        const values = await this.rowFor(t, complaint, plan);
        await repository.update(row.id, values);
        Object.assign(row, values);
        touched.push(row);
        superseded.push(row);
      } else {
        summary.removed.push(row.consequenceKey);
        superseded.push(row);
        await repository.delete(row.id);
      }
    }
    for (const plan of plans.values()) {
      summary.created.push(plan.key);
      const repository = t.tx.getRepository(this.repositoryOf(plan.kind));
      touched.push(await repository.save(repository.create(await this.rowFor(t, complaint, plan))));
    }
    // Messages of replaced or removed consequences that have not gone yet are withdrawn.
    const idsOf = (type: new () => Consequence) => superseded.filter((c) => c instanceof type).map((c) => c.id);
    await this.notifications.cancelPending(t, 'courtNotificationId', idsOf(CourtNotification));
    await this.notifications.cancelPending(t, 'referralId', idsOf(Referral));
    await this.notifications.cancelPending(t, 'providerEngagementId', idsOf(ProviderEngagement));
    return { summary, touched };
  }

  /** Who is told now (SPEC §4): the court for factual errors and conduct, managers, providers. */
  async notify(t: TxContext, complaint: Complaint, touched: Consequence[]): Promise<void> {
    for (const row of touched) {
      // Professional judgement goes to the court with the response (sendResponse).
      if (row instanceof CourtNotification && row.reason !== CourtNotificationReason.PROFESSIONAL_JUDGEMENT) {
        await this.courtNotices.courtNotification(t, complaint, row);
      } else if (row instanceof Referral) {
        await this.referralNotices.referral(t, complaint, row);
      } else if (row instanceof ProviderEngagement) {
        await this.providerNotices.engagement(t, complaint, row);
        await this.chases.schedule(t, row);
      }
    }
  }

  /** Values of a new (or replaced) consequence row. */
  private async rowFor(
    t: TxContext,
    complaint: Complaint,
    plan: PlannedConsequence,
  ): Promise<DeepPartial<Consequence>> {
    const base = { complaintId: complaint.id, aspectId: plan.aspectId, consequenceKey: plan.key };
    const courtDue = () => this.deadlines.courtActionDue(t.tx, complaint.caseId, t.today, complaint.responseDueOn);
    switch (plan.kind) {
      case 'court-notification':
        return {
          ...base,
          reason: plan.reason,
          courtId: await this.routing.courtFor(t.tx, complaint.caseId!, t.now()),
          dueOn: await courtDue(),
        };
      case 'report-correction':
        return { ...base, courtReportId: plan.courtReportId, dueOn: await courtDue() };
      case 'provider-engagement':
        return {
          ...base,
          providerId: plan.providerId,
          dueOn: (await this.calendar.of(t.tx)).addWorkingDays(t.today, 5),
        };
      case 'referral': {
        const lineManager = await this.routing.lineManagerOf(t.tx, plan.staffId);
        const senior = plan.level === ReferralLevel.SENIOR_MANAGER;
        let recipientId = lineManager?.id ?? null;
        if (senior) {
          const staff = await t.tx.getRepository(Staff).findOneByOrFail({ id: plan.staffId });
          const manager = await this.routing.seniorManager(t.tx, staff.serviceAreaId ?? complaint.serviceAreaId, [
            plan.staffId,
          ]);
          if (!manager)
            fail(
              UserErrorCode.INVALID,
              'input.aspects',
              'no senior manager in the service area of the member of staff can take the referral',
            );
          recipientId = manager.id;
        } else if (!lineManager) {
          fail(
            UserErrorCode.INVALID,
            'input.aspects',
            'the member of staff has no line manager to refer to: refer to the senior manager',
          );
        }
        return {
          ...base,
          staffId: plan.staffId,
          level: plan.level,
          recipientId,
          copiedLineManagerId: senior && lineManager && lineManager.id !== recipientId ? lineManager.id : null,
          // Only senior referrals (and formal actions) go to the HR system.
          sentToHr: senior,
        };
      }
    }
  }

  private repositoryOf(kind: PlannedConsequence['kind']): EntityTarget<Consequence> {
    return {
      'court-notification': CourtNotification,
      'report-correction': ReportCorrection,
      referral: Referral,
      'provider-engagement': ProviderEngagement,
    }[kind];
  }
}
