/** Input checks shared by the mutations: each names its field and adds to a `Problems`. */
import { isCalendarDate, type CalendarDate } from './calendar-date';
import { UserErrorCode, type Problems } from './problems';

export const SHORT_TEXT = 500;
export const LONG_TEXT = 20_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Required text: trimmed, not empty, not longer than `max`. */
export function requiredText(
  problems: Problems,
  field: string,
  value: string | null | undefined,
  max = LONG_TEXT,
): string {
  const text = (value ?? '').trim();
  if (!text) problems.add(UserErrorCode.INVALID, field, `${field} must not be empty`);
  else if (text.length > max)
    problems.add(UserErrorCode.INVALID, field, `${field} must be at most ${max} characters (it has ${text.length})`);
  return text;
}

/** Optional text: trimmed, null when empty. */
export function optionalText(
  problems: Problems,
  field: string,
  value: string | null | undefined,
  max = LONG_TEXT,
): string | null {
  const text = (value ?? '').trim();
  if (text.length > max)
    problems.add(UserErrorCode.INVALID, field, `${field} must be at most ${max} characters (it has ${text.length})`);
  return text || null;
}

export function isId(value: string | null | undefined): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A date-time that has happened (receipts, contacts). */
export function pastInstant(problems: Problems, field: string, value: Date | null | undefined, now: Date): Date | null {
  if (!value) return null;
  if (Number.isNaN(value.getTime())) problems.add(UserErrorCode.INVALID, field, `${field} is not a valid date-time`);
  else if (value.getTime() > now.getTime() + 60_000)
    problems.add(UserErrorCode.INVALID, field, `${field} must not be in the future`);
  else return value;
  return null;
}

/** A calendar date on or before today. */
export function pastDate(
  problems: Problems,
  field: string,
  value: string | null | undefined,
  today: CalendarDate,
): CalendarDate | null {
  if (!value) return null;
  if (!isCalendarDate(value)) problems.add(UserErrorCode.INVALID, field, `${field} must be a date (YYYY-MM-DD)`);
  else if (value > today) problems.add(UserErrorCode.INVALID, field, `${field} must not be in the future`);
  else return value;
  return null;
}

/** A calendar date strictly after `after` (review dates, new due dates). */
export function dateAfter(
  problems: Problems,
  field: string,
  value: string | null | undefined,
  after: CalendarDate,
  what: string,
): CalendarDate | null {
  if (!value) return null;
  if (!isCalendarDate(value)) problems.add(UserErrorCode.INVALID, field, `${field} must be a date (YYYY-MM-DD)`);
  else if (value <= after) problems.add(UserErrorCode.INVALID, field, `${field} must be after ${what} (${after})`);
  else return value;
  return null;
}

/** Any calendar date (due dates of recommendations and learning points). */
export function requiredDate(problems: Problems, field: string, value: string | null | undefined): CalendarDate | null {
  if (!value) {
    problems.add(UserErrorCode.INVALID, field, `${field} must not be empty`);
    return null;
  }
  if (!isCalendarDate(value)) {
    problems.add(UserErrorCode.INVALID, field, `${field} must be a date (YYYY-MM-DD)`);
    return null;
  }
  return value;
}
