/**
 * Working days: Monday–Friday except the bank holidays of England and Wales (date-holidays,
 * GB/ENG, type `public` only: its other types are observances) and holidays an administrator adds.
 */
import Holidays from 'date-holidays';
import { addDays, dayOfWeek, type CalendarDate } from './calendar-date';

const england = new Holidays('GB', 'ENG');
const bankHolidaysByYear = new Map<number, ReadonlySet<CalendarDate>>();

/** England and Wales bank holidays of a year, substitute and one-off days included. */
export function bankHolidays(year: number): ReadonlySet<CalendarDate> {
  let days = bankHolidaysByYear.get(year);
  if (!days) {
    days = new Set(
      england
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    bankHolidaysByYear.set(year, days);
  }
  return days;
}

/** England and Wales bank holidays of a year with their names, in date order. */
export function namedBankHolidays(year: number): { date: CalendarDate; name: string }[] {
  return england
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
}

export class WorkingDayCalendar {
  private readonly extra: ReadonlySet<CalendarDate>;

  /** @param addedHolidays days an administrator added (`addBankHoliday`). */
  constructor(addedHolidays: Iterable<CalendarDate> = []) {
    this.extra = new Set(addedHolidays);
  }

  isWorkingDay(date: CalendarDate): boolean {
    const dow = dayOfWeek(date);
    if (dow === 0 || dow === 6) return false;
    if (this.extra.has(date)) return false;
    return !bankHolidays(Number(date.slice(0, 4))).has(date);
  }

  /** The n-th working day strictly after `date` (n ≥ 1). */
  addWorkingDays(date: CalendarDate, n: number): CalendarDate {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    let d = date;
    for (let found = 0; found < n;) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) found += 1;
    }
    return d;
  }

  /** The n-th working day strictly before `date` (n ≥ 1). */
  subtractWorkingDays(date: CalendarDate, n: number): CalendarDate {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    let d = date;
    for (let found = 0; found < n;) {
      d = addDays(d, -1);
      if (this.isWorkingDay(d)) found += 1;
    }
    return d;
  }

  /** `date` if it is a working day, else the next one. */
  firstWorkingDayFrom(date: CalendarDate): CalendarDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /** Working days in (from, to]: 0 when `to` ≤ `from`. */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count += 1;
    return count;
  }
}
