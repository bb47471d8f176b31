/** Relations of a learning point: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Complaint, LearningPoint, Staff } from '../entities';
import type { Context } from '../services/context';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.staffRecorders)
@Resolver(() => LearningPoint)
export class LearningPointFields {
  @FieldResolver(() => Complaint, {
    nullable: true,
    description: 'The complaint it arose from; null when it was logged without one.',
  })
  complaint(@Root() p: LearningPoint, @Ctx() ctx: Context) {
    return related(ctx, LearningPoint, 'complaint', p);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The member of staff responsible for it.' })
  owner(@Root() p: LearningPoint, @Ctx() ctx: Context) {
    return related(ctx, LearningPoint, 'owner', p);
  }
}
