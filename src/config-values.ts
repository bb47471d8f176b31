/** How a setting's text becomes a value: numbers in a range, cron expressions, PostgreSQL URLs, `.env` lines. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A setting that cannot be used: start-up stops with this one-line reason. */
export class ConfigError extends Error {}

/** Loads `KEY=value` lines from `.env` into the environment without overriding it. */
export function loadDotEnv(file = path.resolve('.env')): void {
  if (!existsSync(file)) return;
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) continue;
    const key = line.slice(0, eq).trim();
    const value = line
      .slice(eq + 1)
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2');
    if (process.env[key] === undefined) process.env[key] = value;
  }
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

const CRON_FIELDS: [name: string, min: number, max: number][] = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day', 1, 31],
  ['month', 1, 12],
  ['weekday', 0, 7],
];

/** A five-field cron expression of numbers, ranges, steps, lists and `*` (or `off`: null). */
export function cron(env: NodeJS.ProcessEnv, key: string, fallback: string): string | null {
  const raw = (env[key] ?? '').trim() || fallback;
  if (raw === 'off') return null;
  const fields = raw.split(/\s+/);
  const valid =
    fields.length === 5 &&
    fields.every((field, i) =>
      field.split(',').every((part) => {
        const [range, step, extra] = part.split('/');
        const [, min, max] = CRON_FIELDS[i];
        const inRange = (n: string) => /^\d+$/.test(n) && Number(n) >= min && Number(n) <= max;
        return (
          extra === undefined &&
          (step === undefined || /^[1-9]\d*$/.test(step)) &&
          (range === '*' || range.split('-').every(inRange)) &&
          range.split('-').length <= 2
        );
      }),
    );
  if (!valid)
    throw new ConfigError(
      `${key} must be a cron expression (minute hour day month weekday, e.g. "30 2 * * *") or off, got "${raw}"`,
    );
  return raw;
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
