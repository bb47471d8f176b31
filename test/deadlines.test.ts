import { describe, expect, it } from 'vitest';
import { londonDate, londonInstant } from '../src/domain/calendar-date';
import {
  acknowledgementDueOn,
  adultResponseDue,
  childResponseDue,
  cstDueOn,
  outsideProcedureDue,
} from '../src/domain/deadlines';
import { ComplainantKind, DueReason, HearingStatus } from '../src/domain/enums';
import { WorkingDayCalendar } from '../src/domain/working-days';

const cal = new WorkingDayCalendar();
const listed = (date: string) => ({ date, status: HearingStatus.LISTED });

describe('working days (England and Wales)', () => {
  it.each([
    // [date, n, expected] — n-th working day strictly after
    ['2026-11-02', 1, '2026-11-03'],
    ['2026-11-06', 1, '2026-11-09'], // Friday → Monday
    ['2026-11-07', 1, '2026-11-09'], // Saturday receipt
    ['2026-12-23', 3, '2026-12-30'], // Christmas, Boxing Day substitute (Mon 28 Dec)
    ['2026-12-31', 1, '2027-01-04'], // New Year's Day
    ['2027-12-24', 1, '2027-12-29'], // 25/26 Dec on a weekend: substitutes 27 and 28 Dec
    ['2026-04-02', 1, '2026-04-07'], // Good Friday and Easter Monday
    ['2023-05-05', 1, '2023-05-09'], // one-off: the coronation, Monday 8 May 2023
    ['2022-09-16', 1, '2022-09-20'], // one-off: the State Funeral, Monday 19 September 2022
    ['2022-06-01', 1, '2022-06-06'], // Spring bank holiday moved plus the Platinum Jubilee
  ])('%s + %i working day(s) = %s', (date, n, expected) => {
    expect(cal.addWorkingDays(date, n)).toBe(expected);
  });

  it('ignores observances such as Mothering Sunday and counts holidays an administrator adds', () => {
    expect(cal.isWorkingDay('2026-03-16')).toBe(true);
    const withExtra = new WorkingDayCalendar(['2026-11-03']);
    expect(withExtra.addWorkingDays('2026-11-02', 1)).toBe('2026-11-04');
  });

  it('subtracts working days strictly before a date', () => {
    expect(cal.subtractWorkingDays('2026-11-09', 1)).toBe('2026-11-06');
    expect(cal.subtractWorkingDays('2027-01-04', 2)).toBe('2026-12-30');
  });

  it('converts instants to Europe/London dates (BST and GMT)', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('London wall-clock times as instants (luxon), across both clock changes', () => {
  it.each([
    // [date, hour, minute, instant]
    ['2026-01-15', 9, 0, '2026-01-15T09:00:00.000Z'], // GMT
    ['2026-07-15', 9, 0, '2026-07-15T08:00:00.000Z'], // BST
    // Spring forward, Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST.
    ['2026-03-29', 0, 0, '2026-03-29T00:00:00.000Z'], // midnight: still GMT
    ['2026-03-29', 0, 59, '2026-03-29T00:59:00.000Z'],
    ['2026-03-29', 1, 0, '2026-03-29T01:00:00.000Z'], // skipped: read as GMT, the instant 02:00 BST
    ['2026-03-29', 1, 30, '2026-03-29T01:30:00.000Z'], // skipped: read as GMT, the instant 02:30 BST
    ['2026-03-29', 2, 0, '2026-03-29T01:00:00.000Z'], // the first BST time: the same instant as 01:00
    ['2026-03-29', 9, 0, '2026-03-29T08:00:00.000Z'],
    ['2026-03-29', 12, 0, '2026-03-29T11:00:00.000Z'],
    ['2026-03-28', 12, 0, '2026-03-28T12:00:00.000Z'], // the day before: GMT all day
    ['2026-03-30', 0, 0, '2026-03-29T23:00:00.000Z'], // the day after starts in BST
    // Fall back, Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:00–01:59 comes twice.
    ['2026-10-25', 0, 0, '2026-10-24T23:00:00.000Z'], // midnight: still BST
    ['2026-10-25', 0, 59, '2026-10-24T23:59:00.000Z'],
    ['2026-10-25', 1, 0, '2026-10-25T01:00:00.000Z'], // twice: the second (GMT), not 00:00Z (BST)
    ['2026-10-25', 1, 30, '2026-10-25T01:30:00.000Z'], // twice: the second (GMT), not 00:30Z (BST)
    ['2026-10-25', 2, 0, '2026-10-25T02:00:00.000Z'],
    ['2026-10-25', 9, 0, '2026-10-25T09:00:00.000Z'],
    ['2026-10-24', 12, 0, '2026-10-24T11:00:00.000Z'], // the day before: BST all day
    ['2026-10-26', 0, 0, '2026-10-26T00:00:00.000Z'], // the day after starts in GMT
    // Other years' changes: the last Sundays of March and October.
    ['2027-03-28', 1, 30, '2027-03-28T01:30:00.000Z'],
    ['2027-10-31', 1, 30, '2027-10-31T01:30:00.000Z'],
    ['2024-03-31', 12, 0, '2024-03-31T11:00:00.000Z'],
  ])('%s %i:%i in London is %s', (date, hour, minute, instant) => {
    expect(londonInstant(date, hour, minute).toISOString()).toBe(instant);
  });

  it('is read back as the same London date for the service times', () => {
    for (const date of ['2026-03-29', '2026-10-25', '2026-03-30', '2026-10-26'])
      for (const hour of [0, 9, 12, 23]) expect(londonDate(londonInstant(date, hour))).toBe(date);
  });

  it('refuses what is not a date or a time of day', () => {
    expect(() => londonInstant('2026-02-30', 9)).toThrowError(new RangeError('not a calendar date: 2026-02-30'));
    for (const [hour, minute] of [
      [24, 0],
      [25, 0],
      [9, 60],
      [-1, 0],
    ])
      expect(() => londonInstant('2026-02-03', hour, minute)).toThrowError(
        new RangeError(`not a time of day: ${hour}:${minute}`),
      );
  });
});

describe('deadline arithmetic (SPEC examples and edges)', () => {
  it.each([
    // received, hearings, expected due, reason
    ['2026-11-02', [], '2026-11-23', DueReason.FIFTEEN_WORKING_DAYS],
    ['2026-11-02', ['2026-11-30'], '2026-11-23', DueReason.FIFTEEN_WORKING_DAYS], // bound = base (tie)
    ['2026-11-02', ['2026-11-27'], '2026-11-20', DueReason.BEFORE_HEARING],
    ['2026-11-02', ['2026-11-04'], '2026-11-03', DueReason.HEARING_IMMINENT],
    ['2026-11-07', ['2026-11-09'], '2026-11-09', DueReason.HEARING_IMMINENT], // Saturday receipt
    ['2026-11-02', ['2026-11-02'], '2026-11-23', DueReason.FIFTEEN_WORKING_DAYS], // hearing on the day: not after
    ['2026-12-14', [], '2027-01-07', DueReason.FIFTEEN_WORKING_DAYS], // across Christmas and New Year
    ['2026-03-30', [], '2026-04-22', DueReason.FIFTEEN_WORKING_DAYS], // across Easter
  ])('received %s, hearings %j → %s %s', (received, hearings, due, reason) => {
    expect(adultResponseDue(cal, received, received, hearings.map(listed))).toEqual({ dueOn: due, reason });
  });

  it('ignores hearings that are not LISTED', () => {
    const hearings = [{ date: '2026-11-04', status: HearingStatus.POSTPONED }];
    expect(adultResponseDue(cal, '2026-11-02', '2026-11-02', hearings).reason).toBe(DueReason.FIFTEEN_WORKING_DAYS);
  });

  it('recomputes from today, never before it', () => {
    // received 2 Nov, recomputed on 10 Nov with a hearing on 12 Nov: bound (5 Nov) ≤ from → 11 Nov.
    expect(adultResponseDue(cal, '2026-11-02', '2026-11-10', [listed('2026-11-12')])).toEqual({
      dueOn: '2026-11-11',
      reason: DueReason.HEARING_IMMINENT,
    });
  });

  it('gives the intake dates', () => {
    expect(cstDueOn(cal, '2026-11-06')).toBe('2026-11-09');
    expect(acknowledgementDueOn(cal, '2026-11-02', ComplainantKind.ADULT_PARTY)).toBe('2026-11-05');
    expect(acknowledgementDueOn(cal, '2026-11-02', ComplainantKind.CHILD)).toBe('2026-11-03');
    expect(childResponseDue(cal, '2026-11-02')).toEqual({ dueOn: '2026-11-30', reason: DueReason.CHILD_MEETING });
    expect(outsideProcedureDue(cal, '2026-11-02')).toEqual({
      dueOn: '2026-11-23',
      reason: DueReason.OUTSIDE_PROCEDURE,
    });
  });
});
