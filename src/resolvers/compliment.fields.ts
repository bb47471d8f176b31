/** Relations of a compliment: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Compliment, ServiceArea, Staff } from '../entities';
import type { Context } from '../services/context';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.staffRecorders)
@Resolver(() => Compliment)
export class ComplimentFields {
  @FieldResolver(() => Staff, { nullable: true, description: 'The member of staff praised.' })
  staff(@Root() c: Compliment, @Ctx() ctx: Context) {
    return related(ctx, Compliment, 'staff', c);
  }

  @FieldResolver(() => ServiceArea, {
    nullable: true,
    description:
      'The service area of the member of staff when it was recorded: the statistics of an area count it there.',
  })
  serviceArea(@Root() c: Compliment, @Ctx() ctx: Context) {
    return related(ctx, Compliment, 'serviceArea', c);
  }
}
