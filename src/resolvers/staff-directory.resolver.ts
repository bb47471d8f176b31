/** The staff directory (issue 15): members of staff by name, role, service area or line manager. */
import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Authorized, Ctx, Field, ID, Info, InputType, Query, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Role } from '../domain/enums';
import { Staff } from '../entities';
import { ConnectionType } from '../graphql/connection';
import { PageArgs } from '../graphql/inputs';
import { selected } from '../read/look-ahead';
import type { Connection } from '../read/paging';
import type { AuthenticatedContext } from '../services/context';
import type { Services } from '../services/services';
import type { StaffFilterInput, StaffListArgs } from '../services/staff-directory.service';

export const StaffConnection = ConnectionType(Staff);

@InputType({ description: 'Narrows the staff directory; every condition given must hold.' })
export class StaffFilter implements StaffFilterInput {
  @Field(() => String, {
    nullable: true,
    description: 'Any part of the name or email, or a name close to it (typos tolerated); 2 to 200 characters.',
  })
  search?: string;

  @Field(() => [Role], { nullable: true, description: 'Any of these roles.' })
  role?: Role[];

  @Field(() => ID, { nullable: true, description: 'Members of staff of this service area.' })
  serviceAreaId?: string;

  @Field(() => ID, { nullable: true, description: 'Reports directly to this member of staff.' })
  lineManagerId?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Also those who have left the service (by default only those still with it).',
  })
  includeLeavers?: boolean;
}

@ArgsType()
class StaffArgs extends PageArgs implements StaffListArgs {
  @Field(() => StaffFilter, {
    nullable: true,
    description: 'Which members of staff; everyone still with the service when absent.',
  })
  filter?: StaffFilter;
}

@Resolver()
export class StaffDirectoryResolver {
  constructor(private readonly services: Pick<Services, 'staffDirectory'>) {}

  @Authorized(...ROLE_SETS.staffDirectory)
  @Query(() => StaffConnection, {
    description:
      'Members of staff in order of surname, to pick a subject, an approver or a local manager ' +
      '(an analyst finds only themself).',
  })
  staff(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => StaffArgs) args: StaffArgs,
  ): Promise<Connection<Staff>> {
    return this.services.staffDirectory.list(ctx, args, selected(info, Staff, ['edges', 'node']));
  }
}
