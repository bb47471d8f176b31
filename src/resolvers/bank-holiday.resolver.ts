/** The working-day calendar's holidays: the year's list, and those an administrator adds or removes. */
import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ROLE_SETS } from '../auth/role-sets';
import { BankHoliday } from '../entities';
import type { AuthenticatedContext } from '../services/context';
import { envelope, MutationPayload } from '../graphql/payloads';
import { LocalDate } from '../graphql/scalars';
import { runMutation } from '../services/mutation';
import type { Services } from '../services/services';
import type { HolidayChange, NonWorkingDay as NonWorkingDayData } from '../services/bank-holiday.service';
import type { MutationResult } from '../services/mutation';

@InputType({
  description:
    'A day to take out of the working-day calendar, besides the bank holidays of England and Wales (SPEC §1).',
})
export class AddBankHolidayInput {
  @Field(() => LocalDate, {
    description:
      'A London calendar date, YYYY-MM-DD, that is a working day now: a bank holiday of England and Wales, ' +
      'a weekend or a day already added is a CONFLICT.',
  })
  date: string;
  @Field({ description: 'What the day is, e.g. "Additional bank holiday"; not empty, at most 500 characters.' })
  name: string;
}

@InputType({ description: 'A day added with addBankHoliday by mistake, to make a working day again.' })
export class RemoveBankHolidayInput {
  @Field(() => LocalDate, {
    description:
      'A day added with addBankHoliday (YYYY-MM-DD); a statutory bank holiday is a CONFLICT, any other day ' +
      'NOT_FOUND.',
  })
  date: string;
}

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({ description: 'A day that is not a working day, besides weekends.' })
export class NonWorkingDay implements NonWorkingDayData {
  @Field(() => LocalDate, { description: 'The day: a London calendar date, YYYY-MM-DD.' }) date: string;
  @Field({ description: 'Its name, e.g. "Christmas Day", or the name given when it was added.' }) name: string;
  @Field({ description: 'Added by an administrator (addBankHoliday), not a statutory bank holiday.' }) added: boolean;
}

@Authorized()
@ObjectType()
export class BankHolidayPayload extends MutationPayload {
  @Field(() => BankHoliday, { nullable: true, description: 'The bank holiday added or removed; null on errors.' })
  bankHoliday: BankHoliday | null;
  @Field(() => Int, { description: 'Open complaints whose deadlines were recomputed.' }) recomputed: number;
  @Field(() => Int, { description: 'How many of them moved.' }) changed: number;
}

@Authorized()
@ObjectType({ description: 'The result of `addBankHoliday`: the bank holiday, or the `errors` to correct.' })
export class AddBankHolidayPayload extends BankHolidayPayload {}

@Authorized()
@ObjectType({ description: 'The result of `removeBankHoliday`: the bank holiday, or the `errors` to correct.' })
export class RemoveBankHolidayPayload extends BankHolidayPayload {}

@Resolver()
export class BankHolidayResolver {
  constructor(private readonly services: Pick<Services, 'holidays'>) {}

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => AddBankHolidayPayload, {
    description: 'Adds a non-working day; every open deadline it touches is recomputed.',
  })
  async addBankHoliday(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => AddBankHolidayInput, { description: 'The day to add and its name.' })
    input: AddBankHolidayInput,
  ): Promise<AddBankHolidayPayload> {
    return payload(await runMutation(ctx, (t) => this.services.holidays.add(t, input)));
  }

  @Authorized(...ROLE_SETS.cstManagers)
  @Mutation(() => RemoveBankHolidayPayload, {
    description:
      'Removes a day added by mistake (statutory bank holidays stay); every open deadline it touched is recomputed.',
  })
  async removeBankHoliday(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('input', () => RemoveBankHolidayInput, { description: 'The added day to remove.' })
    input: RemoveBankHolidayInput,
  ): Promise<RemoveBankHolidayPayload> {
    return payload(await runMutation(ctx, (t) => this.services.holidays.remove(t, input)));
  }

  @Authorized(...ROLE_SETS.complaintReaders)
  @Query(() => [NonWorkingDay], {
    description: "The year's bank holidays in England and Wales and the days an administrator added, in date order.",
  })
  bankHolidays(
    @Ctx() ctx: AuthenticatedContext,
    @Arg('year', () => Int, { description: 'The calendar year, from 2000 to 2100.' }) year: number,
  ): Promise<NonWorkingDay[]> {
    return this.services.holidays.ofYear(ctx.em, year);
  }
}

function payload(result: MutationResult<HolidayChange>): BankHolidayPayload {
  return {
    bankHoliday: result.value?.bankHoliday ?? null,
    recomputed: result.value?.recomputed ?? 0,
    changed: result.value?.changed ?? 0,
    ...envelope(result),
  };
}
