/** Learning and action points: the list, logging one and closing it. */
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
import { LearningPointKind } from '../domain/enums';
import { LearningPoint } from '../entities';
import { ConnectionType } from '../graphql/connection';
import type { Connection } from '../read/paging';
import type { AuthenticatedContext } from '../services/context';
import { PageArgs } from '../graphql/inputs';
import { selected } from '../read/look-ahead';
import { envelope, MutationPayload } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import type {
  CloseLearningPointInput as CloseValues,
  LearningPointInput,
  LearningPointListArgs,
} from '../services/learning-point.service';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

export const LearningPointConnection = ConnectionType(LearningPoint);

@ArgsType()
class LearningPointsArgs extends PageArgs implements LearningPointListArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only open (true) or closed (false) points.' }) open?: boolean;
  @Field(() => ID, { nullable: true, description: 'Only the points this member of staff owns.' }) ownerId?: string;
}

@InputType({
  description: 'A learning point for the national learning log, or an individual action point (SPEC §1.10).',
})
export class LogLearningPointInput implements LearningPointInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The complaint it comes from, if any; one the caller cannot read is NOT_FOUND.',
  })
  complaintId?: string;
  @Field(() => LearningPointKind, { description: 'National learning log, or an individual action point.' })
  kind: LearningPointKind;
  @Field({ description: 'What is to be learnt or done; not empty, at most 20,000 characters.' }) description: string;
  @Field(() => ID, { description: 'The member of staff responsible for seeing it done.' }) ownerId: string;
  @Field(() => LocalDate, { description: 'When it is due: a London calendar date, YYYY-MM-DD.' }) dueOn: string;
}

@InputType({ description: 'A learning or action point done, with the evidence that closes it (SPEC §1.10).' })
export class CloseLearningPointInput implements CloseValues {
  @Field(() => ID, { description: 'The point to close; one closed already is a CONFLICT.' }) learningPointId: string;
  @Field({ description: 'What was done, and how it shows; not empty, at most 20,000 characters.' })
  closingEvidence: string;
  @Field(() => LocalDate, {
    nullable: true,
    description: 'When it was closed: a London calendar date, YYYY-MM-DD, not in the future; defaults to today.',
  })
  closedOn?: string;
}

@Authorized()
@ObjectType()
export class LearningPointPayload extends MutationPayload {
  @Field(() => LearningPoint, { nullable: true, description: 'The learning point; null when there are errors.' })
  learningPoint: LearningPoint | null;
}

@Authorized()
@ObjectType({ description: 'The result of `logLearningPoint`: the new learning point, or the `errors` to correct.' })
export class LogLearningPointPayload extends LearningPointPayload {}

@Authorized()
@ObjectType({
  description: 'The result of `closeLearningPoint`: the learning point as changed, or the `errors` to correct.',
})
export class CloseLearningPointPayload extends LearningPointPayload {}

@Resolver()
export class LearningPointResolver {
  constructor(private readonly services: Pick<Services, 'learningPoints'>) {}

  @Authorized(...ROLE_SETS.staffRecorders)
  @Query(() => LearningPointConnection, { description: 'Learning and action points, soonest due first.' })
  learningPoints(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => LearningPointsArgs) args: LearningPointsArgs,
  ): Promise<Connection<LearningPoint>> {
    return this.services.learningPoints.list(ctx, args, selected(info, LearningPoint, ['edges', 'node']));
  }

  @Authorized(...ROLE_SETS.staffRecorders)
  @Mutation(() => LogLearningPointPayload, {
    description: 'Logs a learning or action point from a complaint, with its owner and due date (FOI 2015).',
  })
  async logLearningPoint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => LogLearningPointInput, {
      description: 'The point, its kind, owner and due date, and the complaint it comes from.',
    })
    input: LogLearningPointInput,
  ): Promise<LogLearningPointPayload> {
    const result = await runMutation(ctx, (t) => this.services.learningPoints.log(t, input));
    return { learningPoint: result.value, ...envelope(result) };
  }

  @Authorized(...ROLE_SETS.staffRecorders)
  @Mutation(() => CloseLearningPointPayload, { description: 'Closes a learning or action point with its evidence.' })
  async closeLearningPoint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => CloseLearningPointInput, {
      description: 'The point closed, the closing evidence and the date.',
    })
    input: CloseLearningPointInput,
  ): Promise<CloseLearningPointPayload> {
    const result = await runMutation(ctx, (t) => this.services.learningPoints.close(t, input));
    return { learningPoint: result.value, ...envelope(result) };
  }
}
