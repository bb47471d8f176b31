/** Relations of a member of staff: loaders only. */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ServiceArea, Staff } from '../entities';
import type { Context } from '../graphql/context';
import { related } from '../graphql/loaders';

@Resolver(() => Staff)
export class StaffFields {
  @FieldResolver(() => Staff, { nullable: true })
  lineManager(@Root() s: Staff, @Ctx() ctx: Context) {
    return related(ctx, Staff, 'lineManager', s);
  }

  @FieldResolver(() => ServiceArea, { nullable: true })
  serviceArea(@Root() s: Staff, @Ctx() ctx: Context) {
    return related(ctx, Staff, 'serviceArea', s);
  }
}
