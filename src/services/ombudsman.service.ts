/**
 * After the response (SPEC §1.7): escalation to the Parliamentary and Health Service Ombudsman
 * through an MP (a warning past 12 months, not a block), its outcome and recommendations.
 */
import { addMonths, londonDate } from '../domain/calendar-date';
import { transition } from '../domain/complaint-status';
import { type OmbudsmanOutcome } from '../domain/enums';
import { Problems, UserErrorCode } from '../domain/problems';
import { LONG_TEXT, SHORT_TEXT, requiredDate, optionalText, pastDate, requiredText } from '../domain/validation';
import { Complaint, OmbudsmanEscalation, OmbudsmanRecommendation } from '../entities';
import type { ComplaintChange } from './mutation';
import { ComplaintStore } from './complaint-store';
import type { TxContext } from './mutation';
import { mustFind } from './referenced';
import { UserWarningCode, warning } from '../domain/warnings';

export interface EscalateToOmbudsmanInput {
  complaintId: string;
  expectedVersion?: number | null;
  mpName: string;
  mpConstituency?: string | null;
  referredOn: string;
}

export interface RecommendationInput {
  recommendation: string;
  dueOn: string;
  complianceEvidence?: string | null;
  completedOn?: string | null;
}

export interface OmbudsmanOutcomeInput {
  escalationId: string;
  outcome: OmbudsmanOutcome;
  outcomeOn: string;
  recommendations?: RecommendationInput[] | null;
}

export interface EscalationChange extends ComplaintChange {
  escalation: OmbudsmanEscalation;
}

export class OmbudsmanService {
  constructor(private readonly store: ComplaintStore) {}

  async escalate(t: TxContext, input: EscalateToOmbudsmanInput): Promise<EscalationChange> {
    const complaint = await this.store.lock(t, input.complaintId, input.expectedVersion);
    const status = transition('escalateToOmbudsman', complaint.status);
    const problems = new Problems();
    const mpName = requiredText(problems, 'input.mpName', input.mpName, SHORT_TEXT);
    const mpConstituency = optionalText(problems, 'input.mpConstituency', input.mpConstituency, SHORT_TEXT);
    const referredOn = pastDate(problems, 'input.referredOn', input.referredOn, t.today);
    const respondedOn = complaint.respondedAt ? londonDate(complaint.respondedAt) : null;
    if (referredOn && respondedOn && referredOn < respondedOn) {
      problems.add(
        UserErrorCode.INVALID,
        'input.referredOn',
        `the complaint was answered on ${respondedOn}: it cannot have been referred before`,
      );
    }
    problems.throwIfAny();
    const late = respondedOn !== null && referredOn! > addMonths(respondedOn, 12);
    const escalation = await t.tx
      .getRepository(OmbudsmanEscalation)
      .save(
        t.tx
          .getRepository(OmbudsmanEscalation)
          .create({ complaintId: complaint.id, mpName, mpConstituency, referredOn: referredOn!, lateReferral: late }),
      );
    const updated = await this.store.update(t, complaint, { status }, 'ombudsman.escalated', {
      entity: { type: 'OmbudsmanEscalation', id: escalation.id },
      detail: { mpName, referredOn, lateReferral: late },
    });
    return {
      complaint: updated,
      escalation,
      warnings: late
        ? [
            warning(
              UserWarningCode.LATE_OMBUDSMAN_REFERRAL,
              `referred more than 12 months after the response (${respondedOn}): the ombudsman may not take it`,
            ),
          ]
        : [],
    };
  }

  private recommendationValues(
    problems: Problems,
    input: RecommendationInput,
    i: number,
    today: string,
  ): Partial<OmbudsmanRecommendation> {
    const f = (name: string) => `input.recommendations.${i}.${name}`;
    const values = {
      recommendation: requiredText(problems, f('recommendation'), input.recommendation, LONG_TEXT),
      dueOn: requiredDate(problems, f('dueOn'), input.dueOn) ?? '',
      complianceEvidence: optionalText(problems, f('complianceEvidence'), input.complianceEvidence, LONG_TEXT),
      completedOn: pastDate(problems, f('completedOn'), input.completedOn, today),
    };
    if (values.completedOn && !values.complianceEvidence) {
      problems.add(
        UserErrorCode.INVALID,
        f('complianceEvidence'),
        'a completed recommendation needs the evidence of compliance',
      );
    }
    return values;
  }

  async recordOutcome(t: TxContext, input: OmbudsmanOutcomeInput): Promise<EscalationChange> {
    const escalationField = { field: 'input.escalationId', what: 'ombudsman escalation' };
    const escalation = await mustFind(t.tx, OmbudsmanEscalation, input.escalationId, escalationField);
    const complaint = await this.store.lock(t, escalation.complaintId);
    const problems = new Problems();
    if (escalation.outcome)
      problems.add(
        UserErrorCode.CONFLICT,
        'input.escalationId',
        `the outcome (${escalation.outcome}) was recorded on ${escalation.outcomeOn}`,
      );
    const outcomeOn = pastDate(problems, 'input.outcomeOn', input.outcomeOn, t.today);
    if (outcomeOn && outcomeOn < escalation.referredOn)
      problems.add(UserErrorCode.INVALID, 'input.outcomeOn', `the referral was made on ${escalation.referredOn}`);
    const recommendations = (input.recommendations ?? []).map((r, i) =>
      this.recommendationValues(problems, r, i, t.today),
    );
    problems.throwIfAny();
    await t.tx
      .getRepository(OmbudsmanEscalation)
      .update(escalation.id, { outcome: input.outcome, outcomeOn: outcomeOn! });
    Object.assign(escalation, { outcome: input.outcome, outcomeOn });
    await t.tx
      .getRepository(OmbudsmanRecommendation)
      .insert(recommendations.map((r) => ({ ...r, escalationId: escalation.id })));
    const updated = await this.store.update(t, complaint, {}, 'ombudsman.outcome-recorded', {
      entity: { type: 'OmbudsmanEscalation', id: escalation.id },
      detail: { outcome: input.outcome, outcomeOn, recommendations: recommendations.length },
    });
    return { complaint: updated, escalation };
  }

  /** Evidence that a recommendation was complied with. */
  async recordCompliance(
    t: TxContext,
    input: { recommendationId: string; complianceEvidence: string; completedOn: string },
  ): Promise<EscalationChange> {
    const recommendationField = { field: 'input.recommendationId', what: 'recommendation' };
    const recommendation = await mustFind(t.tx, OmbudsmanRecommendation, input.recommendationId, recommendationField);
    const escalation = await t.tx
      .getRepository(OmbudsmanEscalation)
      .findOneByOrFail({ id: recommendation.escalationId });
    const complaint: Complaint = await this.store.lock(t, escalation.complaintId);
    const problems = new Problems();
    const complianceEvidence = requiredText(problems, 'input.complianceEvidence', input.complianceEvidence, LONG_TEXT);
    const completedOn = pastDate(problems, 'input.completedOn', input.completedOn, t.today);
    problems.throwIfAny();
    await t.tx
      .getRepository(OmbudsmanRecommendation)
      .update(recommendation.id, { complianceEvidence, completedOn: completedOn! });
    const updated = await this.store.update(t, complaint, {}, 'ombudsman.recommendation-complied', {
      entity: { type: 'OmbudsmanRecommendation', id: recommendation.id },
      detail: { completedOn, onTime: completedOn! <= recommendation.dueOn },
    });
    return { complaint: updated, escalation };
  }
}
