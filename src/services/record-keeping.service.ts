/**
 * Records kept beside complaints: compliments (§6), learning and action points (FOI 2015),
 * contact restrictions (§3.4–3.5) and reasonable adjustments (§1.4).
 */
import { ComplimentSource, LearningPointKind } from '../domain/enums';
import { Problems, UserErrorCode, fail } from '../domain/problems';
import { LONG_TEXT, dateAfter, isId, pastDate, requiredDate, requiredText } from '../domain/validation';
import {
  Complainant,
  Complaint,
  Compliment,
  ContactRestriction,
  LearningPoint,
  ReasonableAdjustment,
  Staff,
} from '../entities';
import { AuditService } from './audit.service';
import type { TxContext } from './mutation';

export interface ComplimentInput {
  staffId: string;
  source: ComplimentSource;
  receivedOn: string;
  summary: string;
}

export interface LearningPointInput {
  complaintId?: string | null;
  kind: LearningPointKind;
  description: string;
  ownerId: string;
  dueOn: string;
}

export class RecordKeepingService {
  constructor(private readonly audit: AuditService) {}

  private async staff(t: TxContext, id: string, field: string): Promise<Staff> {
    const staff = isId(id) ? await t.tx.getRepository(Staff).findOneBy({ id }) : null;
    if (!staff) fail(UserErrorCode.NOT_FOUND, field, `no member of staff has the id "${id}"`);
    return staff;
  }

  private async complainant(t: TxContext, id: string): Promise<Complainant> {
    const complainant = isId(id) ? await t.tx.getRepository(Complainant).findOneBy({ id }) : null;
    if (!complainant) fail(UserErrorCode.NOT_FOUND, 'input.complainantId', `no complainant has the id "${id}"`);
    return complainant;
  }

  /** The staff member's manager is told (with notifications); compliments are reported quarterly. */
  async recordCompliment(t: TxContext, input: ComplimentInput): Promise<Compliment> {
    const problems = new Problems();
    const summary = requiredText(problems, 'input.summary', input.summary, LONG_TEXT);
    const receivedOn = pastDate(problems, 'input.receivedOn', input.receivedOn, t.today);
    const staff = isId(input.staffId) ? await t.tx.getRepository(Staff).findOneBy({ id: input.staffId }) : null;
    if (!staff)
      problems.add(UserErrorCode.NOT_FOUND, 'input.staffId', `no member of staff has the id "${input.staffId}"`);
    problems.throwIfAny();
    const compliment = await t.tx.getRepository(Compliment).save(
      t.tx.getRepository(Compliment).create({
        staffId: staff!.id,
        serviceAreaId: staff!.serviceAreaId,
        source: input.source,
        receivedOn: receivedOn!,
        summary,
      }),
    );
    await this.audit.record(t.tx, t.actor, {
      action: 'compliment.recorded',
      entityType: 'Compliment',
      entityId: compliment.id,
      change: { staffId: staff!.id, source: input.source, receivedOn },
    });
    return compliment;
  }

  async logLearningPoint(t: TxContext, input: LearningPointInput): Promise<LearningPoint> {
    const problems = new Problems();
    const description = requiredText(problems, 'input.description', input.description, LONG_TEXT);
    const dueOn = requiredDate(problems, 'input.dueOn', input.dueOn);
    problems.throwIfAny();
    const owner = await this.staff(t, input.ownerId, 'input.ownerId');
    let complaint: Complaint | null = null;
    if (input.complaintId) {
      complaint = isId(input.complaintId)
        ? await t.tx.getRepository(Complaint).findOneBy({ id: input.complaintId })
        : null;
      if (!complaint)
        fail(UserErrorCode.NOT_FOUND, 'input.complaintId', `no complaint has the id "${input.complaintId}"`);
    }
    const point = await t.tx.getRepository(LearningPoint).save(
      t.tx.getRepository(LearningPoint).create({
        complaintId: complaint?.id ?? null,
        kind: input.kind,
        description,
        ownerId: owner.id,
        dueOn: dueOn!,
      }),
    );
    await this.audit.record(t.tx, t.actor, {
      action: 'learning-point.logged',
      entityType: 'LearningPoint',
      entityId: point.id,
      complaintId: complaint?.id ?? null,
      change: { kind: input.kind, ownerId: owner.id, dueOn },
    });
    return point;
  }

