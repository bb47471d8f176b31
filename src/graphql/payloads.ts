/** Mutation payloads (SPEC §2): the changed object(s) and `errors` the user can correct. */
import { Field, ObjectType, registerEnumType, Authorized } from 'type-graphql';
import { UserErrorCode, type UserErrorData } from '../domain/problems';
import { Complaint } from '../entities';
import type { ComplaintChange, MutationResult } from '../services/mutation';

registerEnumType(UserErrorCode, { name: 'UserErrorCode', description: 'What kind of problem the input has.' });

@Authorized()
@ObjectType({ description: 'Something in the input the user can correct; nothing was changed.' })
export class UserError implements UserErrorData {
  @Field(() => UserErrorCode)
  code: UserErrorCode;

  @Field()
  message: string;

  @Field(() => String, { nullable: true, description: 'The input field, e.g. `input.aspects.1.courtReportId`.' })
  field: string | null;
}

@Authorized()
@ObjectType()
export class ComplaintPayload {
  @Field(() => Complaint, { nullable: true })
  complaint: Complaint | null;

  @Field(() => [UserError])
  errors: UserError[];

  @Field(() => [String], { description: 'Things done that the user should know about (warnings, not errors).' })
  warnings: string[];
}

export function complaintPayload(result: MutationResult<ComplaintChange>): ComplaintPayload {
  return { complaint: result.value?.complaint ?? null, errors: result.errors, warnings: result.value?.warnings ?? [] };
}
