/** Calendar dates as `YYYY-MM-DD` strings (Europe/London), with plain arithmetic on them. */
import { DateTime } from 'luxon';

export type CalendarDate = string;

/** The service's time zone: its dates, deadlines and schedules are England and Wales's. */
export const SERVICE_TIME_ZONE = 'Europe/London';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const londonFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SERVICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Europe/London calendar date of an instant (a receipt or hearing start). */
export function londonDate(instant: Date): CalendarDate {
  return londonFormat.format(instant);
}

export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The years this service's dates fall in: a date outside (year 9999, year 1) is a mistake, refused as input. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2199;

export function isInServiceYears(year: number): boolean {
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

function toUtc(date: CalendarDate): Date {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months, clamping to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const d = toUtc(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return toUtc(date).getUTCDay();
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}

/**
 * The instant of `hour`:`minute` on a Europe/London calendar date, GMT or BST as that moment has it (luxon, from
 * the time-zone database the runtime carries). On the two days a year the clocks change, the rule is PostgreSQL's
 * (`AT TIME ZONE`): a time the clocks skip (01:30 on the last Sunday of March) is read with the offset before the
 * change, so it is the instant 02:30 BST; a time that comes twice (01:30 on the last Sunday of October) is the
 * second, GMT one. The service's own times (midnight, 07:00, 12:00) are never either.
 */
export function londonInstant(date: CalendarDate, hour: number, minute = 0): Date {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const [year, month, day] = date.split('-').map(Number);
  const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone: SERVICE_TIME_ZONE });
  // luxon reads 24:00 as the next day's midnight: a time of day here is 00:00–23:59.
  if (!local.isValid || hour === 24) throw new RangeError(`not a time of day: ${hour}:${minute}`);
  return local.toJSDate();
}
