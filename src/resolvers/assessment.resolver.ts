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
  @Field(() => AspectCategory, { description: 'What the aspect is about; it decides the consequences (SPEC 1.5).' })
  category: AspectCategory;
  @Field({ description: 'The aspect in the complainant’s terms, as assessed.' }) description: string;
  @Field(() => String, { nullable: true, description: 'Free text: the procedure does not grade complaints as upheld.' })
  finding?: string;
  @Field(() => String, { nullable: true, description: 'What the service will do to put it right, if anything.' })
  remedialAction?: string;
  @Field(() => ID, { nullable: true, description: 'FACTUAL_ERROR: the court report in error.' }) courtReportId?: string;
  @Field(() => String, { nullable: true, description: 'FACTUAL_ERROR: the other communication to the court in error.' })
  otherCommunication?: string;
  @Field(() => ID, { nullable: true, description: 'STAFF_CONDUCT: the employee.' }) staffId?: string;
  @Field(() => Seriousness, { nullable: true, description: 'STAFF_CONDUCT: how serious the conduct is (required).' })
  seriousness?: Seriousness;
  @Field(() => ReferralLevel, {
    nullable: true,
    description: 'STAFF_CONDUCT: default SENIOR_MANAGER, the minimum for SERIOUS.',
  })
  referralLevel?: ReferralLevel;
  @Field(() => Boolean, { nullable: true, description: "STAFF_CONDUCT: draw it to the court's attention." })
  drawToCourt?: boolean;
  @Field(() => ID, { nullable: true, description: 'PROVIDER_ACTIONS: the provider.' }) providerId?: string;
}

@InputType({ description: 'The assessment of a complaint: its aspects, each with its category (§4.4–4.9).' })
export class AssessComplaintInput extends ComplaintEditInput implements AssessInput {
  @Field(() => [AspectInput], {
    description: 'Replaces earlier aspects; consequences not yet sent are replaced, sent ones kept.',
  })
  aspects: AspectInput[];
}

@InputType({ description: 'A new referral level for a STAFF_CONDUCT aspect already assessed.' })
export class ReferComplaintInput extends ComplaintEditInput implements ReferInput {
  @Field(() => ID, { description: 'The STAFF_CONDUCT aspect.' }) aspectId: string;
  @Field(() => ReferralLevel, { description: 'Who it is referred to; a SERIOUS aspect needs SENIOR_MANAGER at least.' })
  level: ReferralLevel;
  @Field(() => Boolean, { nullable: true, description: "Draw it to the court's attention; unchanged when absent." })
  drawToCourt?: boolean;
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
    @Arg('input', () => AssessComplaintInput, { description: 'The complaint and its aspects.' })
    input: AssessComplaintInput,
  ): Promise<AssessComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.assessment.assess(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ReferComplaintPayload, {
    description: 'Changes the referral of a conduct aspect (NONE, line manager, senior manager).',
  })
  async referComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => ReferComplaintInput, { description: 'The conduct aspect and its new level.' })
    input: ReferComplaintInput,
  ): Promise<ReferComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.assessment.refer(t, input)));
  }
}
