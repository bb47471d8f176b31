import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Channel, ComplainantKind, ContactMethod } from '../domain/enums';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { ComplaintEditInput } from '../graphql/inputs';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import {
  type ComplainantInput as ComplainantValues,
  type RecordComplaintInput as RecordValues,
} from '../services/intake.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType({
  description:
    'A new complainant. Service users are linked to their party or child, so repeat complainants are matched.',
})
export class ComplainantInput implements ComplainantValues {
  @Field(() => ComplainantKind, {
    description:
      'Who complains, which decides how the complaint is answered and its deadlines (SPEC §1.2); UNKNOWN is ' +
      'refused (it marks an emailed complaint until completeIntake).',
  })
  kind: ComplainantKind;
  @Field({ description: 'Not empty, at most 500 characters.' }) firstName: string;
  @Field({ description: 'Not empty, at most 500 characters.' }) lastName: string;
  @Field(() => String, {
    nullable: true,
    description:
      'At most 500 characters, and must look like an email address. Messages to the complainant go here; ' +
      'without it, as a printed letter to their address (SPEC §4).',
  })
  email?: string;
  @Field(() => String, { nullable: true, description: 'At most 500 characters.' }) phone?: string;
  @Field(() => String, {
    nullable: true,
    description: 'Postal address, at most 500 characters: where letters go when there is no email.',
  })
  address?: string;
  @Field(() => ContactMethod, {
    nullable: true,
    description:
      "How they prefer to be contacted; for a CHILD, defaults to the child's on the case file (SPEC §1.8). " +
      'Not checked against the details given here: a correction must make it reachable.',
  })
  preferredContact?: ContactMethod;
  @Field(() => ID, {
    nullable: true,
    description:
      'Required for ADULT_PARTY, refused for other kinds: the party of the case, through whom an earlier ' +
      'complainant record is matched.',
  })
  partyId?: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'Required for CHILD, refused for other kinds: the child of the case, through whom an earlier complainant ' +
      'record is matched.',
  })
  childId?: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Relationship to the service user, e.g. "grandmother"; required for NON_PARTY; at most 500 characters.',
  })
  relationship?: string;
  @Field(() => String, {
    nullable: true,
    description: 'For a PROFESSIONAL, their organisation; at most 500 characters.',
  })
  organisation?: string;
}

@InputType({
  description:
    'A complaint received in person, by phone, letter or email, and who makes it (SPEC §1.1–1.2). Every problem ' +
    'is reported at once, each naming its field.',
})
export class RecordComplaintInput implements RecordValues {
  @Field(() => Channel, { description: 'How the complaint arrived.' }) channel: Channel;
  @Field({
    description:
      'When the service received it (anywhere in the service), an ISO-8601 instant, not in the future. Its London ' +
      "date starts the deadlines and gives the reference's year.",
  })
  receivedAt: Date;
  @Field(() => Date, {
    nullable: true,
    description:
      'When the CST received it, an ISO-8601 instant; not before receivedAt, not in the future; defaults to now. ' +
      'The hand-off is due 1 working day after receipt: a late one is flagged (handOffLate), not refused.',
  })
  cstReceivedAt?: Date;
  @Field({ description: "The complaint in the complainant's words; not empty, at most 20,000 characters." })
  summary: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The case it concerns: required for ADULT_PARTY and CHILD complainants, refused for STAFF_NOT_CASE. A ' +
      "child's complaint on an OPEN case is notified to the court before the next hearing (SPEC §1.8).",
  })
  caseId?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The member of staff complained about; required for a STAFF_NOT_CASE complainant (SPEC §1.2).',
  })
  subjectStaffId?: string;
  @Field(() => ID, { nullable: true, description: 'An earlier complaint this one repeats (SPEC §1.1).' })
  repeatsComplaintId?: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The CST officer or manager handling it (another role is refused); defaults to the caller if a CST officer, ' +
      'else unassigned.',
  })
  assigneeId?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'A complainant already recorded; give exactly one of complainantId and complainant.',
  })
  complainantId?: string;
  @Field(() => ComplainantInput, {
    nullable: true,
    description:
      'A new complainant; give exactly one of complainantId and complainant. A party or child who complained ' +
      'before is matched to their earlier record instead.',
  })
  complainant?: ComplainantInput;
}

