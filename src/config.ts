/** Configuration, read only from the environment (and an optional `.env` in development). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  /** Application role connection; unset means "start an embedded PostgreSQL". */
  databaseUrl: string | undefined;
  /** Owner role that runs migrations; defaults to `databaseUrl`. */
  databaseOwnerUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  /** HS256 secret for development tokens; generated into dataDir when unset. */
  jwtSecret: string | undefined;
  /** Scale of the demo data loaded on first start (0 = none). */
  demoScale: number;
  logLevel: string;
  publicUrl: string;
  maxPageSize: number;
}

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
    const value = line.slice(eq + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

function integer(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${key} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function postgresUrl(env: NodeJS.ProcessEnv, key: string): string | undefined {
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

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = (env.NODE_ENV || 'development') as NodeEnv;
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${env.NODE_ENV}"`);
  }
  const databaseUrl = postgresUrl(env, 'DATABASE_URL');
  const databaseOwnerUrl = postgresUrl(env, 'DATABASE_OWNER_URL');
  if (databaseOwnerUrl && !databaseUrl) {
    throw new ConfigError('DATABASE_OWNER_URL is set but DATABASE_URL is not: set both, or neither for the embedded server');
  }
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters');
  }
  if (nodeEnv === 'production' && !databaseUrl) {
    throw new ConfigError('DATABASE_URL is required in production (the embedded server is for development)');
  }
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const publicUrl = env.PUBLIC_URL || `http://localhost:${port}`;
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`PUBLIC_URL is not a valid URL: "${publicUrl}"`);
  }
  return {
    nodeEnv,
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    databaseOwnerUrl: databaseOwnerUrl ?? databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    embeddedPgPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    jwtSecret,
    demoScale: integer(env, 'DEMO_SCALE', 1, 0, 1000),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    publicUrl,
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 1000),
  };
}
