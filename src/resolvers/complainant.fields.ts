/** Relations of a complainant: loaders only. */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Child, Complainant, ContactRestriction, Party, ReasonableAdjustment } from '../entities';
import type { Context } from '../graphql/context';

@Resolver(() => Complainant)
export class ComplainantFields {
  @FieldResolver(() => Party, { nullable: true, description: 'The party of the case, for an adult service user.' })
  party(@Root() c: Complainant, @Ctx() ctx: Context): Promise<Party | null> | null {
    return c.partyId ? ctx.loaders.party.load(c.partyId) : null;
  }

  @FieldResolver(() => Child, { nullable: true, description: 'The child of the case, for a child complainant.' })
  child(@Root() c: Complainant, @Ctx() ctx: Context): Promise<Child | null> | null {
    return c.childId ? ctx.loaders.child.load(c.childId) : null;
  }

  @FieldResolver(() => [ContactRestriction])
  contactRestrictions(@Root() c: Complainant, @Ctx() ctx: Context): Promise<ContactRestriction[]> {
    return ctx.loaders.restrictionsByComplainant.load(c.id);
  }

  @FieldResolver(() => [ReasonableAdjustment])
  reasonableAdjustments(@Root() c: Complainant, @Ctx() ctx: Context): Promise<ReasonableAdjustment[]> {
    return ctx.loaders.adjustmentsByComplainant.load(c.id);
  }
}
