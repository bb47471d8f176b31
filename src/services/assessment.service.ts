/**
 * Assessment (SPEC §1.4–1.5): the aspects of a complaint, recorded with their consequences in the
 * same transaction (src/services/consequence.service.ts), and the CST's later referral choice.
 */
import {
  type AspectInput,
  type NamedRows,
  checkAspect,
  checkAspectCount,
  checkReferralLevel,
  namesOf,
} from '../domain/aspects';
import { transition } from '../domain/complaint-status';

import { AspectCategory, type ReferralLevel } from '../domain/enums';
import { Problems, UserErrorCode, fail } from '../domain/problems';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { Complaint, ComplaintAspect, CourtReport, Provider, Staff } from '../entities';
import type { ComplaintChange } from './mutation';
import type { ComplaintStore } from './complaint-store';
import type { ConsequenceService } from './consequence.service';
import type { TxContext } from './mutation';
import { byId } from './referenced';

export type { AspectInput } from '../domain/aspects';

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

export class AssessmentService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly consequences: ConsequenceService,
  ) {}

  /** Every aspect checked (all problems at once), as the rows to write. */
  private async checkAspects(
    t: TxContext,
    complaint: Complaint,
    aspects: AspectInput[],
  ): Promise<Partial<ComplaintAspect>[]> {
    const problems = new Problems();
    checkAspectCount(aspects.length, problems);
    const rows: Partial<ComplaintAspect>[] = [];
    for (const [i, a] of aspects.entries()) {
      const found = await this.namedRows(t, a);
      rows.push({ complaintId: complaint.id, ...checkAspect(a, i, complaint.caseId, found, problems) });
    }
    problems.throwIfAny();
    return rows;
  }

  /** The rows an aspect names, looked up (an id that is not an id names nothing). */
  private async namedRows(t: TxContext, a: AspectInput): Promise<NamedRows> {
    const { courtReportId, staffId, providerId } = namesOf(a);
    const lookUp = <T extends ObjectLiteral>(entity: EntityTarget<T>, id: string | undefined) =>
      id === undefined ? undefined : byId(t.tx, entity, id);
    return {
      courtReport: await lookUp(CourtReport, courtReportId),
      staff: await lookUp(Staff, staffId),
      provider: await lookUp(Provider, providerId),
    };
  }

  async assess(t: TxContext, input: AssessInput): Promise<ComplaintChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const status = transition('assess', complaint.status);
    const rows = await this.checkAspects(t, complaint, input.aspects);
    await t.tx.getRepository(ComplaintAspect).delete({ complaintId: complaint.id });
    const aspects = await t.tx
      .getRepository(ComplaintAspect)
      .save(rows.map((r) => t.tx.getRepository(ComplaintAspect).create(r)));
    const { summary, touched } = await this.consequences.sync(t, complaint, aspects);
    const updated = await this.store.update(t, complaint, { status }, 'complaint.assessed', {
      detail: { aspects: aspects.map((a) => a.category), consequences: summary },
    });
    await this.consequences.notify(t, updated, touched);
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
    const problems = new Problems();
    checkReferralLevel(aspect.seriousness, input.level, 'input.level', problems);
    problems.throwIfAny();
    const before = { referralLevel: aspect.referralLevel, drawToCourt: aspect.drawToCourt };
    aspect.referralLevel = input.level;
    if (input.drawToCourt !== undefined && input.drawToCourt !== null) aspect.drawToCourt = input.drawToCourt;
    await t.tx
      .getRepository(ComplaintAspect)
      .update(aspect.id, { referralLevel: aspect.referralLevel, drawToCourt: aspect.drawToCourt });
    const { summary, touched } = await this.consequences.sync(t, complaint, aspects);
    const updated = await this.store.update(t, complaint, {}, 'complaint.referred', {
      entity: { type: 'ComplaintAspect', id: aspect.id },
      detail: {
        from: before,
        to: { referralLevel: aspect.referralLevel, drawToCourt: aspect.drawToCourt },
        consequences: summary,
      },
    });
    await this.consequences.notify(t, updated, touched);
    return { complaint: updated };
  }
}
