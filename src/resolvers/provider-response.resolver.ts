import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { ProviderResponseKind } from '../domain/enums';
import { Complaint, ProviderEngagement } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import { envelope, TextWarningsPayload } from '../graphql/payloads';
import { runMutation, type MutationResult } from '../services/mutation';
import {
  type ProviderResponseChange,
  type SubmitProviderResponseInput as SubmitInput,
} from '../services/provider-response.service';
import type { Services } from '../services/services';

@InputType({ description: "The provider's side of a complaint about its service." })
export class SubmitProviderResponseInput implements SubmitInput {
  @Field(() => ID, { description: 'Your engagement on the complaint (Complaint.providerEngagements).' })
  engagementId: string;
  @Field({ description: 'Your side of the complaint. For a joint response it becomes your part of the draft.' })
  response: string;
  @Field(() => Date, { nullable: true, description: 'A separate response: when you sent it to the complainant.' })
  sentToComplainantAt?: Date | null;
}

@InputType({ description: "Whether the provider's side joins the service's response or is sent separately." })
export class RecordProviderResponseKindInput {
  @Field(() => ID, { description: 'The provider’s engagement on the complaint (Complaint.providerEngagements).' })
  engagementId: string;
  @Field(() => ProviderResponseKind, {
    description:
      "JOINT: the provider's side is part of the service's response; SEPARATE: the provider responds itself (§4.9).",
  })
  kind: ProviderResponseKind;
}

@Authorized()
@ObjectType()
export class ProviderResponsePayload extends TextWarningsPayload {
  @Field(() => ProviderEngagement, { nullable: true, description: 'The engagement as changed; null on errors.' })
  engagement: ProviderEngagement | null;
  @Field(() => Complaint, { nullable: true, description: 'Its complaint as changed; null on errors.' })
  complaint: Complaint | null;
}

const payload = (result: MutationResult<ProviderResponseChange>): ProviderResponsePayload => ({
  engagement: result.value?.engagement ?? null,
  complaint: result.value?.complaint ?? null,
  ...envelope(result, result.value?.warnings),
});

@Authorized()
@ObjectType({
  description:
    'The result of `submitProviderResponse`: the engagement and the complaint as changed, or the `errors` to correct.',
})
export class SubmitProviderResponsePayload extends ProviderResponsePayload {}

@Authorized()
@ObjectType({
  description:
    'The result of `recordProviderResponseKind`: the engagement and the complaint as changed, or the ' +
    '`errors` to correct.',
})
export class RecordProviderResponseKindPayload extends ProviderResponsePayload {}

@Resolver()
export class ProviderResponseResolver {
  constructor(private readonly services: Pick<Services, 'providerResponses'>) {}

  @Authorized(...ROLE_SETS.providers)
  @Mutation(() => SubmitProviderResponsePayload, {
    description: 'A provider gives its side of a complaint about its service (its own engagements only).',
  })
  async submitProviderResponse(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => SubmitProviderResponseInput, { description: 'Your engagement and your side of the complaint.' })
    input: SubmitProviderResponseInput,
  ): Promise<SubmitProviderResponsePayload> {
    return payload(await runMutation(ctx, (t) => this.services.providerResponses.submit(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordProviderResponseKindPayload, {
    description: 'The CST records whether the provider’s side goes into a joint response or a separate one.',
  })
  async recordProviderResponseKind(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordProviderResponseKindInput, { description: 'The engagement and the kind of response.' })
    input: RecordProviderResponseKindInput,
  ): Promise<RecordProviderResponseKindPayload> {
    return payload(await runMutation(ctx, (t) => this.services.providerResponses.recordKind(t, input)));
  }
}
