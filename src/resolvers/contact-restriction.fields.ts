/** Where a contact restriction stands, and who recorded and lifted it: loaders only. */
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { ContactRestrictionStatus } from '../domain/enums';
import { ContactRestriction, Staff } from '../entities';
import type { Context } from '../services/context';
import { Reads } from '../read/field-columns';
import { related } from '../read/loaders';

@Authorized(...ROLE_SETS.complaintReaders)
@Resolver(() => ContactRestriction)
export class ContactRestrictionFields {
  @FieldResolver(() => ContactRestrictionStatus, {
    description: 'IN_FORCE until a CST manager lifts it (a review date passing does not end it).',
  })
  @Reads<ContactRestriction>('liftedAt')
  status(@Root() r: ContactRestriction): ContactRestrictionStatus {
    return r.liftedAt ? ContactRestrictionStatus.LIFTED : ContactRestrictionStatus.IN_FORCE;
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The CST manager who recorded it.' })
  recordedBy(@Root() r: ContactRestriction, @Ctx() ctx: Context) {
    return related(ctx, ContactRestriction, 'recordedBy', r);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The CST manager who lifted it.' })
  liftedBy(@Root() r: ContactRestriction, @Ctx() ctx: Context) {
    return related(ctx, ContactRestriction, 'liftedBy', r);
  }
}
