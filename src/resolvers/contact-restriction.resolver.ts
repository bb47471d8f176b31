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

@InputType({
  description:
    'A limit on contact with a complainant whose conduct is unacceptable (SPEC §1.11, procedure §3.4–3.5): the ' +
    'complainant is told what, why and until when; CST managers are reminded on the review date.',
})
export class RestrictContactInput implements RestrictContactValues {
  @Field(() => ID, { description: 'The complainant whose contact is limited.' }) complainantId: string;
  @Field({
    description: 'What is limited (told to the complainant); not empty, at most 20,000 characters.',
  })
  restriction: string;
  @Field({ description: 'Why (told to the complainant); not empty, at most 20,000 characters.' }) reason: string;
  @Field(() => LocalDate, {
    description: 'When it is reviewed (told to the complainant): a London calendar date, YYYY-MM-DD, after today.',
  })
  reviewOn: string;
}

@InputType({
  description:
    'A review that keeps a restriction in force until a new review date; a lifted restriction is a CONFLICT.',
})
export class ReviewContactRestrictionInput implements ReviewValues {
  @Field(() => ID, { description: 'The restriction reviewed (ContactRestriction.id).' }) restrictionId: string;
  @Field(() => LocalDate, {
    description:
      'The next review date (told to the complainant): YYYY-MM-DD, after today and not the current review date.',
  })
  reviewOn: string;
  @Field({
    description:
      'What the review found (kept internally, not sent to the complainant); not empty, at most 20,000 characters.',
  })
  note: string;
}

@InputType({
  description:
    'The end of a restriction in force; its review reminder then does nothing. Lifted already is a CONFLICT.',
})
export class LiftContactRestrictionInput implements LiftValues {
  @Field(() => ID, { description: 'The restriction lifted (ContactRestriction.id).' }) restrictionId: string;
  @Field({ description: 'Why it is lifted (told to the complainant); not empty, at most 20,000 characters.' })
  reason: string;
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
    @Arg('input', () => RestrictContactInput, {
      description: 'The complainant, what is limited and why, and the review date.',
    })
    input: RestrictContactInput,
  ): Promise<RestrictContactPayload> {
    return payload(await runMutation(ctx, (t) => this.services.contactRestrictions.restrict(t, input)));
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => ReviewContactRestrictionPayload, {
    description: 'A CST manager keeps a restriction in force until a new review date; the complainant is told.',
  })
  async reviewContactRestriction(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => ReviewContactRestrictionInput, {
      description: 'The restriction reviewed, the next review date and what the review found.',
    })
    input: ReviewContactRestrictionInput,
  ): Promise<ReviewContactRestrictionPayload> {
    return payload(await runMutation(ctx, (t) => this.services.contactRestrictions.review(t, input)));
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => LiftContactRestrictionPayload, {
    description: 'A CST manager ends a restriction; the complainant is told.',
  })
  async liftContactRestriction(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => LiftContactRestrictionInput, {
      description: 'The restriction lifted, and why.',
    })
    input: LiftContactRestrictionInput,
  ): Promise<LiftContactRestrictionPayload> {
    return payload(await runMutation(ctx, (t) => this.services.contactRestrictions.lift(t, input)));
  }
}
