import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { ProviderResponseKind } from '../domain/enums';
import { Complaint, ProviderEngagement } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import { UserError } from '../graphql/payloads';
import { runMutation, type MutationResult } from '../services/mutation';
import {
  type ProviderResponseChange,
  type SubmitProviderResponseInput as SubmitInput,
} from '../services/provider-response.service';
import type { Services } from '../services/services';

@InputType()
export class SubmitProviderResponseInput implements SubmitInput {
  @Field(() => ID, { description: 'Your engagement on the complaint (Complaint.providerEngagements).' })
  engagementId: string;
  @Field({ description: 'Your side of the complaint. For a joint response it becomes your part of the draft.' })
  response: string;
  @Field(() => Date, { nullable: true, description: 'A separate response: when you sent it to the complainant.' })
  sentToComplainantAt?: Date | null;
}

@InputType()
export class RecordProviderResponseKindInput {
  @Field(() => ID) engagementId: string;
  @Field(() => ProviderResponseKind, {
    description:
      "JOINT: the provider's side is part of the service's response; SEPARATE: the provider responds itself (§4.9).",
  })
  kind: ProviderResponseKind;
}

@Authorized()
@ObjectType()
export class ProviderResponsePayload {
  @Field(() => ProviderEngagement, { nullable: true }) engagement: ProviderEngagement | null;
  @Field(() => Complaint, { nullable: true }) complaint: Complaint | null;
  @Field(() => [UserError]) errors: UserError[];
  @Field(() => [String]) warnings: string[];
}

const payload = (result: MutationResult<ProviderResponseChange>): ProviderResponsePayload => ({
  engagement: result.value?.engagement ?? null,
  complaint: result.value?.complaint ?? null,
  errors: result.errors,
  warnings: result.value?.warnings ?? [],
});

@Resolver()
export class ProviderResponseResolver {
  constructor(private readonly services: Pick<Services, 'providerResponses'>) {}

  @Authorized(...ROLE_SETS.providers)
  @Mutation(() => ProviderResponsePayload, {
    description: 'A provider gives its side of a complaint about its service (its own engagements only).',
  })
  async submitProviderResponse(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => SubmitProviderResponseInput) input: SubmitProviderResponseInput,
  ): Promise<ProviderResponsePayload> {
    return payload(await runMutation(ctx, (t) => this.services.providerResponses.submit(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ProviderResponsePayload, {
    description: 'The CST records whether the provider’s side goes into a joint response or a separate one.',
  })
  async recordProviderResponseKind(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordProviderResponseKindInput) input: RecordProviderResponseKindInput,
  ): Promise<ProviderResponsePayload> {
    return payload(await runMutation(ctx, (t) => this.services.providerResponses.recordKind(t, input)));
  }
}
