/**
 * Opening the database: the embedded server or the configured one, migrations by the owner role,
 * privileges for the application role, then the application's data source (SPEC §3 "Enforcement").
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ConfigError, type Config } from '../config';
import { createDataSource, keepClientErrorsHandled } from './data-source';
import { MIGRATIONS } from './migrations';
import { prepareQueues } from '../integrations/queue/job-queue';
import { ReplicaReads } from './replica';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres';

export const EMBEDDED_DATABASE = 'complaints';
export const EMBEDDED_APP_ROLE = 'complaints_app';

export interface OpenDatabase {
  dataSource: DataSource;
  ownerUrl: string;
  appUrl: string;
  embedded: EmbeddedServer | undefined;
  /** The read replica, when `replicaUrl` was given (the gateway's query operations read from it). */
  replica: ReplicaReads | null;
  /** Closes the pool, then stops the embedded server if there is one. */
  close(): Promise<void>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new ConfigError(`"${name}" is not a plain PostgreSQL identifier`);
  return `"${name}"`;
}

function describe(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** Turns a driver error into a one-line reason naming the server, never the password. */
export function unreachable(url: string, error: unknown): ConfigError {
  const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
  return new ConfigError(`cannot use PostgreSQL at ${describe(url)}: ${reason}`);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw unreachable(url, error);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabaseIfMissing(serverUrl: string, name: string, template?: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ''}`);
    }
  });
}

/** Creates (or re-keys) a login role that is neither superuser, owner nor BYPASSRLS. */
export async function ensureAppRole(ownerUrl: string, role: string, password: string): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const verb = exists.rowCount === 0 ? 'CREATE' : 'ALTER';
    // Passwords cannot be bound parameters in DDL; this one is generated base64url, so it is quote-safe.
    if (!/^[A-Za-z0-9_-]+$/.test(password)) throw new ConfigError('the application role password must be base64url');
    await client.query(
      `${verb} ROLE ${quoteIdent(role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS ` +
        `PASSWORD '${password}'`,
    );
  });
}

/** PostgreSQL's "permission denied". */
const INSUFFICIENT_PRIVILEGE = '42501';

/** Runs pending migrations as the owner. */
export async function migrate(ownerUrl: string): Promise<string[]> {
  const owner = createDataSource({ url: ownerUrl, poolSize: 1 });
  try {
    await owner.initialize();
  } catch (error) {
    throw unreachable(ownerUrl, error);
  }
  try {
    const applied = await owner.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } catch (error) {
    if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
    const role = decodeURIComponent(new URL(ownerUrl).username);
    throw new ConfigError(
      `the role "${role}" may not migrate the schema at ${describe(ownerUrl)} (${(error as Error).message}): ` +
        'set DATABASE_OWNER_URL to the role that owns the schema',
    );
  } finally {
    await owner.destroy();
  }
}

/** The application role's name when it differs from the owner's (null when they are one role). */
export function appUserOf(ownerUrl: string, appUrl: string): string | null {
  const appUser = decodeURIComponent(new URL(appUrl).username);
  return appUser && appUser !== decodeURIComponent(new URL(ownerUrl).username) ? appUser : null;
}

/**
 * Gives the application role what it needs and no more: data access on the tables, read-only
 * migrations, and insert/select only on the audit trail (append-only, SPEC §5; redaction only through its function),
 * and complaint references drawn through their functions.
 */
export async function grantAppRole(ownerUrl: string, appUrl: string): Promise<void> {
  const appUser = appUserOf(ownerUrl, appUrl);
  if (!appUser) return; // one role for both: nothing to grant
  const role = quoteIdent(appUser);
  await withClient(ownerUrl, async (client) => {
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "migrations" FROM ${role}`);
    // The audit trail is append-only (SPEC §5): no edit, deletion or redaction. Revoking UPDATE on the table also
    // takes back the column grant ("change", "redacted_at") earlier versions gave for redaction: retention now
    // redacts through redact_complaint_audit (migration AuditSeals), which checks the complaint and logs it.
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM ${role}`);
    // Checkpoints and redaction records, once written, are never changed; redaction records are the function's.
    await client.query(
      `REVOKE UPDATE, DELETE, TRUNCATE ON "audit_checkpoints", "audit_checkpoint_heads", "audit_redactions" ` +
        `FROM ${role}`,
    );
    await client.query(`REVOKE INSERT ON "audit_redactions" FROM ${role}`);
    // Chain heads are moved on by every append (a head set wrong breaks the next append's link, which verify finds).
    await client.query(`REVOKE DELETE, TRUNCATE ON "audit_chain_heads" FROM ${role}`);
    await client.query(`GRANT EXECUTE ON FUNCTION redact_complaint_audit(uuid, integer, timestamptz) TO ${role}`);
    // References come from the owner's functions (migration ReferenceSequences); the sequences stay the owner's.
    await client.query(
      `GRANT EXECUTE ON FUNCTION next_complaint_reference(integer), catch_up_complaint_references() TO ${role}`,
    );
    // What searches look in is read only through its function (migration ComplaintSearch), kept by triggers.
    await client.query(`REVOKE ALL ON "complaint_search", "complaint_search_vocabulary" FROM ${role}`);
    await client.query(`GRANT EXECUTE ON FUNCTION find_complaints(text, text, boolean, boolean, boolean) TO ${role}`);
    const inOrder = 'find_complaints_in_order(text, text, boolean, boolean, boolean, text, integer)';
    await client.query(`GRANT EXECUTE ON FUNCTION ${inOrder} TO ${role}`);
  });
}

async function secretFile(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(18).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** The advisory lock that start-up's schema work is done under (an arbitrary constant of this gateway's). */
const SCHEMA_LOCK = 0x636f6d70; // "comp"

/**
 * Migrations, the application role's grants and the queue's schema, done by one process at a time:
 * replicas starting together would otherwise apply a migration twice or fail on concurrent GRANTs
 * ("tuple concurrently updated"). The lock is a session's: it goes with the connection if the process dies.
 */
export async function prepareSchema(ownerUrl: string, appUrl: string): Promise<string[]> {
  return withClient(ownerUrl, async (lock) => {
    await lock.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
    try {
      const applied = await migrate(ownerUrl);
      await grantAppRole(ownerUrl, appUrl);
      await prepareQueues(ownerUrl, appUserOf(ownerUrl, appUrl));
      return applied;
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
    }
  });
}

/** URL of `database` on the same server as `url`, as `user`/`password`. */
export function withDatabase(url: string, database: string, credentials?: { user: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (credentials) {
    u.username = encodeURIComponent(credentials.user);
    u.password = encodeURIComponent(credentials.password);
  }
  return u.toString();
}

/** A migrated database on a server, with its application role and the queue schema (benchmarks, tests). */
export async function prepareDatabase(
  serverUrl: string,
  name: string,
  app: { user: string; password: string },
): Promise<{ ownerUrl: string; appUrl: string }> {
  await createDatabaseIfMissing(serverUrl, name);
  const ownerUrl = withDatabase(serverUrl, name);
  await ensureAppRole(ownerUrl, app.user, app.password);
  const appUrl = withDatabase(ownerUrl, name, app);
  await prepareSchema(ownerUrl, appUrl);
  return { ownerUrl, appUrl };
}

export interface OpenOptions {
  onLog?: (line: string) => void;
  poolSize?: number;
  onProblem?: (message: string, detail: Record<string, unknown>) => void;
  onNotice?: (message: string, detail: Record<string, unknown>) => void;
  /** DATABASE_REPLICA_URL, for the gateway only (workers and scripts use the primary alone). */
  replicaUrl?: string;
}

/** Why the application role cannot be used, if it cannot: RLS must bind it and it must not own the schema. */
async function applicationRoleProblem(dataSource: DataSource): Promise<{ role: string; message: string } | null> {
  const [role] = await dataSource.query(
    `SELECT r.rolname AS name, r.rolsuper AS super, r.rolbypassrls AS bypass, t.tableowner AS owner,
            t.tableowner IS NOT NULL AND pg_has_role(current_user, t.tableowner, 'MEMBER') AS owns
       FROM pg_roles r LEFT JOIN pg_tables t ON t.schemaname = 'public' AND t.tablename = 'migrations'
      WHERE r.rolname = current_user`,
  );
  if (role.super || role.bypass) {
    const message =
      `the application role "${role.name}" is a superuser or has BYPASSRLS, so row-level security does not bind it: ` +
      'use a role without either for DATABASE_URL';
    return { role: role.name, message };
  }
  if (role.owns) {
    const message =
      `the application role "${role.name}" is, or is a member of, the schema's owner "${role.owner}", so it could ` +
      'drop row-level security and rewrite the audit trail: use another role for DATABASE_URL, and the owner for ' +
      'DATABASE_OWNER_URL';
    return { role: role.name, message };
  }
  return null;
}

/**
 * Row-level security binds the tables' owner (it is forced) but not a superuser or a BYPASSRLS role, and the
 * owner may change the schema itself: production refuses such an application role; elsewhere it is a warning.
 */
async function checkApplicationRole(
  dataSource: DataSource,
  config: Config,
  onProblem?: OpenOptions['onProblem'],
): Promise<void> {
  const problem = await applicationRoleProblem(dataSource);
  if (!problem) return;
  if (config.nodeEnv === 'production') {
    await dataSource.destroy();
    throw new ConfigError(problem.message);
  }
  onProblem?.(problem.message, { role: problem.role });
}

/** The migrations of this build that `dataSource`'s database has not applied (all of them in an empty database). */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const names = MIGRATIONS.map((Migration) => new Migration().name ?? Migration.name);
  const [{ table }] = await dataSource.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS table`);
  if (!table) return names;
  const applied = new Set((await dataSource.query('SELECT name FROM migrations')).map((r: { name: string }) => r.name));
  return names.filter((name) => !applied.has(name));
}

/** `MIGRATE=off`: start-up only checks that the migrate step has run, and stops in one line if it has not. */
async function checkSchemaCurrent(dataSource: DataSource): Promise<void> {
  const pending = await pendingMigrations(dataSource);
  if (pending.length === 0) return;
  await dataSource.destroy();
  throw new ConfigError(
    `the database schema is not current: ${pending.length} migration${pending.length === 1 ? ' is' : 's are'} ` +
      `pending (${pending[0]}${pending.length > 1 ? ', …' : ''}); run npm run migrate first ` +
      '(with MIGRATE=off this process does not migrate)',
  );
}

interface Located {
  ownerUrl: string;
  appUrl: string;
  embedded: EmbeddedServer | undefined;
}

/** The configured database's owner and application URLs; or the embedded server, started, with its two roles. */
async function locateDatabase(config: Config, options: OpenOptions): Promise<Located> {
  if (config.databaseUrl) {
    return { appUrl: config.databaseUrl, ownerUrl: config.databaseOwnerUrl ?? config.databaseUrl, embedded: undefined };
  }
  const embedded = await startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'pg'),
    port: config.embeddedPgPort,
    onLog: options.onLog,
  });
  try {
    await createDatabaseIfMissing(embedded.url('postgres'), EMBEDDED_DATABASE);
    const ownerUrl = embedded.url(EMBEDDED_DATABASE);
    const password = await secretFile(path.join(config.dataDir, 'pg.app-password'));
    await ensureAppRole(ownerUrl, EMBEDDED_APP_ROLE, password);
    const appUrl = withDatabase(ownerUrl, EMBEDDED_DATABASE, { user: EMBEDDED_APP_ROLE, password });
    return { ownerUrl, appUrl, embedded };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/**
 * `npm run migrate`: the pending migrations, the application role's grants and the queue's schema, under the
 * advisory lock (replicas or deploy jobs started together take turns); returns the migrations applied.
 */
export async function migrateDatabase(config: Config, options: OpenOptions = {}): Promise<string[]> {
  const { ownerUrl, appUrl, embedded } = await locateDatabase(config, options);
  try {
    return await prepareSchema(ownerUrl, appUrl);
  } finally {
    await embedded?.stop();
  }
}

export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<OpenDatabase> {
  const { ownerUrl, appUrl, embedded } = await locateDatabase(config, options);
  try {
    if (config.operations.migrate) await prepareSchema(ownerUrl, appUrl);
    const { poolSize, onProblem, onNotice, replicaUrl } = options;
    const dataSource = createDataSource({ url: appUrl, replicated: !!replicaUrl, poolSize, onProblem });
    try {
      await dataSource.initialize();
    } catch (error) {
      throw unreachable(appUrl, error);
    }
    keepClientErrorsHandled(dataSource);
    if (!config.operations.migrate) await checkSchemaCurrent(dataSource);
    await checkApplicationRole(dataSource, config, options.onProblem);
    // Unreachable, the replica is a warning: the gateway starts and reads from the primary until it answers.
    const replica = replicaUrl ? new ReplicaReads(dataSource, replicaUrl, { onProblem, onNotice }) : null;
    await replica?.start();
    return {
      dataSource,
      ownerUrl,
      appUrl,
      embedded,
      replica,
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
