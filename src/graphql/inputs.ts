/** Input shapes many operations share: the complaint a mutation edits, and a page of a list. */
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import type { PageArgs as PageValues } from '../read/keyset-page';

/** A mutation that edits a complaint names it, and may say which version of it the user read. */
@InputType()
export abstract class ComplaintEditInput {
  @Field(() => ID, { description: 'The complaint to change.' }) complaintId: string;
  @Field(() => Int, { nullable: true, description: 'The version you read; a different current version is a CONFLICT.' })
  expectedVersion?: number;
}

/** A page of a list: how many, and after which cursor. */
@ArgsType()
export class PageArgs implements PageValues {
  @Field(() => Int, { nullable: true, description: 'Page size (default 20, at most 100).' }) first?: number;
  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string;
}
