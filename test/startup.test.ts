/** Bad configuration fails fast with a one-line reason; production starts with safe defaults. */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config';
import { createDatabaseIfMissing, openDatabase, withDatabase } from '../src/db/database';
import { freePort } from '../src/db/embedded-postgres';
import { createTestDatabase, type TestDatabase, queryOnce } from './fixtures/database';
import { startTestGateway } from './fixtures/gateway';
import { startGatewayProcess } from './fixtures/processes';

/** What a production gateway needs besides its database. */
const PRODUCTION_SERVICES = {
  SMTP_URL: 'smtp://mail.example.org:587',
  AUTH_JWKS_URL: 'https://id.example.org/jwks',
  AUDIT_SEAL_KEY_FILE: '/etc/complaints/audit-seal.key',
};
const PRODUCTION_DB = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app:secret@db.example.org/complaints',
  DATABASE_OWNER_URL: 'postgres://owner:secret@db.example.org/complaints',
};

describe('configuration', () => {
  it.each([
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL must start with postgres:\/\//],
    [{ DATABASE_URL: 'postgres://localhost' }, /must name a host and a database/],
    [{ DATABASE_OWNER_URL: 'postgres://u@localhost/db' }, /DATABASE_OWNER_URL is set but DATABASE_URL is not/],
    [{ DATABASE_REPLICA_URL: 'postgres://u@localhost/db' }, /DATABASE_REPLICA_URL is set but DATABASE_URL is not/],
    [
      { DATABASE_URL: 'postgres://u@localhost/db', DATABASE_REPLICA_URL: 'http://replica/db' },
      /DATABASE_REPLICA_URL must start with postgres:\/\//,
    ],
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be/],
    [{ NODE_ENV: 'production' }, /DATABASE_URL is required in production/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
    [{ SHUTDOWN_DELAY_SECONDS: 'soon' }, /SHUTDOWN_DELAY_SECONDS must be a number of seconds from 0 to 300/],
    [{ SHUTDOWN_GRACE_SECONDS: '301' }, /SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 300/],
    [
      { ...PRODUCTION_DB, ...PRODUCTION_SERVICES, DATABASE_OWNER_URL: '' },
      /^DATABASE_OWNER_URL is required in production: migrations run as the schema owner/,
    ],
    [{ ...PRODUCTION_DB, ...PRODUCTION_SERVICES, DEMO_SCALE: '1' }, /^DEMO_SCALE must be 0 in production/],
    [{ ...PRODUCTION_DB, AUTH_JWKS_URL: 'https://id.example.org/jwks' }, /^SMTP_URL is required in production/],
    [{ ...PRODUCTION_DB, SMTP_URL: 'smtp://mail.example.org:587' }, /^AUTH_JWKS_URL is required in production/],
    [{ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '10' }, /AUTH_MAX_TOKEN_LIFETIME_SECONDS must be an integer from 60/],
    [
      { HR_WEBHOOK_PREVIOUS_SECRET: 'hr-signing-secret-old' },
      /^HR_WEBHOOK_PREVIOUS_SECRET is the secret HR_WEBHOOK_SECRET/,
    ],
    [
      { ...PRODUCTION_DB, ...PRODUCTION_SERVICES, AUDIT_SEAL_KEY_FILE: '' },
      /^AUDIT_SEAL_KEY_FILE is required in production where workers run/,
    ],
  ])('%j is refused', (env, reason) => {
    expect(() => readConfig(env)).toThrowError(ConfigError);
    expect(() => readConfig(env)).toThrowError(reason);
  });

  it('has defaults for everything', () => {
    const config = readConfig({});
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.maxPageSize).toBe(100);
    expect(config.shutdown).toEqual({ delaySeconds: 0, graceSeconds: 10 });
    expect(config.demoScale).toBe(1);
    expect(config.auth.maxTokenLifetimeSeconds).toBe(43_200);
  });

  it('loads no demo data in production unless told, and cannot be told', () => {
    expect(readConfig({ ...PRODUCTION_DB, ...PRODUCTION_SERVICES }).demoScale).toBe(0);
    expect(readConfig({ ...PRODUCTION_DB, ...PRODUCTION_SERVICES, DEMO_SCALE: '0' }).demoScale).toBe(0);
  });

  it('asks a database tool in production for the database only, and a worker for no identity provider', () => {
    const config = readConfig(PRODUCTION_DB, 'database-tool');
    expect(config.notifications.smtpUrl).toBeUndefined();
    expect(config.auth.jwksUrl).toBeUndefined();
    const worker = readConfig(
      { ...PRODUCTION_DB, SMTP_URL: PRODUCTION_SERVICES.SMTP_URL, AUDIT_SEAL_KEY_FILE: 'seal.key' },
      'worker',
    );
    expect(worker.notifications.smtpUrl).toBe(PRODUCTION_SERVICES.SMTP_URL);
    expect(() => readConfig(PRODUCTION_DB, 'worker')).toThrowError(/^SMTP_URL is required in production/);
    expect(() => readConfig({ ...PRODUCTION_DB, DATABASE_OWNER_URL: '' }, 'database-tool')).toThrowError(
      /DATABASE_OWNER_URL is required in production/,
    );
  });
});

