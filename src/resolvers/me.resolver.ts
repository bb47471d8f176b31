import { Authorized, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../domain/enums';
import { Provider, Staff } from '../entities';
import type { AuthenticatedContext } from '../services/context';

/** The caller, as the token says, with their staff record or provider. */
@Authorized()
@ObjectType({
  description: 'The caller, as their bearer token names them, with their staff record or provider.',
})
export class Me {
  @Field(() => ID, {
    description:
      "The token's subject (`sub`): a staff id for staff roles; for a provider or a partner system, what its " +
      'identity provider put there.',
  })
  subject: string;

  @Field(() => Role, { description: "The token's role, which decides what the caller may read and do (SPEC §3)." })
  role: Role;

  staffId: string | null;
  providerId: string | null;
}

@Authorized()
@Resolver(() => Me)
export class MeResolver {
  @Authorized()
  @Query(() => Me, { description: 'The caller.' })
  me(@Ctx() ctx: AuthenticatedContext): Me {
    const { subject, role, staffId, providerId } = ctx.identity;
    return { subject, role, staffId, providerId };
  }

  @FieldResolver(() => Staff, {
    nullable: true,
    description: 'The member of staff the token names; null for the PROVIDER, CASE_SYSTEM and HR_SYSTEM roles.',
  })
  staff(@Root() me: Me, @Ctx() ctx: AuthenticatedContext): Promise<Staff | null> | null {
    return me.staffId ? ctx.loaders.staff.load(me.staffId) : null;
  }

  @FieldResolver(() => Provider, {
    nullable: true,
    description: 'The provider a PROVIDER token names (its `partner_id` claim); null for every other role.',
  })
  provider(@Root() me: Me, @Ctx() ctx: AuthenticatedContext): Promise<Provider | null> | null {
    return me.providerId ? ctx.loaders.provider.load(me.providerId) : null;
  }
}
