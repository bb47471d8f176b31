import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Channel, ComplainantKind, ContactMethod } from '../domain/enums';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { ComplaintEditInput } from '../graphql/inputs';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import {
  type ComplainantInput as ComplainantValues,
  type RecordComplaintInput as RecordValues,
} from '../services/intake.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType({
  description:
    'A new complainant. Service users are linked to their party or child, so repeat complainants are matched.',
})
export class ComplainantInput implements ComplainantValues {
  @Field(() => ComplainantKind) kind: ComplainantKind;
  @Field() firstName: string;
  @Field() lastName: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => String, { nullable: true }) address?: string;
  @Field(() => ContactMethod, { nullable: true }) preferredContact?: ContactMethod;
  @Field(() => ID, { nullable: true, description: 'ADULT_PARTY: the party of the case.' }) partyId?: string;
  @Field(() => ID, { nullable: true, description: 'CHILD: the child of the case.' }) childId?: string;
  @Field(() => String, { nullable: true, description: 'NON_PARTY: relationship to the service user.' })
  relationship?: string;
  @Field(() => String, { nullable: true, description: 'PROFESSIONAL: their organisation.' }) organisation?: string;
}

@InputType()
export class RecordComplaintInput implements RecordValues {
  @Field(() => Channel) channel: Channel;
  @Field({ description: 'When the service received it (anywhere in the service).' }) receivedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the CST received it; defaults to now.' })
  cstReceivedAt?: Date;
  @Field({ description: "The complaint in the complainant's words." }) summary: string;
  @Field(() => ID, { nullable: true }) caseId?: string;
  @Field(() => ID, { nullable: true, description: 'The member of staff complained about.' }) subjectStaffId?: string;
  @Field(() => ID, { nullable: true, description: 'An earlier complaint this one repeats.' })
  repeatsComplaintId?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The CST officer handling it; defaults to the caller if a CST officer.',
  })
  assigneeId?: string;
  @Field(() => ID, { nullable: true, description: 'A known complainant (or give `complainant`).' })
  complainantId?: string;
  @Field(() => ComplainantInput, { nullable: true }) complainant?: ComplainantInput;
}

@InputType()
export class AcknowledgeComplaintInput extends ComplaintEditInput {
  @Field(() => Date, { nullable: true, description: 'Defaults to now.' }) acknowledgedAt?: Date;
}

@InputType()
export class FlagSafeguardingConcernInput extends ComplaintEditInput {
  @Field({ description: 'What the complaint reveals about a risk to a child.' }) concern: string;
}

@InputType()
export class WithdrawComplaintInput extends ComplaintEditInput {
  @Field(() => String, { nullable: true }) reason?: string;
}

@Authorized()
@ObjectType({ description: 'The result of `recordComplaint`: the complaint as changed, or the `errors` to correct.' })
export class RecordComplaintPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `acknowledgeComplaint`: the complaint as changed, or the `errors` to correct.',
})
export class AcknowledgeComplaintPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `flagSafeguardingConcern`: the complaint as changed, or the `errors` to correct.',
})
export class FlagSafeguardingConcernPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({ description: 'The result of `withdrawComplaint`: the complaint as changed, or the `errors` to correct.' })
export class WithdrawComplaintPayload extends ComplaintPayload {}

@Resolver()
export class IntakeResolver {
  constructor(private readonly services: Pick<Services, 'intake'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordComplaintPayload, {
    description: 'Records a complaint with its reference and deadlines (§4.2).',
  })
  async recordComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordComplaintInput) input: RecordComplaintInput,
  ): Promise<RecordComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.intake.record(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => AcknowledgeComplaintPayload, { description: 'Records that the complainant was acknowledged.' })
  async acknowledgeComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => AcknowledgeComplaintInput) input: AcknowledgeComplaintInput,
  ): Promise<AcknowledgeComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.intake.acknowledge(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => FlagSafeguardingConcernPayload, { description: 'Flags a risk to a child revealed by the complaint.' })
  async flagSafeguardingConcern(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => FlagSafeguardingConcernInput) input: FlagSafeguardingConcernInput,
  ): Promise<FlagSafeguardingConcernPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.intake.flagSafeguarding(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => WithdrawComplaintPayload, { description: 'The complainant withdraws (any open status).' })
  async withdrawComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => WithdrawComplaintInput) input: WithdrawComplaintInput,
  ): Promise<WithdrawComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.intake.withdraw(t, input)));
  }
}
