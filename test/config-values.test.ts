/** Settings read by maintained parsers: cron schedules as pg-boss reads them, `.env` as Node reads it. */
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config';

const SCHEDULE_SETTINGS = ['RETENTION_SCHEDULE', 'AUDIT_SEAL_SCHEDULE'] as const;

describe('cron schedules', () => {
  it.each([
    ['0 2 * * MON-FRI', 'weekday names, as pg-boss reads them'],
    ['0 2 * JAN,JUL *', 'month names'],
    ['30 2 * * *', 'the default'],
    ['*/10 * * * *', 'steps'],
    ['*/5 0-6 1,15 * 1-5', 'ranges and lists'],
    ['0 0 31 12 7', 'Sunday as 7'],
    ['0 2 29 2 *', '29 February, which comes in leap years'],
    ['0 2 L * *', 'the last day of the month'],
    ['0 2 31 1,2 *', 'the 31st of January (and not of February)'],
  ])('%j is accepted (%s)', (expression) => {
    for (const key of SCHEDULE_SETTINGS) {
      const config = readConfig({ [key]: expression });
      const schedule = key === 'RETENTION_SCHEDULE' ? config.retention.schedule : config.auditSeal.schedule;
      expect(schedule).toBe(expression);
    }
  });

  it.each([
    ['0 2 31 2 *', 'Invalid explicit day of month definition'],
    ['0 2 30 2 *', 'Invalid explicit day of month definition'],
    ['0 2 31 4 *', 'Invalid explicit day of month definition'],
    ['60 * * * *', 'Constraint error, got value 60 expected range 0-59'],
    ['30 2 * * 8', 'Constraint error, got value 8 expected range 0-7'],
    ['*/0 * * * *', 'Constraint error, cannot repeat at every 0 time.'],
    ['0 2 * * 5-1', 'Invalid range: 5-1'],
    ['1-5-2 * * * *', 'a range has more than two ends'],
    ['0 2 * * MON-FRY', 'Validation error, cannot resolve alias "fry"'],
    ['daily', 'it has 1 field, not 5'],
    ['30 2 * *', 'it has 4 fields, not 5'],
    ['0 30 2 * * *', 'it has 6 fields, not 5'],
  ])('%j is refused in one line naming the setting (%s)', (expression, reason) => {
    for (const key of SCHEDULE_SETTINGS) {
      const read = () => readConfig({ [key]: expression });
      expect(read).toThrowError(ConfigError);
      expect(read).toThrowError(
        `${key} must be a cron expression (minute hour day month weekday, e.g. "30 2 * * *") or off, ` +
          `got "${expression}": ${reason}`,
      );
    }
  });

  it('is off when told, and the default otherwise', () => {
    expect(readConfig({ RETENTION_SCHEDULE: 'off' }).retention.schedule).toBeNull();
    expect(readConfig({ AUDIT_SEAL_SCHEDULE: ' ' }).auditSeal.schedule).toBe('*/10 * * * *');
  });
});
