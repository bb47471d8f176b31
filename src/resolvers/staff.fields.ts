/** Relations of a member of staff (loaders only) and their personal data (checked per row). */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ServiceArea, Staff } from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext, Context } from '../services/context';
import { Reads } from '../read/field-columns';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.staffDirectory)
@Resolver(() => Staff)
export class StaffFields {
  @FieldResolver(() => Staff, {
    nullable: true,
    description:
      'Their line manager, "the line manager" of referrals and copies ' +
      'at the time (SPEC §1.5); null when they have none.',
  })
  lineManager(@Root() s: Staff, @Ctx() ctx: Context) {
    return related(ctx, Staff, 'lineManager', s);
  }

  @FieldResolver(() => ServiceArea, {
    nullable: true,
    description: 'The service area they work in; null for staff outside the service areas (such as the CST).',
  })
  serviceArea(@Root() s: Staff, @Ctx() ctx: Context) {
    return related(ctx, Staff, 'serviceArea', s);
  }

  @Authorized(...ROLE_SETS.staffPersonalData)
  @FieldResolver(() => [String], {
    nullable: true,
    description:
      'Staff personal data: senior managers; line managers for staff they manage; the HR system for referred staff. ' +
      'Null for anyone else.',
  })
  @Reads<Staff>('qualifications')
  async qualifications(@Root() s: Staff, @Ctx() ctx: AuthenticatedContext): Promise<string[] | null> {
    return (await ctx.loaders.personalDataOf.load(s.id)) ? s.qualifications : null;
  }

  @Authorized(...ROLE_SETS.staffPersonalData)
  @FieldResolver(() => [String], {
    nullable: true,
    description: 'Training completed: staff personal data, as `qualifications`.',
  })
  @Reads<Staff>('training')
  async training(@Root() s: Staff, @Ctx() ctx: AuthenticatedContext): Promise<string[] | null> {
    return (await ctx.loaders.personalDataOf.load(s.id)) ? s.training : null;
  }
}
