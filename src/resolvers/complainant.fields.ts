/** Relations of a complainant: loaders only. */
import { Ctx, FieldResolver, Resolver, Root, Authorized } from 'type-graphql';
import { Child, Complainant, ContactRestriction, Party, ReasonableAdjustment } from '../entities';
import type { Context } from '../services/context';
import { Reads } from '../read/field-columns';
import { related } from '../read/loaders';
import { ROLE_SETS } from '../auth/role-sets';
import { firstNameFor } from '../domain/complainant-kind';

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => Complainant)
export class ComplainantFields {
  @Authorized(...ROLE_SETS.providerVisible)
  @FieldResolver(() => String, {
    description: 'The first name; to a provider, a child complainant is "a child" (no child identity).',
  })
  @Reads<Complainant>('kind', 'firstName')
  firstName(@Root() c: Complainant, @Ctx() ctx: Context): string {
    return firstNameFor(ctx.identity?.role, c);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party of the case, for an adult service user.' })
  party(@Root() c: Complainant, @Ctx() ctx: Context) {
    return related(ctx, Complainant, 'party', c);
  }

  @FieldResolver(() => Child, { nullable: true, description: 'The child of the case, for a child complainant.' })
  child(@Root() c: Complainant, @Ctx() ctx: Context) {
    return related(ctx, Complainant, 'child', c);
  }

  @FieldResolver(() => [ContactRestriction], {
    description: 'Limits on contact with the complainant (§3.4–3.5), in force or lifted, oldest first.',
  })
  contactRestrictions(@Root() c: Complainant, @Ctx() ctx: Context) {
    return related(ctx, Complainant, 'contactRestrictions', c);
  }

  @Authorized(...ROLE_SETS.adjustmentReaders)
  @FieldResolver(() => [ReasonableAdjustment], {
    description: 'Adjustments made for the complainant (§1.4), for whoever contacts them to see; oldest first.',
  })
  reasonableAdjustments(@Root() c: Complainant, @Ctx() ctx: Context) {
    return related(ctx, Complainant, 'reasonableAdjustments', c);
  }
}
