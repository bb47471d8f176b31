/**
 * Holidays an administrator adds (SPEC §1): every open deadline they touch is recomputed in the
 * same transaction, each change audited old → new.
 */
import { isCalendarDate } from '../domain/calendar-date';
import { FINAL_STATUSES } from '../domain/complaint-status';
import { Problems, UserErrorCode } from '../domain/problems';
import { SHORT_TEXT, requiredText } from '../domain/validation';
import { bankHolidays } from '../domain/working-days';
import { BankHoliday } from '../entities';
import { AuditService } from './audit.service';
import { DeadlineService } from './deadline.service';
import type { TxContext } from './mutation';
import type { WorkingCalendar } from './working-calendar';

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
    this.calendar.forget(t.tx);
    // Only deadlines on or after the holiday can move; recomputation runs as of today.
    const affected: { id: string }[] = await t.tx.query(
      `SELECT id FROM complaints
       WHERE NOT (status = ANY($2::complaint_status[]))
         AND (next_due_on >= $1 OR response_due_on >= $1 OR cst_due_on >= $1
              OR acknowledgement_due_on >= $1 OR child_contact_due_on >= $1)
       ORDER BY id`,
      [input.date, FINAL_STATUSES],
    );
    let changed = 0;
    for (const { id } of affected) {
      const moved = await this.deadlines.recompute(t, id, `bank holiday added: ${input.date} ${name}`);
      if (Object.keys(moved).length) changed += 1;
    }
    return { bankHoliday: holiday, recomputed: affected.length, changed };
  }
}
