/** What lists' filters share: a date argument checked, and London days as a range of instants. */
import { addDays, isCalendarDate, londonInstant } from '../domain/calendar-date';
import { InputError } from '../domain/input-error';
import type { SqlParams } from '../db/entity-sql';

/** A filter's date (`YYYY-MM-DD`), or BAD_USER_INPUT naming the field. */
export function dateArgument(value: string, field: string): string {
  if (!isCalendarDate(value)) throw new InputError(`${field} must be a date (YYYY-MM-DD)`, field);
  return value;
}

/**
 * `column` (an instant) within the London days `from` to `to`, both included, either end open; the
 * fields' names for errors (a range that ends before it starts is refused, naming `from`).
 */
export function londonDays(
  column: string,
  range: { from?: string | null; to?: string | null },
  fields: { from: string; to: string },
  p: SqlParams,
): string[] {
  const from = range.from ? dateArgument(range.from, fields.from) : null;
  const to = range.to ? dateArgument(range.to, fields.to) : null;
  if (from && to && from > to) throw new InputError(`${fields.from} is after ${fields.to}`, fields.from);
  return [
    ...(from ? [`${column} >= ${p.p(londonInstant(from, 0))}`] : []),
    ...(to ? [`${column} < ${p.p(londonInstant(addDays(to, 1), 0))}`] : []),
  ];
}
