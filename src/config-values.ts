/** How a setting's text becomes a value: numbers in a range, cron expressions, PostgreSQL URLs, `.env` files. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseExpression } from 'cron-parser';
import { SERVICE_TIME_ZONE } from './domain/calendar-date';

/** A setting that cannot be used: start-up stops with this one-line reason. */
export class ConfigError extends Error {}

/**
 * Loads `.env` into the environment with Node's own reader (`process.loadEnvFile`), which sets only what is not
 * set already: a variable of the real environment wins over the file. No file is fine (it is for development).
 */
export function loadDotEnv(file = path.resolve('.env')): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ConfigError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  checkEnvLines(file, text);
  process.loadEnvFile(file);
}

const SETTING_LINE = /^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*(.*)$/;

/**
 * Node's reader skips a line that is not `NAME=value` without a word (Node 24), or reads it and the next line as one
 * strange name, losing that next setting (Node 20): such a line stops start-up instead, named by its number only
 * (it may hold a secret). Lines inside a quoted value that spans lines are the value's.
 */
function checkEnvLines(file: string, text: string): void {
  let openQuote: string | null = null;
  text.split(/\r?\n/).forEach((line, i) => {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = null;
      return;
    }
    if (!line.trim() || line.trim().startsWith('#')) return;
    const setting = SETTING_LINE.exec(line);
    if (!setting) throw new ConfigError(`${file} line ${i + 1} is not NAME=value, a comment or a blank line`);
    const quote = /^["'`]/.exec(setting[2])?.[0];
    if (quote && !setting[2].slice(1).includes(quote)) openQuote = quote;
  });
}

export function integer(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${key} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** A decimal number of `unit` (seconds, hours) from `min` to `max`. */
export function decimal(
  env: NodeJS.ProcessEnv,
  key: string,
  unit: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < min || value > max)
    throw new ConfigError(`${key} must be a number of ${unit} from ${min} to ${max}, got "${raw}"`);
  return value;
}

export function seconds(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  return decimal(env, key, 'seconds', fallback, min, max);
}

/**
 * A five-field cron expression (minute hour day month weekday), or `off`: null. Checked by the parser pg-boss
 * schedules with (cron-parser, in Europe/London as the schedules run), so what is accepted here is what runs,
 * names (`MON-FRI`, `JAN`) and `L` included, and a date that never comes (31 February) is refused. Five fields:
 * pg-boss looks once a minute, so a seconds field would promise what it cannot keep.
 */
export function cron(env: NodeJS.ProcessEnv, key: string, fallback: string): string | null {
  const raw = (env[key] ?? '').trim() || fallback;
  if (raw === 'off') return null;
  const problem = cronProblem(raw);
  if (problem)
    throw new ConfigError(
      `${key} must be a cron expression (minute hour day month weekday, e.g. "30 2 * * *") or off, ` +
        `got "${raw}": ${problem}`,
    );
  return raw;
}

/** Why `expression` cannot be a schedule, or null. */
function cronProblem(expression: string): string | null {
  const fields = expression.split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} field${fields.length === 1 ? '' : 's'}, not 5`;
  // cron-parser reads "1-5-2" as 1-5, silently dropping the rest: a range has two ends.
  if (fields.some((field) => field.split(',').some((part) => part.split('/')[0].split('-').length > 2)))
    return 'a range has more than two ends';
  try {
    parseExpression(expression, { tz: SERVICE_TIME_ZONE }).next();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function postgresUrl(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${key} is not a valid URL (expected postgres://user:password@host:port/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${key} must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  if (!url.hostname || url.pathname.length <= 1) {
    throw new ConfigError(`${key} must name a host and a database (postgres://user:password@host:port/database)`);
  }
  return raw;
}

/** A switch: `on` or `off`; unset (or empty) is the fallback. */
export function onOff(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(`${key} must be on or off, got "${raw}"`);
  return raw === 'on';
}

/** An http(s) address from `name`, without a trailing slash (links are made by appending a path). */
export function readUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${name} must be an http or https address: "${value}"`);
  }
  return value.replace(/\/+$/, '');
}
