import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ContactMethod } from '../domain/enums';
import { Response } from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../services/context';
import { complaintPayload, ComplaintPayload } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import { type ChildContactInput } from '../services/child-complaint.service';
import { runMutation, type MutationResult } from '../services/mutation';
import { type DraftResponseInput as DraftValues, type ResponseChange } from '../services/response.service';
import { ComplaintEditInput } from '../graphql/inputs';
import type { Services } from '../services/services';
import type { ExtendResponseDeadlineInput as ExtendValues } from '../services/deadline-extension.service';

@InputType({ description: 'The response to the complainant, in the four parts of §4.10 (SPEC 1.6).' })
export class DraftResponseInput extends ComplaintEditInput implements DraftValues {
  @Field({ description: "The service's understanding of the complaint." }) understanding: string;
  @Field(() => String, {
    nullable: true,
    description: "The complainant's desired remedy (required within the procedure).",
  })
  desiredRemedy?: string;
  @Field(() => String, {
    nullable: true,
    description: 'The outcome of the assessment (required within the procedure).',
  })
  assessmentOutcome?: string;
  @Field({ description: 'The steps taken or to be taken.' }) steps: string;
  @Field(() => Boolean, { nullable: true, description: 'A joint response with the provider.' }) joint?: boolean;
  @Field(() => String, { nullable: true, description: "JOINT: the provider's part." }) providerPart?: string;
}

@InputType('SubmitResponseForApprovalInput', {
  description: 'The drafted response goes to a senior manager for approval.',
})
export class SubmitResponseInput extends ComplaintEditInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The senior manager to approve; by default the Head of Practice of the area.',
  })
  approverId?: string;
}

@InputType({ description: 'Which response to approve: the draft of the complaint named.' })
export class ApproveResponseInput extends ComplaintEditInput {}

@InputType({ description: 'Which response to send: the approved (or local-resolution) draft of the complaint named.' })
export class SendResponseInput extends ComplaintEditInput {}

@InputType({ description: 'The response sent back to its drafter, with what to change.' })
export class ReturnResponseInput extends ComplaintEditInput {
  @Field({ description: 'What the drafter should change.' }) comments: string;
}

@InputType({ description: 'A later due date for the response, in exceptional cases (§4.12).' })
export class ExtendResponseDeadlineInput extends ComplaintEditInput implements ExtendValues {
  @Field(() => LocalDate, { description: 'The new due date of the response, later than the current one.' })
  newDueOn: string;
  @Field({ description: 'Why more time is needed (§4.12); the complainant is sent an update.' }) reason: string;
}

@InputType({ description: 'The meeting or discussion a local manager had with a child complainant (§5).' })
export class RecordChildContactInput extends ComplaintEditInput implements ChildContactInput {
  @Field(() => LocalDate, { description: 'The meeting or discussion; the response is due 20 working days after it.' })
  contactedOn: string;
  @Field(() => ContactMethod, { description: "By the child's preferred method." }) method: ContactMethod;
  @Field({ description: 'A meeting (true) or a discussion (false).' }) met: boolean;
  @Field(() => String, { nullable: true, description: 'Who supported the child at the meeting (not a party).' })
  supporter?: string;
  @Field(() => String, { nullable: true, description: 'What was discussed, for the record (staff only).' })
  note?: string;
}

@Authorized()
@ObjectType()
export class ResponsePayload extends ComplaintPayload {
  @Field(() => Response, { nullable: true, description: 'The response as changed; null on errors.' })
  response: Response | null;
}

function responsePayload(result: MutationResult<ResponseChange>): ResponsePayload {
  return { ...complaintPayload(result), response: result.value?.response ?? null };
}

@Authorized()
@ObjectType({
  description: 'The result of `extendResponseDeadline`: the complaint as changed, or the `errors` to correct.',
})
export class ExtendResponseDeadlinePayload extends ComplaintPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `recordChildContact`: the complaint as changed, or the `errors` to correct.',
})
export class RecordChildContactPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `draftResponse`: the response and its complaint as changed, or the `errors` to correct.',
})
export class DraftResponsePayload extends ResponsePayload {}

