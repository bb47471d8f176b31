import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ComplimentSource, LearningPointKind } from '../domain/enums';
import { BankHoliday, Compliment, ContactRestriction, LearningPoint, ReasonableAdjustment } from '../entities';
import { ROLE_SETS } from '../auth/role-sets';
import type { AuthenticatedContext } from '../graphql/context';
import { UserError } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import {} from '../services/bank-holiday.service';
import { runMutation } from '../services/mutation';
import { type ComplimentInput, type LearningPointInput } from '../services/record-keeping.service';
import type { Services } from '../services/services';

@InputType()
export class RecordComplimentInput implements ComplimentInput {
  @Field(() => ID, { description: 'The member of staff praised.' }) staffId: string;
  @Field(() => ComplimentSource) source: ComplimentSource;
  @Field(() => LocalDate) receivedOn: string;
  @Field() summary: string;
}

@InputType()
export class LogLearningPointInput implements LearningPointInput {
  @Field(() => ID, { nullable: true }) complaintId?: string;
  @Field(() => LearningPointKind, { description: 'National learning log, or an individual action point.' })
  kind: LearningPointKind;
  @Field() description: string;
  @Field(() => ID) ownerId: string;
  @Field(() => LocalDate) dueOn: string;
}

@InputType()
export class CloseLearningPointInput {
  @Field(() => ID) learningPointId: string;
  @Field() closingEvidence: string;
  @Field(() => LocalDate, { nullable: true, description: 'Defaults to today.' }) closedOn?: string;
}

@InputType()
export class RestrictContactInput {
  @Field(() => ID) complainantId: string;
  @Field({ description: 'What is limited.' }) restriction: string;
  @Field() reason: string;
  @Field(() => LocalDate) reviewOn: string;
}

@InputType()
export class RecordReasonableAdjustmentInput {
  @Field(() => ID) complainantId: string;
  @Field() adjustment: string;
}

@InputType()
export class AddBankHolidayInput {
  @Field(() => LocalDate) date: string;
  @Field() name: string;
}

@Authorized()
@ObjectType()
export class ComplimentPayload {
  @Field(() => Compliment, { nullable: true }) compliment: Compliment | null;
  @Field(() => [UserError]) errors: UserError[];
}

@Authorized()
@ObjectType()
export class LearningPointPayload {
  @Field(() => LearningPoint, { nullable: true }) learningPoint: LearningPoint | null;
  @Field(() => [UserError]) errors: UserError[];
}

@Authorized()
@ObjectType()
export class ContactRestrictionPayload {
  @Field(() => ContactRestriction, { nullable: true }) contactRestriction: ContactRestriction | null;
  @Field(() => [UserError]) errors: UserError[];
}

@Authorized()
@ObjectType()
export class ReasonableAdjustmentPayload {
  @Field(() => ReasonableAdjustment, { nullable: true }) reasonableAdjustment: ReasonableAdjustment | null;
  @Field(() => [UserError]) errors: UserError[];
}

@Authorized()
@ObjectType()
export class BankHolidayPayload {
  @Field(() => BankHoliday, { nullable: true }) bankHoliday: BankHoliday | null;
  @Field(() => Int, { description: 'Open complaints whose deadlines were recomputed.' }) recomputed: number;
  @Field(() => Int, { description: 'How many of them moved.' }) changed: number;
  @Field(() => [UserError]) errors: UserError[];
}

@Resolver()
export class RecordKeepingResolver {
  constructor(private readonly services: Pick<Services, 'records' | 'holidays'>) {}

  @Authorized(...ROLE_SETS.staffRecorders)
  @Mutation(() => ComplimentPayload, { description: 'A compliment for a member of staff (§6).' })
  async recordCompliment(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordComplimentInput) input: RecordComplimentInput,
  ): Promise<ComplimentPayload> {
    const result = await runMutation(ctx, (t) => this.services.records.recordCompliment(t, input));
    return { compliment: result.value, errors: result.errors };
  }

  @Authorized(...ROLE_SETS.staffRecorders)
  @Mutation(() => LearningPointPayload)
  async logLearningPoint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => LogLearningPointInput) input: LogLearningPointInput,
  ): Promise<LearningPointPayload> {
    const result = await runMutation(ctx, (t) => this.services.records.logLearningPoint(t, input));
    return { learningPoint: result.value, errors: result.errors };
  }

  @Authorized(...ROLE_SETS.staffRecorders)
  @Mutation(() => LearningPointPayload, { description: 'Closes a learning or action point with its evidence.' })
  async closeLearningPoint(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => CloseLearningPointInput) input: CloseLearningPointInput,
  ): Promise<LearningPointPayload> {
    const result = await runMutation(ctx, (t) => this.services.records.closeLearningPoint(t, input));
    return { learningPoint: result.value, errors: result.errors };
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => ContactRestrictionPayload, {
    description: 'A CST manager limits contact with a complainant (§3.4–3.5).',
  })
  async restrictContact(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RestrictContactInput) input: RestrictContactInput,
  ): Promise<ContactRestrictionPayload> {
    const result = await runMutation(ctx, (t) => this.services.records.restrictContact(t, input));
    return { contactRestriction: result.value, errors: result.errors };
  }

  @Authorized(...ROLE_SETS.caseHandlers)
  @Mutation(() => ReasonableAdjustmentPayload, { description: 'A reasonable adjustment for a complainant (§1.4).' })
  async recordReasonableAdjustment(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RecordReasonableAdjustmentInput) input: RecordReasonableAdjustmentInput,
  ): Promise<ReasonableAdjustmentPayload> {
    const result = await runMutation(ctx, (t) => this.services.records.recordReasonableAdjustment(t, input));
    return { reasonableAdjustment: result.value, errors: result.errors };
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => BankHolidayPayload, {
    description: 'Adds a non-working day; every open deadline it touches is recomputed.',
  })
  async addBankHoliday(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => AddBankHolidayInput) input: AddBankHolidayInput,
  ): Promise<BankHolidayPayload> {
    const result = await runMutation(ctx, (t) => this.services.holidays.add(t, input));
    return {
      bankHoliday: result.value?.bankHoliday ?? null,
      recomputed: result.value?.recomputed ?? 0,
      changed: result.value?.changed ?? 0,
      errors: result.errors,
    };
  }
}
