/** Contact restrictions (§3.4–3.5): recorded, reviewed and lifted by a CST manager. */
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { ContactRestriction } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import { envelope, MutationPayload } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import type {
  LiftContactRestrictionInput as LiftValues,
  RestrictContactInput as RestrictContactValues,
  ReviewContactRestrictionInput as ReviewValues,
} from '../services/contact-restriction.service';
import { runMutation, type MutationResult } from '../services/mutation';
import type { Services } from '../services/services';

@InputType()
export class RestrictContactInput implements RestrictContactValues {
  @Field(() => ID) complainantId: string;
  @Field({ description: 'What is limited (told to the complainant).' }) restriction: string;
  @Field({ description: 'Why (told to the complainant).' }) reason: string;
  @Field(() => LocalDate, { description: 'When it is reviewed (told to the complainant); after today.' })
  reviewOn: string;
}

@InputType()
export class ReviewContactRestrictionInput implements ReviewValues {
  @Field(() => ID) restrictionId: string;
  @Field(() => LocalDate, { description: 'The next review date (told to the complainant); after today.' })
  reviewOn: string;
  @Field({ description: 'What the review found (kept internally, not sent to the complainant).' }) note: string;
}

@InputType()
export class LiftContactRestrictionInput implements LiftValues {
  @Field(() => ID) restrictionId: string;
  @Field({ description: 'Why it is lifted (told to the complainant).' }) reason: string;
}

@Authorized()
@ObjectType()
export class ContactRestrictionPayload extends MutationPayload {
  @Field(() => ContactRestriction, { nullable: true, description: 'The restriction as changed; null on errors.' })
  contactRestriction: ContactRestriction | null;
}

const payload = (result: MutationResult<ContactRestriction>): ContactRestrictionPayload => ({
  contactRestriction: result.value,
  ...envelope(result),
});

@Authorized()
@ObjectType({ description: 'The result of `restrictContact`: the restriction as changed, or the `errors` to correct.' })
export class RestrictContactPayload extends ContactRestrictionPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `reviewContactRestriction`: the restriction as changed, or the `errors` to correct.',
})
export class ReviewContactRestrictionPayload extends ContactRestrictionPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `liftContactRestriction`: the restriction as changed, or the `errors` to correct.',
})
export class LiftContactRestrictionPayload extends ContactRestrictionPayload {}

@Resolver()
export class ContactRestrictionResolver {
  constructor(private readonly services: Pick<Services, 'contactRestrictions'>) {}

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => RestrictContactPayload, {
    description: 'A CST manager limits contact with a complainant (§3.4–3.5); the complainant is told.',
  })
  async restrictContact(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RestrictContactInput) input: RestrictContactInput,
  ): Promise<RestrictContactPayload> {
    return payload(await runMutation(ctx, (t) => this.services.contactRestrictions.restrict(t, input)));
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => ReviewContactRestrictionPayload, {
    description: 'A CST manager keeps a restriction in force until a new review date; the complainant is told.',
  })
  async reviewContactRestriction(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => ReviewContactRestrictionInput) input: ReviewContactRestrictionInput,
  ): Promise<ReviewContactRestrictionPayload> {
    return payload(await runMutation(ctx, (t) => this.services.contactRestrictions.review(t, input)));
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => LiftContactRestrictionPayload, {
    description: 'A CST manager ends a restriction; the complainant is told.',
  })
  async liftContactRestriction(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => LiftContactRestrictionInput) input: LiftContactRestrictionInput,
  ): Promise<LiftContactRestrictionPayload> {
    return payload(await runMutation(ctx, (t) => this.services.contactRestrictions.lift(t, input)));
  }
}
