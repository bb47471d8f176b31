/** Relations of an ombudsman escalation: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { OmbudsmanEscalation, OmbudsmanRecommendation } from '../entities';
import type { Context } from '../services/context';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => OmbudsmanEscalation)
export class OmbudsmanEscalationFields {
  @FieldResolver(() => [OmbudsmanRecommendation], {
    description: "The Ombudsman's recommendations, recorded with the outcome, soonest due first; empty until then.",
  })
  recommendations(@Root() e: OmbudsmanEscalation, @Ctx() ctx: Context) {
    return related(ctx, OmbudsmanEscalation, 'recommendations', e);
  }
}
