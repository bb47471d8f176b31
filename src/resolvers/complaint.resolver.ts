import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Info, InputType, Query, Resolver } from 'type-graphql';
import { AspectCategory, ComplaintStatus } from '../domain/enums';
import { Complaint } from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import { ConnectionType } from '../graphql/connection';
import type { Connection } from '../read/paging';
import type { AuthenticatedContext } from '../services/context';
import { PageArgs } from '../graphql/inputs';
import { selected } from '../read/look-ahead';
import { LocalDate } from '../graphql/scalars';
import { ComplaintOrder, type ComplaintFilterInput, type ComplaintListArgs } from '../services/complaint.service';
import type { Services } from '../services/services';

export const ComplaintConnection = ConnectionType(Complaint);

@InputType({ description: 'Narrows the work queue; every condition given must hold (they are ANDed).' })
export class ComplaintFilter implements ComplaintFilterInput {
  @Field(() => [ComplaintStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: ComplaintStatus[];

  @Field(() => ID, { nullable: true, description: "In this service area (the case's area, else the staff member's)." })
  serviceAreaId?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Next due date strictly before this date.' })
  dueBefore?: string;

  @Field(() => ID, { nullable: true, description: 'The CST officer handling it.' })
  assigneeId?: string;

  @Field(() => AspectCategory, { nullable: true, description: 'Has an aspect of this category.' })
  category?: AspectCategory;

  @Field(() => ID, { nullable: true, description: 'Has an aspect naming this provider.' })
  providerId?: string;

  @Field(() => ID, { nullable: true, description: 'Concerns the case of this child.' })
  childId?: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Text found in any part of the reference or the case number, in the complainant's or a party's " +
      'name (typos tolerated) or email, or among the words of the summary; 2 to 200 characters. Only ' +
      'where the caller may read: a provider searches references and case numbers, the HR system references.',
  })
  search?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'No CST officer handles it (not with assigneeId or assignedToMe).',
  })
  unassigned?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'The caller handles it (members of staff).' })
  assignedToMe?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Something open is past its due date (next due date before today).',
  })
  overdue?: boolean;

  @Field(() => LocalDate, { nullable: true, description: 'Received on or after this date (London).' })
  receivedFrom?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Received on or before this date (London).' })
  receivedTo?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: arrived by email and waiting for the CST to complete intake (drafts); false: the others.',
  })
  draft?: boolean;
}

@ArgsType()
export class ComplaintsArgs extends PageArgs implements ComplaintListArgs {
  @Field(() => ComplaintFilter, {
    nullable: true,
    description: 'Which complaints; all the caller may read when absent.',
  })
  filter?: ComplaintFilter;

  @Field(() => ComplaintOrder, {
    nullable: true,
    defaultValue: ComplaintOrder.NEXT_DUE_ON,
    description: 'The order of the pages; the work queue order (soonest next due date first) by default.',
  })
  orderBy?: ComplaintOrder;
}

@Resolver(() => Complaint)
export class ComplaintResolver {
  constructor(private readonly services: Pick<Services, 'complaints'>) {}

  @Authorized(...ROLE_SETS.complaintQueries)
  @Query(() => Complaint, { nullable: true, description: 'One complaint by id or reference; null when unknown.' })
  complaint(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { nullable: true, description: 'The complaint’s id (give this or `reference`).' }) id?: string,
    @Arg('reference', () => String, { nullable: true, description: 'Its reference, e.g. `CMP-2026-000123`.' })
    reference?: string,
  ): Promise<Complaint | null> {
    return this.services.complaints.findOne(ctx, { id, reference }, selected(info, Complaint));
  }

  @Authorized(...ROLE_SETS.complaintQueries)
  @Query(() => ComplaintConnection, { description: 'The work queue: complaints in order of their next due date.' })
  complaints(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ComplaintsArgs) args: ComplaintsArgs,
  ): Promise<Connection<Complaint>> {
    return this.services.complaints.list(ctx, args, selected(info, Complaint, ['edges', 'node']));
  }
}
