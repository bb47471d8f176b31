/** Settings read by maintained parsers: cron schedules as pg-boss reads them, `.env` as Node reads it. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadDotEnv, readConfig } from '../src/config';

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

/** Runs the compiled `npm run token` in `cwd` (where it looks for `.env`) with only `env` and PATH. */
async function token(cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const script = path.resolve('dist/scripts/token.js');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, '--role', 'CST_OFFICER'], {
      cwd,
      env: { PATH: process.env.PATH, DATA_DIR: path.join(cwd, 'data'), ...env },
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

/** Whether `jwt` was signed with `secret` (the development HS256 secret). */
async function signedWith(jwt: string, secret: string): Promise<boolean> {
  return jwtVerify(jwt.trim(), new TextEncoder().encode(secret)).then(
    () => true,
    () => false,
  );
}

describe('.env', () => {
  const FILE_SECRET = 'a-development-secret-from-the-env-file';
  const REAL_SECRET = 'a-development-secret-from-the-real-environment';
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dotenv-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is read by Node: quotes, export, comments and a value over two lines', async () => {
    const file = path.join(dir, 'kinds.env');
    const unique = `DOTENV_TEST_${process.pid}`;
    await writeFile(
      file,
      `# a comment\n\n${unique}_A=plain\nexport ${unique}_B="two words"\n${unique}_C='over\ntwo lines'\n`,
    );
    try {
      loadDotEnv(file);
      expect([process.env[`${unique}_A`], process.env[`${unique}_B`], process.env[`${unique}_C`]]).toEqual([
        'plain',
        'two words',
        'over\ntwo lines',
      ]);
    } finally {
      for (const k of ['A', 'B', 'C']) delete process.env[`${unique}_${k}`];
    }
  });

  it('is not needed', () => {
    expect(() => loadDotEnv(path.join(dir, 'no-such.env'))).not.toThrow();
  });

  it('sets what the environment does not, and a real variable wins over it', async () => {
    const cwd = await mkdtemp(path.join(dir, 'run-'));
    await writeFile(path.join(cwd, '.env'), `JWT_SECRET=${FILE_SECRET}\n`);
    const fromFile = await token(cwd, {});
    expect(fromFile).toMatchObject({ code: 0, err: '' });
    expect(await signedWith(fromFile.out, FILE_SECRET)).toBe(true);
    const fromEnvironment = await token(cwd, { JWT_SECRET: REAL_SECRET });
    expect(fromEnvironment).toMatchObject({ code: 0, err: '' });
    expect(await signedWith(fromEnvironment.out, REAL_SECRET)).toBe(true);
    expect(await signedWith(fromEnvironment.out, FILE_SECRET)).toBe(false);
  });

  it.each([
    ['a line that is no setting before one', `JWT_SECRET=${FILE_SECRET}\nSMTP password\nMAIL_FROM=x@example.org\n`, 2],
    ['a last line that is no setting', `JWT_SECRET=${FILE_SECRET}\nDEBUG\n`, 2],
    ['a name with a space', `JWT SECRET=${FILE_SECRET}\n`, 1],
    ['no name', `=${FILE_SECRET}\n`, 1],
  ])('stops start-up in one line naming the line, not its text, when malformed: %s', async (_, text, line) => {
    const cwd = await mkdtemp(path.join(dir, 'bad-'));
    await writeFile(path.join(cwd, '.env'), text);
    const ran = await token(cwd, {});
    expect(ran.code).toBe(1);
    expect(ran.err).toBe(
      `error: ${path.join(cwd, '.env')} line ${line} is not NAME=value, a comment or a blank line\n`,
    );
    expect(ran.out).toBe('');
  });
});
