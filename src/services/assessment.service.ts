/**
 * Assessment and its consequences (SPEC §1.4–1.5): aspects, and in the same transaction the court
 * notifications, report corrections, referrals and provider engagements they call for. Re-assessing
 * replaces what has not been sent and never duplicates what has. Also the referral choice, referral
 * outcomes, report corrections and court notifications sent.
 */
import { londonDate } from '../domain/calendar-date';
import { transition } from '../domain/complaint-status';
import { levelAllowed, planConsequences, referralLevelOf, type PlannedConsequence } from '../domain/consequences';
import { Not, type DeepPartial, type EntityTarget } from 'typeorm';
import { AspectCategory, CourtNotificationReason, ReferralLevel, ReferralOutcome, Seriousness } from '../domain/enums';
import { Problems, UserErrorCode, fail } from '../domain/problems';
import { LONG_TEXT, SHORT_TEXT, isId, optionalText, pastInstant, requiredText } from '../domain/validation';
import {
  ComplaintAspect,
  Complaint,
  CourtNotification,
  CourtReport,
  Provider,
  ProviderEngagement,
  Referral,
  ReportCorrection,
  Staff,
} from '../entities';
import type { ComplaintChange } from '../graphql/payloads';
import { AuditService } from './audit.service';
import { ComplaintStore } from './complaint-store';
import { DeadlineService } from './deadline.service';
import type { TxContext } from './mutation';
import { ProviderChaseService } from './provider-chase.service';
import { lockInScope } from './row-lock';
import { NotificationService } from './notification.service';
import { RoutingService } from './routing.service';
import type { WorkingCalendar } from './working-calendar';

export interface AspectInput {
  category: AspectCategory;
  description: string;
  finding?: string | null;
  remedialAction?: string | null;
  courtReportId?: string | null;
  otherCommunication?: string | null;
  staffId?: string | null;
  seriousness?: Seriousness | null;
  referralLevel?: ReferralLevel | null;
  drawToCourt?: boolean | null;
  providerId?: string | null;
}

export interface AssessInput {
  complaintId: string;
  expectedVersion?: number | null;
  aspects: AspectInput[];
}

export interface ReferInput {
  complaintId: string;
  expectedVersion?: number | null;
  aspectId: string;
  level: ReferralLevel;
  drawToCourt?: boolean | null;
}

type Consequence = CourtNotification | ReportCorrection | Referral | ProviderEngagement;

/** Sent (or answered) consequences stay as they are; the others may be replaced. */
function settled(c: Consequence): boolean {
  if (c instanceof CourtNotification) return c.sentAt !== null;
  if (c instanceof ReportCorrection) return c.correctedAt !== null;
  if (c instanceof Referral) return c.referredAt !== null || c.outcome !== null;
  return c.requestedAt !== null || c.respondedAt !== null;
}

const MAX_ASPECTS = 50;

