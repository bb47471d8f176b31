/** Correcting what was recorded (issue 15): a complainant's contact details, a complaint's recorded facts. */
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Channel, ContactMethod } from '../domain/enums';
import { Complainant } from '../entities';
import { ComplaintEditInput } from '../graphql/inputs';
import { complaintPayload, ComplaintPayload, envelope, MutationPayload } from '../graphql/payloads';
import type { AuthenticatedContext } from '../services/context';
import type {
  UpdateComplainantInput as UpdateComplainantValues,
  UpdateComplaintInput as UpdateComplaintValues,
} from '../services/correction.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

const ONLY_GIVEN = 'Only the fields given change; null clears an optional one.';

@InputType({ description: `A complainant's contact details, corrected. ${ONLY_GIVEN}` })
export class UpdateComplainantInput implements UpdateComplainantValues {
  @Field(() => ID, { description: 'The complainant to correct.' }) complainantId: string;
  @Field(() => String, { nullable: true, description: 'Their first name (required: not cleared).' })
  firstName?: string | null;
  @Field(() => String, { nullable: true, description: 'Their last name (required: not cleared).' })
  lastName?: string | null;
  @Field(() => String, { nullable: true, description: 'Their email address, where letters go by email.' })
  email?: string | null;
  @Field(() => String, { nullable: true, description: 'Their telephone number.' }) phone?: string | null;
  @Field(() => String, { nullable: true, description: 'The postal address.' }) address?: string | null;
  @Field(() => ContactMethod, {
    nullable: true,
    description: 'How they (a child: how the local manager) prefer to be contacted; it must be usable.',
  })
  preferredContact?: ContactMethod | null;
}

@InputType({ description: `What was recorded of a complaint, corrected. ${ONLY_GIVEN}` })
export class UpdateComplaintInput extends ComplaintEditInput implements UpdateComplaintValues {
  @Field(() => String, { nullable: true, description: "The complaint in the complainant's words." })
  summary?: string | null;
  @Field(() => Channel, { nullable: true, description: 'How the complaint arrived.' }) channel?: Channel | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'The member of staff complained about. The owner of a child’s complaint and an approval awaited from them ' +
      'go to another senior manager.',
  })
  subjectStaffId?: string | null;
  @Field(() => ID, { nullable: true, description: 'An earlier complaint this one repeats.' })
  repeatsComplaintId?: string | null;
}

@Authorized()
@ObjectType()
export class ComplainantPayload extends MutationPayload {
  @Field(() => Complainant, { nullable: true, description: 'The complainant as corrected; null on errors.' })
  complainant: Complainant | null;
}

@Authorized()
@ObjectType({ description: 'The result of `updateComplaint`: the complaint as changed, or the `errors` to correct.' })
export class UpdateComplaintPayload extends ComplaintPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `updateComplainant`: the complainant as corrected, or the `errors` to correct.',
})
export class UpdateComplainantPayload extends ComplainantPayload {}

@Resolver()
export class CorrectionResolver {
  constructor(private readonly services: Pick<Services, 'corrections'>) {}

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => UpdateComplainantPayload, { description: "Corrects a complainant's contact details. Audited." })
  async updateComplainant(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => UpdateComplainantInput, { description: 'The complainant and the corrected details.' })
    input: UpdateComplainantInput,
  ): Promise<UpdateComplainantPayload> {
    const result = await runMutation(ctx, (t) => this.services.corrections.updateComplainant(t, input));
    return { complainant: result.value, ...envelope(result) };
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => UpdateComplaintPayload, {
    description: "Corrects a complaint's summary, channel, subject or repeats link. Audited.",
  })
  async updateComplaint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => UpdateComplaintInput, { description: 'The complaint and the corrected details.' })
    input: UpdateComplaintInput,
  ): Promise<UpdateComplaintPayload> {
    return complaintPayload(await runMutation(ctx, (t) => this.services.corrections.updateComplaint(t, input)));
  }
}
