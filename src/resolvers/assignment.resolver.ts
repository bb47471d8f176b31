/** Who handles a complaint (issue 15): assigning it, and the CST's caseload. */
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Staff } from '../entities';
import { ComplaintEditInput } from '../graphql/inputs';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import type { AssignInput } from '../services/assignment.service';
import type { CaseloadData, CaseloadEntryData } from '../services/caseload.service';
import type { AuthenticatedContext } from '../services/context';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType({ description: 'Who in the CST handles the complaint.' })
export class AssignComplaintInput extends ComplaintEditInput implements AssignInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The CST officer or manager to handle it; null for no one. A CST officer may only name themself.',
  })
  assigneeId?: string;
}

@Authorized(...ROLE_SETS.caseload)
@ObjectType({ description: 'The open complaints one CST officer or manager handles.' })
export class CaseloadEntry implements CaseloadEntryData {
  staffId: string;

  @Field(() => Int, { description: 'Open complaints they handle.' })
  openComplaints: number;

  @Field(() => Int, { description: 'Of those, how many have a step past its due date.' })
  overdue: number;

  @Field(() => LocalDate, { nullable: true, description: 'The earliest next due date among them.' })
  nextDueOn: string | null;
}

@Authorized(...ROLE_SETS.caseload)
@ObjectType({ description: "The CST's caseload: each officer's and manager's open complaints." })
export class Caseload implements CaseloadData {
  @Field(() => [CaseloadEntry], { description: 'CST officers and managers still with the service, by surname.' })
  entries: CaseloadEntry[];

  @Field(() => Int, { description: 'Open complaints no one handles.' })
  unassigned: number;
}

@Resolver(() => CaseloadEntry)
export class CaseloadEntryFields {
  @Authorized(...ROLE_SETS.caseload)
  @FieldResolver(() => Staff, { description: 'The officer or manager.' })
  staff(@Root() entry: CaseloadEntry, @Ctx() ctx: AuthenticatedContext): Promise<Staff | null> {
    return ctx.loaders.staff.load(entry.staffId);
  }
}

@Authorized()
@ObjectType({ description: 'The result of `assignComplaint`: the complaint as changed, or the `errors` to correct.' })
export class AssignComplaintPayload extends ComplaintPayload {}

@Resolver()
export class AssignmentResolver {
  constructor(private readonly services: Pick<Services, 'assignments' | 'caseload'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => AssignComplaintPayload, {
    description:
      'Gives a complaint to a CST officer or manager (a CST manager), or takes an unassigned one (a CST ' +
      'officer, for themself); the new assignee is told. Audited.',
  })
  async assignComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => AssignComplaintInput, { description: 'The complaint and who is to handle it.' })
    input: AssignComplaintInput,
  ): Promise<AssignComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.assignments.assign(t, input)));
  }

  @Authorized(...ROLE_SETS.caseload)
  @Query(() => Caseload, { description: 'Open complaints and the next due date per CST officer and manager.' })
  caseload(@Ctx() ctx: AuthenticatedContext): Promise<Caseload> {
    return this.services.caseload.caseload(ctx);
  }
}
