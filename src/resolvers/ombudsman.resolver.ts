import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { OmbudsmanOutcome } from '../domain/enums';
import { OmbudsmanEscalation } from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import { runMutation, type MutationResult } from '../services/mutation';
import {
  type EscalateToOmbudsmanInput as EscalateValues,
  type EscalationChange,
  type OmbudsmanOutcomeInput,
  type RecommendationInput as RecommendationValues,
} from '../services/ombudsman.service';
import { ComplaintEditInput } from '../graphql/inputs';
import type { Services } from '../services/services';

@InputType()
export class EscalateToOmbudsmanInput extends ComplaintEditInput implements EscalateValues {
  @Field({ description: 'The MP through whom the complainant referred it.' }) mpName: string;
  @Field(() => String, { nullable: true }) mpConstituency?: string;
  @Field(() => LocalDate, { description: 'More than 12 months after the response is a warning, not a block.' })
  referredOn: string;
}

@InputType()
export class RecommendationInput implements RecommendationValues {
  @Field() recommendation: string;
  @Field(() => LocalDate) dueOn: string;
  @Field(() => String, { nullable: true }) complianceEvidence?: string;
  @Field(() => LocalDate, { nullable: true }) completedOn?: string;
}

@InputType()
export class RecordOmbudsmanOutcomeInput implements OmbudsmanOutcomeInput {
  @Field(() => ID) escalationId: string;
  @Field(() => OmbudsmanOutcome) outcome: OmbudsmanOutcome;
  @Field(() => LocalDate) outcomeOn: string;
  @Field(() => [RecommendationInput], { nullable: true }) recommendations?: RecommendationInput[];
}

@InputType()
export class RecordRecommendationComplianceInput {
  @Field(() => ID) recommendationId: string;
  @Field() complianceEvidence: string;
  @Field(() => LocalDate) completedOn: string;
}

@Authorized()
@ObjectType()
export class OmbudsmanPayload extends ComplaintPayload {
  @Field(() => OmbudsmanEscalation, { nullable: true, description: 'The escalation as changed; null on errors.' })
  escalation: OmbudsmanEscalation | null;
}

function ombudsmanPayload(result: MutationResult<EscalationChange>): OmbudsmanPayload {
  return { ...complaintPayload(result), escalation: result.value?.escalation ?? null };
}

@Authorized()
@ObjectType({
  description:
    'The result of `escalateToOmbudsman`: the escalation and its complaint as changed, or the `errors` to correct.',
})
export class EscalateToOmbudsmanPayload extends OmbudsmanPayload {}

@Authorized()
@ObjectType({
  description:
    'The result of `recordOmbudsmanOutcome`: the escalation and its complaint as changed, or the `errors` to correct.',
})
export class RecordOmbudsmanOutcomePayload extends OmbudsmanPayload {}

@Authorized()
@ObjectType({
  description:
    'The result of `recordRecommendationCompliance`: the escalation and its complaint as changed, or the ' +
    '`errors` to correct.',
})
export class RecordRecommendationCompliancePayload extends OmbudsmanPayload {}

@Resolver()
export class OmbudsmanResolver {
  constructor(private readonly services: Pick<Services, 'ombudsman'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => EscalateToOmbudsmanPayload, {
    description: 'The complainant referred the complaint to the PHSO through an MP (§4.11).',
  })
  async escalateToOmbudsman(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => EscalateToOmbudsmanInput) input: EscalateToOmbudsmanInput,
  ): Promise<EscalateToOmbudsmanPayload> {
    return ombudsmanPayload(await runMutation(ctx, (t) => this.services.ombudsman.escalate(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordOmbudsmanOutcomePayload, { description: "The ombudsman's outcome and recommendations." })
  async recordOmbudsmanOutcome(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordOmbudsmanOutcomeInput) input: RecordOmbudsmanOutcomeInput,
  ): Promise<RecordOmbudsmanOutcomePayload> {
    return ombudsmanPayload(await runMutation(ctx, (t) => this.services.ombudsman.recordOutcome(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordRecommendationCompliancePayload, {
    description: 'Evidence that a recommendation was complied with.',
  })
  async recordRecommendationCompliance(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordRecommendationComplianceInput) input: RecordRecommendationComplianceInput,
  ): Promise<RecordRecommendationCompliancePayload> {
    return ombudsmanPayload(await runMutation(ctx, (t) => this.services.ombudsman.recordCompliance(t, input)));
  }
}
