/** How the service deals with a complainant: contact restrictions and reasonable adjustments. */
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { ContactRestriction, ReasonableAdjustment } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import { UserError } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import type {
  ReasonableAdjustmentInput,
  RestrictContactInput as RestrictContactValues,
} from '../services/complainant.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType()
export class RestrictContactInput implements RestrictContactValues {
  @Field(() => ID) complainantId: string;
  @Field({ description: 'What is limited.' }) restriction: string;
  @Field() reason: string;
  @Field(() => LocalDate) reviewOn: string;
}

@InputType()
export class RecordReasonableAdjustmentInput implements ReasonableAdjustmentInput {
  @Field(() => ID) complainantId: string;
  @Field() adjustment: string;
}

@Authorized()
@ObjectType()
export class ContactRestrictionPayload {
  @Field(() => ContactRestriction, { nullable: true }) contactRestriction: ContactRestriction | null;
  @Field(() => [UserError]) errors: UserError[];
}

@Authorized()
@ObjectType()
export class ReasonableAdjustmentPayload {
  @Field(() => ReasonableAdjustment, { nullable: true }) reasonableAdjustment: ReasonableAdjustment | null;
  @Field(() => [UserError]) errors: UserError[];
}

@Resolver()
export class ComplainantResolver {
  constructor(private readonly services: Pick<Services, 'complainants'>) {}

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => ContactRestrictionPayload, {
    description: 'A CST manager limits contact with a complainant (§3.4–3.5).',
  })
  async restrictContact(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RestrictContactInput) input: RestrictContactInput,
  ): Promise<ContactRestrictionPayload> {
    const result = await runMutation(ctx, (t) => this.services.complainants.restrictContact(t, input));
    return { contactRestriction: result.value, errors: result.errors };
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ReasonableAdjustmentPayload, { description: 'A reasonable adjustment for a complainant (§1.4).' })
  async recordReasonableAdjustment(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordReasonableAdjustmentInput) input: RecordReasonableAdjustmentInput,
  ): Promise<ReasonableAdjustmentPayload> {
    const result = await runMutation(ctx, (t) => this.services.complainants.recordReasonableAdjustment(t, input));
    return { reasonableAdjustment: result.value, errors: result.errors };
  }
}
