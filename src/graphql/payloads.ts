/**
 * Mutation payloads (SPEC §2): each mutation has its own `…Payload` type, built from the envelopes here:
 * the changed object(s), `errors` the user can correct, and `userWarnings`, each with a code.
 */
import { Field, ObjectType, registerEnumType, Authorized } from 'type-graphql';
import { USER_ERROR_CODE_DOCS, UserErrorCode, type UserErrorData } from '../domain/problems';
import { USER_WARNING_CODE_DOCS, UserWarningCode, type UserWarningData } from '../domain/warnings';
import { Complaint } from '../entities';
import type { ComplaintChange, MutationResult } from '../services/mutation';
import { enumConfig } from './enum-config';

registerEnumType(UserErrorCode, enumConfig('UserErrorCode', USER_ERROR_CODE_DOCS));
registerEnumType(UserWarningCode, enumConfig('UserWarningCode', USER_WARNING_CODE_DOCS));

@Authorized()
@ObjectType({ description: 'Something in the input the user can correct; nothing was changed.' })
export class UserError implements UserErrorData {
  @Field(() => UserErrorCode, { description: 'The kind of problem, for a client to act on.' })
  code: UserErrorCode;

  @Field({ description: 'What is wrong and how to put it right, for a person.' })
  message: string;

  @Field(() => String, { nullable: true, description: 'The input field, e.g. `input.aspects.1.courtReportId`.' })
  field: string | null;
}

@Authorized()
@ObjectType({ description: 'The mutation succeeded, but there is something the user should know or do next.' })
export class UserWarning implements UserWarningData {
  @Field(() => UserWarningCode, { description: 'What the warning is about.' })
  code: UserWarningCode;

  @Field({ description: 'The warning for a person, naming the dates and people concerned.' })
  message: string;
}

/** What every payload has: `errors` (nothing changed) or the change, with `userWarnings`. */
@Authorized()
@ObjectType()
export abstract class MutationPayload {
  @Field(() => [UserError], {
    description:
      'What the input got wrong; when there are any, nothing was changed (in `upsertCaseFile`: the records named ' +
      'were not applied, the others were).',
  })
  errors: UserError[];

  @Field(() => [UserWarning], { description: 'Done, but worth knowing: each warning with its code.' })
  userWarnings: UserWarning[];
}

/** Payloads whose warnings were text before they had codes: `warnings` stays, deprecated, for their clients. */
@Authorized()
@ObjectType()
export abstract class TextWarningsPayload extends MutationPayload {
  @Field(() => [String], {
    description: 'The messages of `userWarnings`, without their codes.',
    deprecationReason: 'Text only: use `userWarnings`, which gives each warning a code.',
  })
  warnings: string[];
}

/** The payload of a mutation that changes a complaint. */
@Authorized()
@ObjectType()
export abstract class ComplaintPayload extends TextWarningsPayload {
  @Field(() => Complaint, { nullable: true, description: 'The complaint as changed; null when there are errors.' })
  complaint: Complaint | null;
}

/** `errors`, `userWarnings` and (deprecated) `warnings` of a mutation's result. */
export function envelope(
  result: MutationResult<unknown>,
  warnings: UserWarningData[] = [],
): Pick<TextWarningsPayload, 'errors' | 'userWarnings' | 'warnings'> {
  return { errors: result.errors, userWarnings: warnings, warnings: warnings.map((w) => w.message) };
}

export function complaintPayload(result: MutationResult<ComplaintChange>): ComplaintPayload {
  return { complaint: result.value?.complaint ?? null, ...envelope(result, result.value?.warnings) };
}
