import { Authorized, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../domain/enums';
import { Provider, Staff } from '../entities';
import type { AuthenticatedContext } from '../services/context';

/** The caller, as the token says, with their staff record or provider. */
@Authorized()
@ObjectType()
export class Me {
  @Field(() => ID)
  subject: string;

  @Field(() => Role)
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

  @FieldResolver(() => Staff, { nullable: true })
  staff(@Root() me: Me, @Ctx() ctx: AuthenticatedContext): Promise<Staff | null> | null {
    return me.staffId ? ctx.loaders.staff.load(me.staffId) : null;
  }

  @FieldResolver(() => Provider, { nullable: true })
  provider(@Root() me: Me, @Ctx() ctx: AuthenticatedContext): Promise<Provider | null> | null {
    return me.providerId ? ctx.loaders.provider.load(me.providerId) : null;
  }
}
