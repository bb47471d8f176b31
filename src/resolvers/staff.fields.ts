/** Relations of a member of staff: loaders only. */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ServiceArea, Staff } from '../entities';
import type { Context } from '../graphql/context';

@Resolver(() => Staff)
export class StaffFields {
  @FieldResolver(() => Staff, { nullable: true })
  lineManager(@Root() s: Staff, @Ctx() ctx: Context): Promise<Staff | null> | null {
    return s.lineManagerId ? ctx.loaders.staff.load(s.lineManagerId) : null;
  }

  @FieldResolver(() => ServiceArea, { nullable: true })
  serviceArea(@Root() s: Staff, @Ctx() ctx: Context): Promise<ServiceArea | null> | null {
    return s.serviceAreaId ? ctx.loaders.serviceArea.load(s.serviceAreaId) : null;
  }
}