@Authorized()
@ObjectType({
  description:
    'The result of `submitResponseForApproval`: the response and its complaint as changed, or the `errors` to correct.',
})
export class SubmitResponseForApprovalPayload extends ResponsePayload {}

@Authorized()
@ObjectType({
  description:
    'The result of `approveResponse`: the response and its complaint as changed, or the `errors` to correct.',
})
export class ApproveResponsePayload extends ResponsePayload {}

@Authorized()
@ObjectType({
  description: 'The result of `returnResponse`: the response and its complaint as changed, or the `errors` to correct.',
})
export class ReturnResponsePayload extends ResponsePayload {}

@Authorized()
@ObjectType({
  description: 'The result of `sendResponse`: the response and its complaint as changed, or the `errors` to correct.',
})
export class SendResponsePayload extends ResponsePayload {}

@Resolver()
export class ResponseResolver {
  constructor(private readonly services: Pick<Services, 'responses' | 'extensions' | 'children'>) {}

  @Authorized(...ROLE_SETS.replyDrafters)
  @Mutation(() => DraftResponsePayload, {
    description: 'Drafts (or edits) the response; editing an approved draft withdraws the approval.',
  })
  async draftResponse(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => DraftResponseInput, { description: 'The complaint and the text of its response.' })
    input: DraftResponseInput,
  ): Promise<DraftResponsePayload> {
    return responsePayload(await runMutation(ctx, (t) => this.services.responses.draft(t, input)));
  }

  @Authorized(...ROLE_SETS.replyDrafters)
  @Mutation(() => SubmitResponseForApprovalPayload, {
    description: 'Submits a response within the procedure for approval by a senior manager.',
  })
  async submitResponseForApproval(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => SubmitResponseInput, {
      description: 'The complaint whose draft is submitted, and optionally the approver.',
    })
    input: SubmitResponseInput,
  ): Promise<SubmitResponseForApprovalPayload> {
    return responsePayload(await runMutation(ctx, (t) => this.services.responses.submit(t, input)));
  }

  @Authorized(...ROLE_SETS.approvers)
  @Mutation(() => ApproveResponsePayload, {
    description: 'A senior manager who is neither the drafter nor complained about approves it.',
  })
  async approveResponse(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => ApproveResponseInput, { description: 'The complaint whose submitted response is approved.' })
    input: ApproveResponseInput,
  ): Promise<ApproveResponsePayload> {
    return responsePayload(await runMutation(ctx, (t) => this.services.responses.approve(t, input)));
  }

  @Authorized(...ROLE_SETS.approvers)
  @Mutation(() => ReturnResponsePayload, {
    description: 'The approver returns the response to the drafter with comments.',
  })
  async returnResponse(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => ReturnResponseInput, { description: 'The complaint and the approver’s comments.' })
    input: ReturnResponseInput,
  ): Promise<ReturnResponsePayload> {
    return responsePayload(await runMutation(ctx, (t) => this.services.responses.returnToDrafter(t, input)));
  }

  @Authorized(...ROLE_SETS.replyDrafters)
  @Mutation(() => SendResponsePayload, {
    description: 'Sends an approved response (or a local-resolution / outside-procedure reply).',
  })
  async sendResponse(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => SendResponseInput, { description: 'The complaint whose response is sent.' })
    input: SendResponseInput,
  ): Promise<SendResponsePayload> {
    return responsePayload(await runMutation(ctx, (t) => this.services.responses.send(t, input)));
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ExtendResponseDeadlinePayload, {
    description: 'Exceptional cases (§4.12): a new due date and the reason.',
  })
  async extendResponseDeadline(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => ExtendResponseDeadlineInput, { description: 'The complaint, the new due date and why.' })
    input: ExtendResponseDeadlineInput,
  ): Promise<ExtendResponseDeadlinePayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.extensions.extend(t, input)));
  }

  @Authorized(...ROLE_SETS.staffRecorders)
  @Mutation(() => RecordChildContactPayload, {
    description: 'Records the meeting or discussion with the child; starts the 20-working-day deadline.',
  })
  async recordChildContact(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordChildContactInput, { description: 'The complaint and how the child was contacted.' })
    input: RecordChildContactInput,
  ): Promise<RecordChildContactPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.children.recordContact(t, input)));
  }
}
