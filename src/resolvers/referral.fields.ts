/** Relations of a referral: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Complaint, ComplaintAspect, Referral, Staff } from '../entities';
import type { Context } from '../services/context';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.referralReaders)
@Resolver(() => Referral)
export class ReferralFields {
  @FieldResolver(() => Complaint, { description: 'The complaint whose aspect it comes from.' })
  complaint(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'complaint', r);
  }

  @FieldResolver(() => Staff, { description: 'The member of staff referred.' })
  staff(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'staff', r);
  }

  @FieldResolver(() => Staff, {
    nullable: true,
    description:
      "The manager it is referred to: the member of staff's line manager at the time, or for SENIOR_MANAGER the " +
      'Head of Practice of their service area, else another senior manager there (SPEC §1.5).',
  })
  recipient(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'recipient', r);
  }

  @FieldResolver(() => Staff, {
    nullable: true,
    description: 'A SENIOR_MANAGER referral: the line manager, copied for information; null otherwise.',
  })
  copiedLineManager(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'copiedLineManager', r);
  }

  @FieldResolver(() => ComplaintAspect, {
    nullable: true,
    description:
      'The STAFF_CONDUCT aspect it comes from; null when a re-assessment no longer gives it after it was made.',
  })
  aspect(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'aspect', r);
  }
}
