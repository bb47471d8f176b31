/** Bank holidays an administrator adds to the working-day calendar. */
import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { BankHoliday } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import { UserError } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';

@InputType()
export class AddBankHolidayInput {
  @Field(() => LocalDate) date: string;
  @Field() name: string;
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
export class BankHolidayResolver {
  constructor(private readonly services: Pick<Services, 'holidays'>) {}

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