describe('start-up against unusable resources', () => {
  let db: TestDatabase;
  let blocker: net.Server;
  let busyPort: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    blocker.close();
    await db.drop();
  });

  it('names an unreachable database in one line, without its password', async () => {
    const closedPort = await freePort(); // nothing listens there: the connection is refused
    const config = readConfig({ DATABASE_URL: `postgres://app:secret@127.0.0.1:${closedPort}/complaints` });
    const error = await openDatabase(config).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`cannot use PostgreSQL at 127.0.0.1:${closedPort}/complaints: ECONNREFUSED`);
    expect(error.message).not.toMatch(/secret/);
    expect(error.message).not.toMatch(/\n/);
  });

  it('refuses, in production, an application role that row-level security would not bind', async () => {
    // The test owner is the embedded superuser (with your own DATABASE_URL, a role that may create roles).
    const [{ super: superuser }] = await db.dataSource.query(
      `SELECT rolsuper AS super FROM pg_roles WHERE rolname = $1`,
      [new URL(db.ownerUrl).username],
    );
    expect(superuser || process.env.DATABASE_URL).toBeTruthy();
    if (!superuser) return;
    const config = readConfig({
      NODE_ENV: 'production',
      DATABASE_URL: db.ownerUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      WORKERS: 'off',
      ...PRODUCTION_SERVICES,
    });
    const error = await openDatabase(config).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/is a superuser or has BYPASSRLS, so row-level security does not bind it/);
  });

  it('says the HTTP port is in use', async () => {
    const error = await startTestGateway(db, { env: { PORT: String(busyPort) } }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`PORT ${busyPort} is in use: stop the other process or set PORT`);
  });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled script (`dist/`) with only `env` (and PATH) and waits for it to exit. */
async function runScript(script: string, args: string[], env: Record<string, string>): Promise<Ran> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.resolve(script), ...args], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'error', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : null,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** Statements as the owner of `url`'s database on a connection of their own. */
function asOwner<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  return queryOnce<T>(url, text);
}