@InputType({
  description:
    'The acknowledgement sent to the complainant, a tracked step due 3 working days after receipt (1 for a ' +
    "child's complaint) (SPEC §1.1, §1.8). A complaint is acknowledged once: again is a CONFLICT.",
})
export class AcknowledgeComplaintInput extends ComplaintEditInput {
  @Field(() => Date, {
    nullable: true,
    description:
      'When it was acknowledged, an ISO-8601 instant; not in the future, not before receipt; defaults to now.',
  })
  acknowledgedAt?: Date;
}

@InputType({
  description:
    'A risk to a child the complaint reveals (s16A Children Act, SPEC §1.11): each flag alerts the case ' +
    "practitioner's line manager and the senior manager at once, and is audited.",
})
export class FlagSafeguardingConcernInput extends ComplaintEditInput {
  @Field({
    description:
      'What the complaint reveals about a risk to a child; not empty, at most 20,000 characters. A further flag ' +
      'is added to the earlier ones.',
  })
  concern: string;
}

@InputType({
  description:
    'The complainant withdraws the complaint, which must still be open: RECEIVED, LOCAL_RESOLUTION, ' +
    'OUTSIDE_PROCEDURE, or ACCEPTED to APPROVED (SPEC §1.11).',
})
export class WithdrawComplaintInput extends ComplaintEditInput {
  @Field(() => String, {
    nullable: true,
    description: "Why, in the complainant's words; optional, at most 20,000 characters.",
  })
  reason?: string;
}

@Authorized()
@ObjectType({ description: 'The result of `recordComplaint`: the complaint as changed, or the `errors` to correct.' })
export class RecordComplaintPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `acknowledgeComplaint`: the complaint as changed, or the `errors` to correct.',
})
export class AcknowledgeComplaintPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `flagSafeguardingConcern`: the complaint as changed, or the `errors` to correct.',
})
export class FlagSafeguardingConcernPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({ description: 'The result of `withdrawComplaint`: the complaint as changed, or the `errors` to correct.' })
export class WithdrawComplaintPayload extends ComplaintPayload {}

@Resolver()
export class IntakeResolver {
  constructor(private readonly services: Pick<Services, 'intake'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => RecordComplaintPayload, {
    description: 'Records a complaint with its reference and deadlines (§4.2).',
  })
  async recordComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordComplaintInput, {
      description: 'The complaint to record and who complains.',
    })
    input: RecordComplaintInput,
  ): Promise<RecordComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.intake.record(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => AcknowledgeComplaintPayload, { description: 'Records that the complainant was acknowledged.' })
  async acknowledgeComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => AcknowledgeComplaintInput, {
      description: 'The complaint acknowledged, and when.',
    })
    input: AcknowledgeComplaintInput,
  ): Promise<AcknowledgeComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.intake.acknowledge(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => FlagSafeguardingConcernPayload, { description: 'Flags a risk to a child revealed by the complaint.' })
  async flagSafeguardingConcern(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => FlagSafeguardingConcernInput, {
      description: 'The complaint and the risk to a child it reveals.',
    })
    input: FlagSafeguardingConcernInput,
  ): Promise<FlagSafeguardingConcernPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.intake.flagSafeguarding(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => WithdrawComplaintPayload, { description: 'The complainant withdraws (any open status).' })
  async withdrawComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => WithdrawComplaintInput, {
      description: 'The complaint withdrawn, and why.',
    })
    input: WithdrawComplaintInput,
  ): Promise<WithdrawComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.intake.withdraw(t, input)));
  }
}
