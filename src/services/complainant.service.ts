/**
 * What is kept about how the service deals with a complainant: contact restrictions (§3.4–3.5) and
 * reasonable adjustments (§1.4).
 */
import { Problems, UserErrorCode, present } from '../domain/problems';
import { LONG_TEXT, dateAfter, requiredText } from '../domain/validation';
import { Complainant, ContactRestriction, ReasonableAdjustment } from '../entities';
import type { AuditService } from './audit.service';
import type { TxContext } from './mutation';
import { mustFind } from './referenced';

export interface RestrictContactInput {
  complainantId: string;
  restriction: string;
  reason: string;
  reviewOn: string;
}

export interface ReasonableAdjustmentInput {
  complainantId: string;
  adjustment: string;
}

const COMPLAINANT = { field: 'input.complainantId', what: 'complainant' };

export class ComplainantService {
  constructor(private readonly audit: AuditService) {}

  /** A CST manager limits contact (§3.4–3.5); the complainant is told; reviewed by the date given. */
  async restrictContact(t: TxContext, input: RestrictContactInput): Promise<ContactRestriction> {
    const complainant = await mustFind(t.tx, Complainant, input.complainantId, COMPLAINANT);
    const problems = new Problems();
    const restriction = requiredText(problems, 'input.restriction', input.restriction, LONG_TEXT);
    const reason = requiredText(problems, 'input.reason', input.reason, LONG_TEXT);
    const review = dateAfter(problems, 'input.reviewOn', input.reviewOn, t.today, 'today');
    if (!input.reviewOn) problems.add(UserErrorCode.INVALID, 'input.reviewOn', 'a restriction has a review date');
    problems.throwIfAny();
    const reviewOn = present(review, 'input.reviewOn');
    const repository = t.tx.getRepository(ContactRestriction);
    const row = await repository.save(
      repository.create({
        complainantId: complainant.id,
        restriction,
        reason,
        reviewOn,
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

  async recordReasonableAdjustment(t: TxContext, input: ReasonableAdjustmentInput): Promise<ReasonableAdjustment> {
    const complainant = await mustFind(t.tx, Complainant, input.complainantId, COMPLAINANT);
    const problems = new Problems();
    const adjustment = requiredText(problems, 'input.adjustment', input.adjustment, LONG_TEXT);
    problems.throwIfAny();
    const repository = t.tx.getRepository(ReasonableAdjustment);
    const row = await repository.save(
      repository.create({ complainantId: complainant.id, adjustment, recordedById: t.identity.staffId }),
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
