/** Internal notes on a complaint (issue 15): adding one, and who wrote it. */
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { Complaint, ComplaintNote, Staff } from '../entities';
import { ComplaintEditInput } from '../graphql/inputs';
import { envelope, MutationPayload } from '../graphql/payloads';
import { related } from '../read/loaders';
import type { AddNoteInput } from '../services/complaint-note.service';
import type { AuthenticatedContext, Context } from '../services/context';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType({ description: 'An internal note on a complaint: for staff, never sent to anyone.' })
export class AddComplaintNoteInput extends ComplaintEditInput implements AddNoteInput {
  @Field({ description: 'The note (up to 20,000 characters); staff only, never sent out.' })
  text: string;
}

@Authorized()
@ObjectType({
  description: 'The result of `addComplaintNote`: the note and its complaint, or the `errors` to correct.',
})
export class AddComplaintNotePayload extends MutationPayload {
  @Field(() => Complaint, { nullable: true, description: 'The complaint the note was added to; null on errors.' })
  complaint: Complaint | null;
  @Field(() => ComplaintNote, { nullable: true, description: 'The note added; null on errors.' })
  note: ComplaintNote | null;
}

@Resolver(() => ComplaintNote)
export class ComplaintNoteResolver {
  constructor(private readonly services: Pick<Services, 'notes'>) {}

  @Authorized(...ROLE_SETS.complaintReaders)
  @FieldResolver(() => Staff, { nullable: true, description: 'Who wrote it.' })
  author(@Root() note: ComplaintNote, @Ctx() ctx: Context) {
    return related(ctx, ComplaintNote, 'author', note);
  }

  @Authorized(...ROLE_SETS.complaintReaders)
  @Mutation(() => AddComplaintNotePayload, {
    description: 'Adds an internal note to a complaint the caller may read (staff only; audited; never sent out).',
  })
  async addComplaintNote(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => AddComplaintNoteInput, { description: 'The complaint and the note.' })
    input: AddComplaintNoteInput,
  ): Promise<AddComplaintNotePayload> {
    const result = await runMutation(ctx, (t) => this.services.notes.add(t, input));
    return { complaint: result.value?.complaint ?? null, note: result.value?.note ?? null, ...envelope(result) };
  }
}