  async closeLearningPoint(
    t: TxContext,
    input: { learningPointId: string; closingEvidence: string; closedOn?: string | null },
  ): Promise<LearningPoint> {
    const point = isId(input.learningPointId)
      ? await t.tx.getRepository(LearningPoint).findOneBy({ id: input.learningPointId })
      : null;
    if (!point)
      fail(UserErrorCode.NOT_FOUND, 'input.learningPointId', `no learning point has the id "${input.learningPointId}"`);
    const problems = new Problems();
    if (point.closedOn)
      problems.add(UserErrorCode.CONFLICT, 'input.learningPointId', `the point was closed on ${point.closedOn}`);
    const closingEvidence = requiredText(problems, 'input.closingEvidence', input.closingEvidence, LONG_TEXT);
    const closedOn = pastDate(problems, 'input.closedOn', input.closedOn ?? t.today, t.today);
    problems.throwIfAny();
    Object.assign(point, { closingEvidence, closedOn });
    await t.tx.getRepository(LearningPoint).update(point.id, { closingEvidence, closedOn: closedOn! });
    await this.audit.record(t.tx, t.actor, {
      action: 'learning-point.closed',
      entityType: 'LearningPoint',
      entityId: point.id,
      complaintId: point.complaintId,
      change: { closedOn },
    });
    return point;
  }

  /** A CST manager limits contact (§3.4–3.5); the complainant is told; reviewed by the date given. */
  async restrictContact(
    t: TxContext,
    input: { complainantId: string; restriction: string; reason: string; reviewOn: string },
  ): Promise<ContactRestriction> {
    const complainant = await this.complainant(t, input.complainantId);
    const problems = new Problems();
    const restriction = requiredText(problems, 'input.restriction', input.restriction, LONG_TEXT);
    const reason = requiredText(problems, 'input.reason', input.reason, LONG_TEXT);
    const reviewOn = dateAfter(problems, 'input.reviewOn', input.reviewOn, t.today, 'today');
    if (!input.reviewOn) problems.add(UserErrorCode.INVALID, 'input.reviewOn', 'a restriction has a review date');
    problems.throwIfAny();
    const row = await t.tx.getRepository(ContactRestriction).save(
      t.tx.getRepository(ContactRestriction).create({
        complainantId: complainant.id,
        restriction,
        reason,
        reviewOn: reviewOn!,
        recordedById: t.identity.staffId,
      }),
    );
    await this.audit.record(t.tx, t.actor, {
      action: 'contact.restricted',
      entityType: 'ContactRestriction',
      entityId: row.id,
      change: { complainantId: complainant.id, reviewOn },
    });
    return row;
  }

  async recordReasonableAdjustment(
    t: TxContext,
    input: { complainantId: string; adjustment: string },
  ): Promise<ReasonableAdjustment> {
    const complainant = await this.complainant(t, input.complainantId);
    const problems = new Problems();
    const adjustment = requiredText(problems, 'input.adjustment', input.adjustment, LONG_TEXT);
    problems.throwIfAny();
    const row = await t.tx
      .getRepository(ReasonableAdjustment)
      .save(
        t.tx
          .getRepository(ReasonableAdjustment)
          .create({ complainantId: complainant.id, adjustment, recordedById: t.identity.staffId }),
      );
    await this.audit.record(t.tx, t.actor, {
      action: 'adjustment.recorded',
      entityType: 'ReasonableAdjustment',
      entityId: row.id,
      change: { complainantId: complainant.id },
    });
    return row;
  }
}
