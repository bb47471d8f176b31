/** Relations of a referral: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Complaint, ComplaintAspect, Referral, Staff } from '../entities';
import type { Context } from '../services/context';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.referralReaders)
@Resolver(() => Referral)
export class ReferralFields {
  @FieldResolver(() => Complaint)
  complaint(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'complaint', r);
  }

  @FieldResolver(() => Staff, { description: 'The member of staff referred.' })
  staff(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'staff', r);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The manager it is referred to.' })
  recipient(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'recipient', r);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The line manager copied on a senior referral.' })
  copiedLineManager(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'copiedLineManager', r);
  }

  @FieldResolver(() => ComplaintAspect, { nullable: true })
  aspect(@Root() r: Referral, @Ctx() ctx: Context) {
    return related(ctx, Referral, 'aspect', r);
  }
}