export class AssessmentService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly calendar: WorkingCalendar,
    private readonly deadlines: DeadlineService,
    private readonly routing: RoutingService,
    private readonly audit: AuditService,
    private readonly chases: ProviderChaseService,
    private readonly notifications: NotificationService,
  ) {}

  private async validateAspects(
    t: TxContext,
    complaint: Complaint,
    aspects: AspectInput[],
  ): Promise<Partial<ComplaintAspect>[]> {
    const problems = new Problems();
    if (aspects.length === 0) problems.add(UserErrorCode.INVALID, 'input.aspects', 'record at least one aspect');
    if (aspects.length > MAX_ASPECTS)
      problems.add(UserErrorCode.INVALID, 'input.aspects', `at most ${MAX_ASPECTS} aspects`);
    const rows: Partial<ComplaintAspect>[] = [];
    for (const [i, a] of aspects.entries()) {
      const f = (name: string) => `input.aspects.${i}.${name}`;
      const only = (name: keyof AspectInput, categories: AspectCategory[], what: string) => {
        if (a[name] !== null && a[name] !== undefined && a[name] !== false && !categories.includes(a.category)) {
          problems.add(
            UserErrorCode.INVALID,
            f(name),
            `${name} (${what}) goes with ${categories.join(' or ')}, not ${a.category}`,
          );
        }
      };
      only('courtReportId', [AspectCategory.FACTUAL_ERROR], 'the court report in error');
      only('otherCommunication', [AspectCategory.FACTUAL_ERROR], 'the other communication in error');
      only('staffId', [AspectCategory.STAFF_CONDUCT], 'the employee');
      only('seriousness', [AspectCategory.STAFF_CONDUCT], 'how serious the conduct is');
      only('referralLevel', [AspectCategory.STAFF_CONDUCT], 'the referral');
      only('drawToCourt', [AspectCategory.STAFF_CONDUCT], "drawing conduct to the court's attention");
      only('providerId', [AspectCategory.PROVIDER_ACTIONS], 'the provider');
      const row: Partial<ComplaintAspect> = {
        complaintId: complaint.id,
        position: i,
        category: a.category,
        description: requiredText(problems, f('description'), a.description, LONG_TEXT),
        finding: optionalText(problems, f('finding'), a.finding, LONG_TEXT),
        remedialAction: optionalText(problems, f('remedialAction'), a.remedialAction, LONG_TEXT),
        courtReportId: null,
        otherCommunication: null,
        staffId: null,
        seriousness: null,
        referralLevel: null,
        drawToCourt: false,
        providerId: null,
      };
      const needsCourt =
        a.category === AspectCategory.PROFESSIONAL_JUDGEMENT ||
        a.category === AspectCategory.FACTUAL_ERROR ||
        Boolean(a.drawToCourt);
      if (needsCourt && !complaint.caseId) {
        problems.add(
          UserErrorCode.INVALID,
          f('category'),
          `${a.category} concerns what the court was told: the complaint has no case`,
        );
      }
      if (a.category === AspectCategory.FACTUAL_ERROR) {
        const other = optionalText(problems, f('otherCommunication'), a.otherCommunication, SHORT_TEXT);
        if (!a.courtReportId && !other) {
          problems.add(
            UserErrorCode.INVALID,
            f('courtReportId'),
            'a factual error names the court report in error (or describes the other communication to the court in otherCommunication)',
          );
        } else if (a.courtReportId && other) {
          problems.add(
            UserErrorCode.INVALID,
            f('otherCommunication'),
            'a factual error is in a court report or in another communication, not both',
          );
        } else if (a.courtReportId) {
          const report = isId(a.courtReportId)
            ? await t.tx.getRepository(CourtReport).findOneBy({ id: a.courtReportId })
            : null;
          if (!report)
            problems.add(
              UserErrorCode.NOT_FOUND,
              f('courtReportId'),
              `no court report has the id "${a.courtReportId}"`,
            );
          else if (report.caseId !== complaint.caseId)
            problems.add(UserErrorCode.INVALID, f('courtReportId'), "the report is not on the complaint's case");
          row.courtReportId = report?.id ?? null;
        }
        row.otherCommunication = other;
      }
      if (a.category === AspectCategory.STAFF_CONDUCT) {
        const staff = isId(a.staffId) ? await t.tx.getRepository(Staff).findOneBy({ id: a.staffId }) : null;
        if (!a.staffId) problems.add(UserErrorCode.INVALID, f('staffId'), 'a conduct aspect names the employee');
        else if (!staff)
          problems.add(UserErrorCode.NOT_FOUND, f('staffId'), `no member of staff has the id "${a.staffId}"`);
        if (!a.seriousness)
          problems.add(UserErrorCode.INVALID, f('seriousness'), 'say whether the conduct is STANDARD or SERIOUS');
        const level = referralLevelOf(a);
        if (a.seriousness && !levelAllowed(a.seriousness, level)) {
          problems.add(
            UserErrorCode.INVALID,
            f('referralLevel'),
            'serious conduct is referred to the senior manager (SENIOR_MANAGER is the minimum)',
          );
        }
        Object.assign(row, {
          staffId: staff?.id ?? null,
          seriousness: a.seriousness ?? null,
          referralLevel: level,
          drawToCourt: Boolean(a.drawToCourt),
        });
      }
      if (a.category === AspectCategory.PROVIDER_ACTIONS) {
        const provider = isId(a.providerId) ? await t.tx.getRepository(Provider).findOneBy({ id: a.providerId }) : null;
        if (!a.providerId) problems.add(UserErrorCode.INVALID, f('providerId'), 'a provider aspect names the provider');
        else if (!provider)
          problems.add(UserErrorCode.NOT_FOUND, f('providerId'), `no provider has the id "${a.providerId}"`);
        row.providerId = provider?.id ?? null;
      }
      rows.push(row);
    }
    problems.throwIfAny();
    return rows;
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

  /**
   * Brings the consequence rows in line with the aspects; returns what happened, by key, with the
   * rows created or replaced (to be notified) and the rows removed (whose messages are cancelled).
   */
  private async syncConsequences(t: TxContext, complaint: Complaint, aspects: ComplaintAspect[]) {
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
    const summary = {
      created: [] as string[],
      replaced: [] as string[],
      kept: [] as string[],
      removed: [] as string[],
    };
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
  private async notify(t: TxContext, complaint: Complaint, touched: Consequence[]): Promise<void> {
    for (const row of touched) {
      // Professional judgement goes to the court with the response (sendResponse).
      if (row instanceof CourtNotification && row.reason !== CourtNotificationReason.PROFESSIONAL_JUDGEMENT) {
        await this.notifications.courtNotification(t, complaint, row);
      } else if (row instanceof Referral) {
        await this.notifications.referral(t, complaint, row);
      } else if (row instanceof ProviderEngagement) {
        await this.notifications.engagement(t, complaint, row);
        await this.chases.schedule(t, row);
      }
    }
  }

  async assess(t: TxContext, input: AssessInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const status = transition('assess', complaint.status);
    const rows = await this.validateAspects(t, complaint, input.aspects);
    await t.tx.getRepository(ComplaintAspect).delete({ complaintId: complaint.id });
    const aspects = await t.tx
      .getRepository(ComplaintAspect)
      .save(rows.map((r) => t.tx.getRepository(ComplaintAspect).create(r)));
    const { summary, touched } = await this.syncConsequences(t, complaint, aspects);
    const updated = await this.store.update(t, complaint, { status }, 'complaint.assessed', {
      detail: { aspects: aspects.map((a) => a.category), consequences: summary },
    });
    await this.notify(t, updated, touched);
    return { complaint: updated };
  }

  /** The CST's referral choice for a conduct aspect (§4.6), after assessment. */
  async refer(t: TxContext, input: ReferInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    transition('refer', complaint.status);
    const aspects = await t.tx
      .getRepository(ComplaintAspect)
      .find({ where: { complaintId: complaint.id }, order: { position: 'ASC' } });
    const aspect = aspects.find((a) => a.id === input.aspectId);
    if (!aspect)
      fail(UserErrorCode.NOT_FOUND, 'input.aspectId', `the complaint has no aspect with the id "${input.aspectId}"`);
    if (aspect.category !== AspectCategory.STAFF_CONDUCT)
      fail(UserErrorCode.INVALID, 'input.aspectId', `only STAFF_CONDUCT aspects are referred, not ${aspect.category}`);
    if (!levelAllowed(aspect.seriousness, input.level)) {
      fail(
        UserErrorCode.INVALID,
        'input.level',
        'serious conduct is referred to the senior manager (SENIOR_MANAGER is the minimum)',
      );
    }
    const before = { referralLevel: aspect.referralLevel, drawToCourt: aspect.drawToCourt };
    aspect.referralLevel = input.level;
    if (input.drawToCourt !== undefined && input.drawToCourt !== null) aspect.drawToCourt = input.drawToCourt;
    await t.tx
      .getRepository(ComplaintAspect)
      .update(aspect.id, { referralLevel: aspect.referralLevel, drawToCourt: aspect.drawToCourt });
    const { summary, touched } = await this.syncConsequences(t, complaint, aspects);
    const updated = await this.store.update(t, complaint, {}, 'complaint.referred', {
      entity: { type: 'ComplaintAspect', id: aspect.id },
      detail: {
        from: before,
        to: { referralLevel: aspect.referralLevel, drawToCourt: aspect.drawToCourt },
        consequences: summary,
      },
    });
    await this.notify(t, updated, touched);
    return { complaint: updated };
  }

  /** A referral's outcome (§1.5): by a line manager of the member of staff, a senior manager or the HR system. */
  async recordReferralOutcome(
    t: TxContext,
    input: { referralId: string; outcome: ReferralOutcome; note?: string | null },
  ): Promise<{ referral: Referral; complaint: Complaint }> {
    // Outside the caller's row scope (a line manager's reporting line, the referrals sent to HR) is unknown.
    const referral = await lockInScope(t, Referral, input.referralId);
    if (!referral) fail(UserErrorCode.NOT_FOUND, 'input.referralId', `no referral has the id "${input.referralId}"`);
    const problems = new Problems();
    const note = optionalText(problems, 'input.note', input.note, LONG_TEXT);
    problems.throwIfAny();
    const before = { outcome: referral.outcome, outcomeNote: referral.outcomeNote };
    if (before.outcome === input.outcome && before.outcomeNote === note) {
      return { referral, complaint: await t.tx.getRepository(Complaint).findOneByOrFail({ id: referral.complaintId }) };
    }
    Object.assign(referral, { outcome: input.outcome, outcomeNote: note, outcomeRecordedAt: t.now() });
    await t.tx.getRepository(Referral).update(referral.id, {
      outcome: referral.outcome,
      outcomeNote: note,
      outcomeRecordedAt: referral.outcomeRecordedAt,
    });
    const complaint = await t.tx.getRepository(Complaint).findOneByOrFail({ id: referral.complaintId });
    await this.audit.record(t.tx, t.actor, {
      action: 'referral.outcome-recorded',
      entityType: 'Referral',
      entityId: referral.id,
      complaintId: complaint.id,
      change: { outcome: { from: before.outcome, to: referral.outcome }, note: { from: before.outcomeNote, to: note } },
    });
    await this.notifications.referralOutcome(t, complaint, referral, t.identity.staffId);
    return { referral, complaint };
  }

  async recordReportCorrection(
    t: TxContext,
    input: { reportCorrectionId: string; correction: string; correctedAt?: Date | null },
  ): Promise<ComplaintChange> {
    const row = isId(input.reportCorrectionId)
      ? await t.tx.getRepository(ReportCorrection).findOneBy({ id: input.reportCorrectionId })
      : null;
    if (!row)
      fail(
        UserErrorCode.NOT_FOUND,
        'input.reportCorrectionId',
        `no report correction has the id "${input.reportCorrectionId}"`,
      );
    const complaint = await this.store.lock(t, row.complaintId);
    const problems = new Problems();
    const correction = requiredText(problems, 'input.correction', input.correction, LONG_TEXT);
    const correctedAt = pastInstant(problems, 'input.correctedAt', input.correctedAt ?? t.now(), t.now());
    if (row.correctedAt)
      problems.add(
        UserErrorCode.CONFLICT,
        'input.reportCorrectionId',
        `the correction was recorded on ${londonDate(row.correctedAt)}`,
      );
    problems.throwIfAny();
    await t.tx.getRepository(ReportCorrection).update(row.id, { correction, correctedAt: correctedAt! });
    const updated = await this.store.update(t, complaint, {}, 'report.corrected', {
      entity: { type: 'ReportCorrection', id: row.id },
      detail: { courtReportId: row.courtReportId, correctedAt },
    });
    return { complaint: await this.store.closeIfDone(t, updated) };
  }

  /** A court notification sent outside the gateway's own delivery (a court portal, by hand). */
  async recordCourtNotificationSent(
    t: TxContext,
    input: { courtNotificationId: string; sentAt?: Date | null },
  ): Promise<ComplaintChange> {
    const row = isId(input.courtNotificationId)
      ? await t.tx.getRepository(CourtNotification).findOneBy({ id: input.courtNotificationId })
      : null;
    if (!row)
      fail(
        UserErrorCode.NOT_FOUND,
        'input.courtNotificationId',
        `no court notification has the id "${input.courtNotificationId}"`,
      );
    const complaint = await this.store.lock(t, row.complaintId);
    const problems = new Problems();
    const sentAt = pastInstant(problems, 'input.sentAt', input.sentAt ?? t.now(), t.now());
    if (row.sentAt)
      problems.add(
        UserErrorCode.CONFLICT,
        'input.courtNotificationId',
        `the notification was sent on ${londonDate(row.sentAt)}`,
      );
    problems.throwIfAny();
    await t.tx.getRepository(CourtNotification).update(row.id, { sentAt: sentAt! });
    // Sent outside the gateway: its own message is no longer needed.
    await this.notifications.cancelPending(t, 'courtNotificationId', [row.id]);
    const updated = await this.store.update(t, complaint, {}, 'court-notification.sent', {
      entity: { type: 'CourtNotification', id: row.id },
      detail: { reason: row.reason, courtId: row.courtId, sentAt },
    });
    return { complaint: await this.store.closeIfDone(t, updated) };
  }
}
