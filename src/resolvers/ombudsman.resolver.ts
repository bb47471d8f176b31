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

@InputType({
  description:
    'The complainant referred a CLOSED or RESOLVED_LOCALLY complaint to the Parliamentary and Health Service ' +
    'Ombudsman through an MP (SPEC §1.7); the complaint becomes ESCALATED_TO_OMBUDSMAN.',
})
export class EscalateToOmbudsmanInput extends ComplaintEditInput implements EscalateValues {
  @Field({ description: 'The MP through whom the complainant referred it; not empty, at most 500 characters.' })
  mpName: string;
  @Field(() => String, { nullable: true, description: "The MP's constituency; optional, at most 500 characters." })
  mpConstituency?: string;
  @Field(() => LocalDate, {
    description:
      'When it was referred: a London calendar date, YYYY-MM-DD, not in the future nor before the response was ' +
      'sent. More than 12 months after the response is a warning (LATE_OMBUDSMAN_REFERRAL), not a block.',
  })
  referredOn: string;
}

@InputType({ description: "One of the Ombudsman's recommendations, with its due date and, if done, the evidence." })
export class RecommendationInput implements RecommendationValues {
  @Field({ description: 'What the Ombudsman recommends; not empty, at most 20,000 characters.' })
  recommendation: string;
  @Field(() => LocalDate, { description: 'When it is to be complied with: a London calendar date, YYYY-MM-DD.' })
  dueOn: string;
  @Field(() => String, {
    nullable: true,
    description: 'Evidence of compliance, at most 20,000 characters; required when completedOn is given.',
  })
  complianceEvidence?: string;
  @Field(() => LocalDate, {
    nullable: true,
    description: 'When it was complied with (YYYY-MM-DD, not in the future); leave out while it is outstanding.',
  })
  completedOn?: string;
}

@InputType({
  description: "The Ombudsman's decision on an escalation and its recommendations, recorded once (SPEC §1.7).",
})
export class RecordOmbudsmanOutcomeInput implements OmbudsmanOutcomeInput {
  @Field(() => ID, {
    description: 'The escalation (OmbudsmanEscalation.id); one whose outcome is recorded already is a CONFLICT.',
  })
  escalationId: string;
  @Field(() => OmbudsmanOutcome, { description: "The Ombudsman's decision." }) outcome: OmbudsmanOutcome;
  @Field(() => LocalDate, {
    description: 'When it was decided: a London calendar date, YYYY-MM-DD, not in the future nor before referredOn.',
  })
  outcomeOn: string;
  @Field(() => [RecommendationInput], {
    nullable: true,
    description: "The Ombudsman's recommendations, if any; their compliance can be recorded later.",
  })
  recommendations?: RecommendationInput[];
}

@InputType({ description: "Evidence that one of the Ombudsman's recommendations was complied with (SPEC §1.7)." })
export class RecordRecommendationComplianceInput {
  @Field(() => ID, { description: 'The recommendation (OmbudsmanRecommendation.id).' }) recommendationId: string;
  @Field({ description: 'What was done, and how it shows; not empty, at most 20,000 characters.' })
  complianceEvidence: string;
  @Field(() => LocalDate, {
    description:
      'When it was complied with: a London calendar date, YYYY-MM-DD, not in the future; compared with dueOn ' +
      'for the audit.',
  })
  completedOn: string;
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
    @Arg('input', () => EscalateToOmbudsmanInput, {
      description: 'The complaint escalated, the MP and the date of the referral.',
    })
    input: EscalateToOmbudsmanInput,
  ): Promise<EscalateToOmbudsmanPayload> {
    return ombudsmanPayload(await runMutation(ctx, (t) => this.services.ombudsman.escalate(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordOmbudsmanOutcomePayload, { description: "The ombudsman's outcome and recommendations." })
  async recordOmbudsmanOutcome(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordOmbudsmanOutcomeInput, {
      description: "The escalation, the Ombudsman's outcome and date, and any recommendations.",
    })
    input: RecordOmbudsmanOutcomeInput,
  ): Promise<RecordOmbudsmanOutcomePayload> {
    return ombudsmanPayload(await runMutation(ctx, (t) => this.services.ombudsman.recordOutcome(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordRecommendationCompliancePayload, {
    description: 'Evidence that a recommendation was complied with.',
  })
  async recordRecommendationCompliance(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordRecommendationComplianceInput, {
      description: 'The recommendation, the evidence of compliance and its date.',
    })
    input: RecordRecommendationComplianceInput,
  ): Promise<RecordRecommendationCompliancePayload> {
    return ombudsmanPayload(await runMutation(ctx, (t) => this.services.ombudsman.recordCompliance(t, input)));
  }
}
