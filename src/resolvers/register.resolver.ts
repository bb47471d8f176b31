import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Authorized, Ctx, Field, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { Compliment, LearningPoint, Referral } from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import { ConnectionType, type Connection } from '../graphql/connection';
import type { AuthenticatedContext } from '../graphql/context';
import { selectedRelations } from '../graphql/look-ahead';
import { LocalDate } from '../graphql/scalars';
import {} from '../services/register.service';
import type { Services } from '../services/services';

export const ComplimentConnection = ConnectionType(Compliment);
export const LearningPointConnection = ConnectionType(LearningPoint);
export const ReferralConnection = ConnectionType(Referral);

@ArgsType()
class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (default 20, at most 100).' }) first?: number;
  @Field(() => String, { nullable: true }) after?: string;
}

@ArgsType()
class ComplimentsArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) staffId?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Received on or after.' }) from?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Received on or before.' }) to?: string;
}

@ArgsType()
class LearningPointsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only open (true) or closed (false) points.' }) open?: boolean;
  @Field(() => ID, { nullable: true }) ownerId?: string;
}

@ArgsType()
class ReferralsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'The member of staff referred.' }) staffId?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only referrals without (true) or with (false) an outcome.' })
  open?: boolean;
}

@Resolver()
export class RegisterResolver {
  constructor(private readonly services: Pick<Services, 'registers'>) {}

  @Authorized(...ROLE_SETS.staffRecorders)
  @Query(() => ComplimentConnection, { description: 'Compliments, newest first.' })
  compliments(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ComplimentsArgs) args: ComplimentsArgs,
  ): Promise<Connection<Compliment>> {
    return this.services.registers.compliments(ctx, args, selectedRelations(info, Compliment, ['edges', 'node']));
  }

  @Authorized(...ROLE_SETS.staffRecorders)
  @Query(() => LearningPointConnection, { description: 'Learning and action points, soonest due first.' })
  learningPoints(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => LearningPointsArgs) args: LearningPointsArgs,
  ): Promise<Connection<LearningPoint>> {
    return this.services.registers.learningPoints(ctx, args, selectedRelations(info, LearningPoint, ['edges', 'node']));
  }

  @Authorized(...ROLE_SETS.referralReaders)
  @Query(() => ReferralConnection, {
    description:
      'Conduct referrals, newest first: line managers see those about staff they manage, the HR system those sent to it.',
  })
  referrals(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ReferralsArgs) args: ReferralsArgs,
  ): Promise<Connection<Referral>> {
    return this.services.registers.referrals(ctx, args, selectedRelations(info, Referral, ['edges', 'node']));
  }
}
