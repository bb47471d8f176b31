/**
 * Holidays an administrator adds (SPEC §1), or removes when added by mistake (issue 15): every open
 * deadline they touch is recomputed in the same transaction, each change audited old → new.
 */
import { isCalendarDate } from '../domain/calendar-date';
import { FINAL_STATUSES } from '../domain/complaint-status';
import { fail, Problems, UserErrorCode } from '../domain/problems';
import { InputError } from '../domain/input-error';
import type { EntityManager } from 'typeorm';
import { SHORT_TEXT, requiredText } from '../domain/validation';
import { bankHolidays, namedBankHolidays } from '../domain/working-days';
import { BankHoliday } from '../entities';
import { AuditService } from './audit.service';
import { DeadlineService } from './deadline.service';
import type { TxContext } from './mutation';
import type { WorkingCalendar } from './working-calendar';

/** A day that is not a working day besides weekends. */
export interface NonWorkingDay {
  date: string;
  name: string;
  /** Added by an administrator (`addBankHoliday`), not a statutory bank holiday. */
  added: boolean;
}

export interface HolidayChange {
  bankHoliday: BankHoliday;
  /** Open complaints whose deadlines were recomputed, and how many of them moved. */
  recomputed: number;
  changed: number;
}

export class BankHolidayService {
  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly deadlines: DeadlineService,
    private readonly audit: AuditService,
  ) {}

  async add(t: TxContext, input: { date: string; name: string }): Promise<HolidayChange> {
    const problems = new Problems();
    const name = requiredText(problems, 'input.name', input.name, SHORT_TEXT);
    if (!isCalendarDate(input.date)) {
      problems.add(UserErrorCode.INVALID, 'input.date', 'input.date must be a date (YYYY-MM-DD)');
    } else {
      const cal = await this.calendar.of(t.tx);
      if (bankHolidays(Number(input.date.slice(0, 4))).has(input.date)) {
        problems.add(
          UserErrorCode.CONFLICT,
          'input.date',
          `${input.date} is already a bank holiday in England and Wales`,
        );
      } else if (!cal.isWorkingDay(input.date)) {
        problems.add(UserErrorCode.CONFLICT, 'input.date', `${input.date} is not a working day already`);
      }
    }
    problems.throwIfAny();
    const holiday = await t.tx
      .getRepository(BankHoliday)
      .save(t.tx.getRepository(BankHoliday).create({ date: input.date, name }));
    await this.audit.record(t.tx, t.actor, {
      action: 'bank-holiday.added',
      entityType: 'BankHoliday',
      entityId: holiday.id,
      change: { date: input.date, name },
    });
    return {
      bankHoliday: holiday,
      ...(await this.recomputeFrom(t, input.date, `bank holiday added: ${input.date} ${name}`)),
    };
  }

  /** Removes a holiday an administrator added (a mistaken one); the statutory ones stay. Deadlines are recomputed. */
  async remove(t: TxContext, input: { date: string }): Promise<HolidayChange> {
    if (!isCalendarDate(input.date))
      fail(UserErrorCode.INVALID, 'input.date', 'input.date must be a date (YYYY-MM-DD)');
    const holiday = await t.tx.getRepository(BankHoliday).findOneBy({ date: input.date });
    if (!holiday) {
      if (bankHolidays(Number(input.date.slice(0, 4))).has(input.date))
        fail(UserErrorCode.CONFLICT, 'input.date', `${input.date} is a bank holiday in England and Wales: it stays`);
      fail(UserErrorCode.NOT_FOUND, 'input.date', `no bank holiday was added on ${input.date}`);
    }
    await t.tx.getRepository(BankHoliday).delete(holiday.id);
    await this.audit.record(t.tx, t.actor, {
      action: 'bank-holiday.removed',
      entityType: 'BankHoliday',
      entityId: holiday.id,
      change: { date: holiday.date, name: holiday.name },
    });
    const reason = `bank holiday removed: ${holiday.date} ${holiday.name}`;
    return { bankHoliday: holiday, ...(await this.recomputeFrom(t, holiday.date, reason)) };
  }

  /** The year's non-working days besides weekends: the statutory bank holidays and those added. */
  async ofYear(tx: EntityManager, year: number): Promise<NonWorkingDay[]> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw new InputError('year must be between 2000 and 2100', 'year');
    const added = await tx
      .getRepository(BankHoliday)
      .createQueryBuilder('h')
      .where('h.date BETWEEN :from AND :to', { from: `${year}-01-01`, to: `${year}-12-31` })
      .getMany();
    return [
      ...namedBankHolidays(year).map((h) => ({ ...h, added: false })),
      ...added.map((h) => ({ date: h.date, name: h.name, added: true })),
    ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /** Every open deadline on or after `date` is recomputed (as of today), each change audited old → new. */
  private async recomputeFrom(t: TxContext, date: string, reason: string): Promise<Omit<HolidayChange, 'bankHoliday'>> {
    this.calendar.forget(t.tx);
    const affected: { id: string }[] = await t.tx.query(
      `SELECT id FROM complaints
       WHERE NOT (status = ANY($2::complaint_status[]))
         AND (next_due_on >= $1 OR response_due_on >= $1 OR cst_due_on >= $1
              OR acknowledgement_due_on >= $1 OR child_contact_due_on >= $1)
       ORDER BY id`,
      [date, FINAL_STATUSES],
    );
    let changed = 0;
    for (const { id } of affected) {
      const moved = await this.deadlines.recompute(t, id, reason);
      if (Object.keys(moved).length) changed += 1;
    }
    return { recomputed: affected.length, changed };
  }
}
