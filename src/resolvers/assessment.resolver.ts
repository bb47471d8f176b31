import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { AspectCategory, ReferralLevel, Seriousness } from '../domain/enums';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import { type AspectInput as AspectValues, type AssessInput, type ReferInput } from '../services/assessment.service';
import { runMutation } from '../services/mutation';
import { ComplaintEditInput } from '../graphql/inputs';
import type { Services } from '../services/services';

@InputType({ description: 'One aspect of the complaint; each category names what it needs (§4.4–4.9).' })
export class AspectInput implements AspectValues {
  @Field(() => AspectCategory) category: AspectCategory;
  @Field() description: string;
  @Field(() => String, { nullable: true, description: 'Free text: the procedure does not grade complaints as upheld.' })
  finding?: string;
  @Field(() => String, { nullable: true }) remedialAction?: string;
  @Field(() => ID, { nullable: true, description: 'FACTUAL_ERROR: the court report in error.' }) courtReportId?: string;
  @Field(() => String, { nullable: true, description: 'FACTUAL_ERROR: the other communication to the court in error.' })
  otherCommunication?: string;
  @Field(() => ID, { nullable: true, description: 'STAFF_CONDUCT: the employee.' }) staffId?: string;
  @Field(() => Seriousness, { nullable: true, description: 'STAFF_CONDUCT.' }) seriousness?: Seriousness;
  @Field(() => ReferralLevel, {
    nullable: true,
    description: 'STAFF_CONDUCT: default SENIOR_MANAGER, the minimum for SERIOUS.',
  })
  referralLevel?: ReferralLevel;
  @Field(() => Boolean, { nullable: true, description: "STAFF_CONDUCT: draw it to the court's attention." })
  drawToCourt?: boolean;
  @Field(() => ID, { nullable: true, description: 'PROVIDER_ACTIONS: the provider.' }) providerId?: string;
}

@InputType()
export class AssessComplaintInput extends ComplaintEditInput implements AssessInput {
  @Field(() => [AspectInput], {
    description: 'Replaces earlier aspects; consequences not yet sent are replaced, sent ones kept.',
  })
  aspects: AspectInput[];
}

@InputType()
export class ReferComplaintInput extends ComplaintEditInput implements ReferInput {
  @Field(() => ID, { description: 'The STAFF_CONDUCT aspect.' }) aspectId: string;
  @Field(() => ReferralLevel) level: ReferralLevel;
  @Field(() => Boolean, { nullable: true }) drawToCourt?: boolean;
}

@Authorized()
@ObjectType({ description: 'The result of `assessComplaint`: the complaint as changed, or the `errors` to correct.' })
export class AssessComplaintPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({ description: 'The result of `referComplaint`: the complaint as changed, or the `errors` to correct.' })
export class ReferComplaintPayload extends ComplaintPayload {}

@Resolver()
export class AssessmentResolver {
  constructor(private readonly services: Pick<Services, 'assessment'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => AssessComplaintPayload, {
    description: 'Records the aspects and creates their consequences (§4.4–4.9) in one transaction.',
  })
  async assessComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => AssessComplaintInput) input: AssessComplaintInput,
  ): Promise<AssessComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.assessment.assess(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ReferComplaintPayload, {
    description: 'Changes the referral of a conduct aspect (NONE, line manager, senior manager).',
  })
  async referComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => ReferComplaintInput) input: ReferComplaintInput,
  ): Promise<ReferComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.assessment.refer(t, input)));
  }
}
