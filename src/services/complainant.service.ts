/**
 * What is kept about how the service deals with a complainant: reasonable adjustments (§1.4). Contact
 * restrictions (§3.4–3.5) have their own service (contact-restriction.service.ts).
 */
import { Problems } from '../domain/problems';
import { LONG_TEXT, requiredText } from '../domain/validation';
import { Complainant, ReasonableAdjustment } from '../entities';
import type { AuditService } from './audit.service';
import type { TxContext } from './mutation';
import { mustFind } from './referenced';

export interface ReasonableAdjustmentInput {
  complainantId: string;
  adjustment: string;
}

const COMPLAINANT = { field: 'input.complainantId', what: 'complainant' };

export class ComplainantService {
  constructor(private readonly audit: AuditService) {}

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
