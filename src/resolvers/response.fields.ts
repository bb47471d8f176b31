/** Relations of a response: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Response, Staff } from '../entities';
import type { Context } from '../services/context';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => Response)
export class ResponseFields {
  @FieldResolver(() => Staff, { nullable: true })
  draftedBy(@Root() r: Response, @Ctx() ctx: Context) {
    return related(ctx, Response, 'draftedBy', r);
  }

  @FieldResolver(() => Staff, { nullable: true })
  approver(@Root() r: Response, @Ctx() ctx: Context) {
    return related(ctx, Response, 'approver', r);
  }
}
