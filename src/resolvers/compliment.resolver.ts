/** Compliments (§6): the list and recording one. */
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Info,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { ComplimentSource } from '../domain/enums';
import { Compliment } from '../entities';
import { ConnectionType } from '../graphql/connection';
import type { Connection } from '../read/paging';
import type { AuthenticatedContext } from '../services/context';
import { PageArgs } from '../graphql/inputs';
import { selected } from '../read/look-ahead';
import { envelope, MutationPayload } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import type { ComplimentInput, ComplimentListArgs } from '../services/compliment.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

export const ComplimentConnection = ConnectionType(Compliment);

@ArgsType()
class ComplimentsArgs extends PageArgs implements ComplimentListArgs {
  @Field(() => ID, { nullable: true, description: 'Only the compliments for this member of staff.' })
  staffId?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Received on or after this date (YYYY-MM-DD).' })
  from?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Received on or before this date (YYYY-MM-DD).' })
  to?: string;
}

@InputType({
  description:
    'A compliment for a member of staff (SPEC §1.9); their line manager is told, and complaintStatistics counts it ' +
    'by receivedOn (SPEC §1.13).',
})
export class RecordComplimentInput implements ComplimentInput {
  @Field(() => ID, { description: 'The member of staff praised; the compliment takes their service area.' })
  staffId: string;
  @Field(() => ComplimentSource, { description: 'Who gave it: a service user or a professional.' })
  source: ComplimentSource;
  @Field(() => LocalDate, {
    description: 'When it was received: a London calendar date, YYYY-MM-DD, not in the future.',
  })
  receivedOn: string;
  @Field({ description: 'What was said, in short; not empty, at most 20,000 characters.' }) summary: string;
}

@Authorized()
@ObjectType()
export class ComplimentPayload extends MutationPayload {
  @Field(() => Compliment, { nullable: true, description: 'The compliment recorded; null on errors.' })
  compliment: Compliment | null;
}

@Authorized()
@ObjectType({ description: 'The result of `recordCompliment`: the recorded compliment, or the `errors` to correct.' })
export class RecordComplimentPayload extends ComplimentPayload {}

@Resolver()
export class ComplimentResolver {
  constructor(private readonly services: Pick<Services, 'compliments'>) {}

  @Authorized(...ROLE_SETS.staffRecorders)
  @Query(() => ComplimentConnection, { description: 'Compliments, newest first.' })
  compliments(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ComplimentsArgs) args: ComplimentsArgs,
  ): Promise<Connection<Compliment>> {
    return this.services.compliments.list(ctx, args, selected(info, Compliment, ['edges', 'node']));
  }

  @Authorized(...ROLE_SETS.staffRecorders)
  @Query(() => Compliment, { nullable: true, description: 'One compliment; null when unknown.' })
  compliment(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { description: "The compliment's id." }) id: string,
  ): Promise<Compliment | null> {
    return this.services.compliments.findOne(ctx, id, selected(info, Compliment));
  }

  @Authorized(...ROLE_SETS.staffRecorders)
  @Mutation(() => RecordComplimentPayload, { description: 'A compliment for a member of staff (§6).' })
  async recordCompliment(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordComplimentInput, {
      description: 'Whom the compliment praises, who gave it, when, and what it says.',
    })
    input: RecordComplimentInput,
  ): Promise<RecordComplimentPayload> {
    const result = await runMutation(ctx, (t) => this.services.compliments.record(t, input));
    return { compliment: result.value, ...envelope(result) };
  }
}
