/** How the service deals with a complainant: reasonable adjustments (restrictions: contact-restriction.resolver.ts). */
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { ReasonableAdjustment } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import { envelope, MutationPayload } from '../graphql/payloads';
import type { ReasonableAdjustmentInput } from '../services/complainant.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType({ description: 'An adjustment the service makes so that a complainant can take part (e.g. large print).' })
export class RecordReasonableAdjustmentInput implements ReasonableAdjustmentInput {
  @Field(() => ID, { description: 'The complainant it is for.' }) complainantId: string;
  @Field({ description: 'The adjustment, e.g. large print or an interpreter (§1.4).' })
  adjustment: string;
}

@Authorized()
@ObjectType()
export class ReasonableAdjustmentPayload extends MutationPayload {
  @Field(() => ReasonableAdjustment, { nullable: true, description: 'The adjustment recorded; null on errors.' })
  reasonableAdjustment: ReasonableAdjustment | null;
}

@Authorized()
@ObjectType({
  description: 'The result of `recordReasonableAdjustment`: the recorded adjustment, or the `errors` to correct.',
})
export class RecordReasonableAdjustmentPayload extends ReasonableAdjustmentPayload {}

@Resolver()
export class ComplainantResolver {
  constructor(private readonly services: Pick<Services, 'complainants'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordReasonableAdjustmentPayload, {
    description: 'A reasonable adjustment for a complainant (§1.4).',
  })
  async recordReasonableAdjustment(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordReasonableAdjustmentInput, { description: 'The complainant and the adjustment.' })
    input: RecordReasonableAdjustmentInput,
  ): Promise<RecordReasonableAdjustmentPayload> {
    const result = await runMutation(ctx, (t) => this.services.complainants.recordReasonableAdjustment(t, input));
    return { reasonableAdjustment: result.value, ...envelope(result) };
  }
}
