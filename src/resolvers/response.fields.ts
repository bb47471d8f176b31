/** Relations of a response: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Response, Staff } from '../entities';
import type { Context } from '../services/context';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => Response)
export class ResponseFields {
  @FieldResolver(() => Staff, {
    nullable: true,
    description: 'The member of staff who wrote the current draft (each edit makes its author the drafter).',
  })
  draftedBy(@Root() r: Response, @Ctx() ctx: Context) {
    return related(ctx, Response, 'draftedBy', r);
  }

  @FieldResolver(() => Staff, {
    nullable: true,
    description:
      'The senior manager it is submitted to, then who approved it; null while a draft (returning it or an edit ' +
      'clears it) and for replies sent without approval.',
  })
  approver(@Root() r: Response, @Ctx() ctx: Context) {
    return related(ctx, Response, 'approver', r);
  }
}