describe('production defaults', () => {
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'startup-'));
  });

  afterAll(async () => {
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const production = () => ({
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    DATABASE_URL: db.appUrl,
    DATABASE_OWNER_URL: db.ownerUrl,
  });

  it('loads no demo data on the first start against an empty database', async () => {
    const gateway = await startGatewayProcess(db, dataDir, {
      NODE_ENV: 'production',
      DEMO_SCALE: '', // unset: the default
      SMTP_URL: 'smtp://127.0.0.1:9?tls=off',
      AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      WORKERS: 'off',
    });
    try {
      const [counts] = await asOwner<{ areas: number; staff: number; cases: number }>(
        db.ownerUrl,
        `SELECT (SELECT count(*)::int FROM service_areas) AS areas, (SELECT count(*)::int FROM staff) AS staff,
                (SELECT count(*)::int FROM cases) AS cases`,
      );
      expect(counts).toEqual({ areas: 0, staff: 0, cases: 0 });
      expect(gateway.output()).not.toContain('demo data');
    } finally {
      await gateway.stop('SIGTERM');
    }
  });

  it('refuses an application role that owns the schema; elsewhere it warns', async () => {
    const owner = `schema_owner_${randomBytes(4).toString('hex')}`;
    await asOwner(db.ownerUrl, `CREATE ROLE ${owner} LOGIN PASSWORD 'owner_password' NOSUPERUSER NOBYPASSRLS`);
    await asOwner(db.ownerUrl, `ALTER TABLE migrations OWNER TO ${owner}`);
    const ownerAsApp = withDatabase(db.ownerUrl, new URL(db.ownerUrl).pathname.slice(1), {
      user: owner,
      password: 'owner_password',
    });
    const env = { ...production(), ...PRODUCTION_SERVICES, DATABASE_URL: ownerAsApp };
    try {
      const error = await openDatabase(readConfig(env)).catch((e) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(
        `the application role "${owner}" is, or is a member of, the schema's owner "${owner}", so it could drop ` +
          'row-level security and rewrite the audit trail: use another role for DATABASE_URL, and the owner for ' +
          'DATABASE_OWNER_URL',
      );
      const problems: string[] = [];
      const opened = await openDatabase(readConfig({ ...env, NODE_ENV: 'development' }), {
        onProblem: (message) => problems.push(message),
      });
      await opened.close();
      expect(problems).toEqual([error.message]);
    } finally {
      const superuser = new URL(inject('database').ownerUrl).username;
      await asOwner(db.ownerUrl, `ALTER TABLE migrations OWNER TO "${superuser}"`);
      await asOwner(db.ownerUrl, `REASSIGN OWNED BY ${owner} TO "${superuser}"; DROP OWNED BY ${owner}`);
      await asOwner(db.ownerUrl, `DROP ROLE ${owner}`);
    }
  });

  it('names the missing DATABASE_OWNER_URL in one line', async () => {
    const ran = await runScript('dist/src/main.js', [], {
      ...production(),
      ...PRODUCTION_SERVICES,
      DATABASE_OWNER_URL: '',
    });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^error: DATABASE_OWNER_URL is required in production: [^\n]+\n$/);
  });

  it('says in one line that an application role cannot migrate an empty database, and what to set', async () => {
    const { ownerUrl: serverUrl, appUser, appPassword } = inject('database');
    const name = `unmigrated_${randomBytes(4).toString('hex')}`;
    await createDatabaseIfMissing(serverUrl, name);
    try {
      const appUrl = withDatabase(serverUrl, name, { user: appUser, password: appPassword });
      const ran = await runScript('dist/src/main.js', [], { DATA_DIR: dataDir, DATABASE_URL: appUrl, DEMO_SCALE: '0' });
      expect(ran.code).toBe(1);
      expect(ran.stderr).toMatch(
        new RegExp(
          `^error: the role "${appUser}" may not migrate the schema at [^\\n]+: set DATABASE_OWNER_URL to the role that owns the schema\\n$`,
        ),
      );
      expect(ran.stderr).not.toContain(appPassword);
    } finally {
      await asOwner(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it('runs audit:verify, retention and report in production without SMTP or identity-provider settings', async () => {
    const verify = await runScript('dist/scripts/audit-verify.js', [], production());
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toContain('every chain holds');
    const retention = await runScript('dist/scripts/retention.js', ['--dry-run'], production());
    expect(retention).toMatchObject({ code: 0, stderr: '' });
    expect(retention.stdout).toContain('0 would anonymise, 0 kept, 0 failed');
    const out = path.join(dataDir, 'reports');
    const report = await runScript('dist/scripts/report.js', ['--quarter', '2026-Q3', '--out', out], production());
    expect(report).toMatchObject({ code: 0, stderr: '' });
    expect((await readdir(out)).sort()).toEqual(['complaints-2026-Q3.csv', 'complaints-2026-Q3.html']);
  });

  it('refuses to load demo data into a production database', async () => {
    const ran = await runScript('dist/scripts/seed.js', ['--scale', '1'], production());
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^error: npm run seed loads demo data, and production never holds any[^\n]*\n$/);
  });
});
