/**
 * Complaints by email (issue 16): what the mailbox received (CST managers), a complaint's
 * correspondence, and completing the intake of a draft.
 */
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Info,
  InputType,
  Mutation,
  Query,
  Resolver,
  Root,
  ObjectType,
} from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { InboundMessageStatus } from '../domain/enums';
import { Complaint, InboundMessage } from '../entities';
import { ConnectionType } from '../graphql/connection';
import { ComplaintEditInput, PageArgs } from '../graphql/inputs';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import { selected } from '../read/look-ahead';
import { related } from '../read/loaders';
import type { Connection } from '../read/paging';
import type { AuthenticatedContext, Context } from '../services/context';
import type { CompleteIntakeInput as CompleteIntakeValues } from '../services/draft-intake.service';
import type { InboundMessageFilterInput } from '../services/inbound-mail.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';
import { ComplainantInput } from './intake.resolver';

export const InboundMessageConnection = ConnectionType(InboundMessage);

@InputType({ description: 'Which messages of the complaints mailbox to list; all when left out.' })
export class InboundMessageFilter implements InboundMessageFilterInput {
  @Field(() => InboundMessageStatus, { nullable: true, description: 'QUARANTINED: what was kept aside, and why.' })
  status?: InboundMessageStatus;

  @Field(() => ID, { nullable: true, description: 'Drafted as, or attached to, this complaint.' })
  complaintId?: string;
}

@ArgsType()
class InboundMessagesArgs extends PageArgs {
  @Field(() => InboundMessageFilter, {
    nullable: true,
    description: 'Only the messages with this status or of this complaint; both when both are given.',
  })
  filter?: InboundMessageFilter;
}

@InputType({
  description:
    'What an email cannot say: who complains, the case, the staff named. Checked as recordComplaint checks them; ' +
    'the complaint must still be a draft (a completed one is a CONFLICT).',
})
export class CompleteIntakeInput extends ComplaintEditInput implements CompleteIntakeValues {
  @Field(() => ComplainantInput, {
    nullable: true,
    description: 'Who complains (their email defaults to the sender’s), unless the draft’s complainant is known.',
  })
  complainant?: ComplainantInput;

  @Field(() => ID, {
    nullable: true,
    description:
      "A complainant already recorded, instead of `complainant`; with neither, the draft's complainant stays " +
      '(refused while their kind is UNKNOWN).',
  })
  complainantId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The case it concerns: required for ADULT_PARTY and CHILD complainants, refused for STAFF_NOT_CASE.',
  })
  caseId?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The member of staff complained about; required for a STAFF_NOT_CASE complainant.',
  })
  subjectStaffId?: string;
  @Field(() => ID, { nullable: true, description: 'An earlier complaint this one repeats.' })
  repeatsComplaintId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The CST officer handling it; defaults to the one assigned, else the caller if a CST officer.',
  })
  assigneeId?: string;

  @Field(() => String, {
    nullable: true,
    description: "The complaint in the complainant's words, at most 20,000 characters; defaults to the email's.",
  })
  summary?: string;
}

@Authorized()
@ObjectType({ description: 'The result of `completeIntake`: the complaint as changed, or the `errors` to correct.' })
export class CompleteIntakePayload extends ComplaintPayload {}

@Resolver(() => InboundMessage)
export class InboundMailResolver {
  constructor(private readonly services: Pick<Services, 'inboundMail' | 'draftIntake'>) {}

  @Authorized(...ROLE_SETS.cstManagers)
  @Query(() => InboundMessageConnection, {
    description:
      'What the complaints mailbox received, newest first; `filter: { status: QUARANTINED }` is the quarantine.',
  })
  inboundMessages(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => InboundMessagesArgs) args: InboundMessagesArgs,
  ): Promise<Connection<InboundMessage>> {
    return this.services.inboundMail.list(ctx, args, selected(info, InboundMessage, ['edges', 'node']));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => CompleteIntakePayload, {
    description:
      'Completes the intake of a complaint that arrived by email (a draft): who complains, the case, the staff ' +
      'named; sets the deadlines for its kind and sends the acknowledgement.',
  })
  async completeIntake(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => CompleteIntakeInput, {
      description: 'The draft complaint, who complains, the case and the staff it names.',
    })
    input: CompleteIntakeInput,
  ): Promise<CompleteIntakePayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.draftIntake.complete(t, input)));
  }

  @Authorized(...ROLE_SETS.complaintReaders)
  @FieldResolver(() => Complaint, { nullable: true, description: 'The complaint it became or was attached to.' })
  complaint(@Root() message: InboundMessage, @Ctx() ctx: Context) {
    return related(ctx, InboundMessage, 'complaint', message);
  }
}

@Resolver(() => Complaint)
export class ComplaintCorrespondenceFields {
  @Authorized(...ROLE_SETS.complaintReaders)
  @FieldResolver(() => [InboundMessage], {
    description: 'The emails it came from and received about it (replies naming its reference), oldest first.',
  })
  correspondence(@Root() c: Complaint, @Ctx() ctx: Context) {
    return related(ctx, Complaint, 'correspondence', c);
  }
}
