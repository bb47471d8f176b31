import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { AspectCategory, ReferralLevel, ReferralOutcome, Seriousness } from '../domain/enums';
import { Complaint, Referral } from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../graphql/context';
import { complaintPayload, ComplaintPayload, UserError } from '../graphql/payloads';
import { type AspectInput as AspectValues, type AssessInput, type ReferInput } from '../services/assessment.service';
import { runMutation } from '../services/mutation';
import { ComplaintEditInput } from './intake.resolver';
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

@InputType()
export class RecordReferralOutcomeInput {
  @Field(() => ID) referralId: string;
  @Field(() => ReferralOutcome) outcome: ReferralOutcome;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class RecordReportCorrectionInput {
  @Field(() => ID) reportCorrectionId: string;
  @Field({ description: 'What was corrected.' }) correction: string;
  @Field(() => Date, { nullable: true }) correctedAt?: Date;
}

@InputType()
export class RecordCourtNotificationSentInput {
  @Field(() => ID) courtNotificationId: string;
  @Field(() => Date, { nullable: true }) sentAt?: Date;
}

@Authorized()
@ObjectType()
export class ReferralPayload {
  @Field(() => Referral, { nullable: true }) referral: Referral | null;
  @Field(() => Complaint, { nullable: true }) complaint: Complaint | null;
  @Field(() => [UserError]) errors: UserError[];
}

@Resolver()
export class AssessmentResolver {
  constructor(private readonly services: Pick<Services, 'assessment'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ComplaintPayload, {
    description: 'Records the aspects and creates their consequences (§4.4–4.9) in one transaction.',
  })
  async assessComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => AssessComplaintInput) input: AssessComplaintInput,
  ): Promise<ComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.assessment.assess(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ComplaintPayload, {
    description: 'Changes the referral of a conduct aspect (NONE, line manager, senior manager).',
  })
  async referComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => ReferComplaintInput) input: ReferComplaintInput,
  ): Promise<ComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.assessment.refer(t, input)));
  }

  @Authorized(...ROLE_SETS.referralOutcomeRecorders)
  @Mutation(() => ReferralPayload, {
    description: "A referral's outcome: line managers for staff they manage, senior managers, the HR system.",
  })
  async recordReferralOutcome(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordReferralOutcomeInput) input: RecordReferralOutcomeInput,
  ): Promise<ReferralPayload> {
    const result = await runMutation(ctx, (t) => this.services.assessment.recordReferralOutcome(t, input));
    return {
      referral: result.value?.referral ?? null,
      complaint: result.value?.complaint ?? null,
      errors: result.errors,
    };
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ComplaintPayload, { description: 'A court report has been corrected (§4.7).' })
  async recordReportCorrection(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordReportCorrectionInput) input: RecordReportCorrectionInput,
  ): Promise<ComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.assessment.recordReportCorrection(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ComplaintPayload, {
    description: 'A court notification was sent outside the gateway (a court portal, by hand).',
  })
  async recordCourtNotificationSent(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordCourtNotificationSentInput) input: RecordCourtNotificationSentInput,
  ): Promise<ComplaintPayload> {
    return complaintPayload(
      await runMutation(ctx, (t) => this.services.assessment.recordCourtNotificationSent(t, input)),
    );
  }
}
