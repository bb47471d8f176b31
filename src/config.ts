/** Configuration, read only from the environment (and an optional `.env` in development). */
import path from 'node:path';
import { ConfigError, cron, decimal, integer, onOff, postgresUrl, readUrl, seconds } from './config-values';
import { readInboundMail, type InboundMailConfig } from './config-inbound';
import { readOperations, type OperationsConfig } from './config-operations';
import { readFiles, type FilesConfig } from './config-files';
import { readPartners, type PartnersConfig } from './config-partners';
import { readLetterhead } from './config-letterhead';

export { ConfigError, loadDotEnv } from './config-values';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  /** Application role connection; unset means "start an embedded PostgreSQL". */
  databaseUrl: string | undefined;
  /** Owner role that runs migrations; defaults to `databaseUrl`. */
  databaseOwnerUrl: string | undefined;
  /** A streaming standby of DATABASE_URL's database: the gateway's query operations read from it (SPEC §6). */
  databaseReplicaUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  /** HS256 secret for development tokens; generated into dataDir when unset. */
  jwtSecret: string | undefined;
  /** Scale of the demo data loaded on first start (0 = none; always 0 in production). */
  demoScale: number;
  logLevel: string;
  /** The gateway's own address as its users reach it. */
  publicUrl: string;
  /**
   * Where links in messages point (`FRONTEND_URL/complaints/REF`): a frontend's address, or by default
   * the gateway, which serves a page for each link (src/http/complaint-page.ts).
   */
  frontendUrl: string;
  maxPageSize: number;
  /** The largest estimated cost of an operation that is run (src/graphql/cost.ts). */
  queryCostLimit: number;
  /** Requests per minute per caller (src/http/rate-limit.ts); 0: no limit. */
  rateLimitPerMinute: number;
  /** The GraphQL explorer at GET /graphql, and introspection for staff tokens (src/http/explorer.ts). */
  explorer: boolean;
  notifications: NotificationConfig;
  auth: AuthConfig;
  retention: RetentionConfig;
  shutdown: ShutdownConfig;
  idempotency: IdempotencyConfig;
  auditSeal: AuditSealConfig;
  metrics: MetricsConfig;
  /** The inbound mailbox (issue 16): off unless INBOUND_SMTP_PORT is set (src/config-inbound.ts). */
  inboundMail: InboundMailConfig;
  operations: OperationsConfig;
  /** Where files' bytes are kept, and evidence uploads' limits (src/config-files.ts). */
  files: FilesConfig;
  /** Trusted documents and webhook secret rotation (issue 17, src/config-partners.ts). */
  partners: PartnersConfig;
}

/** Measured: the costliest operations it accepts answer well under a second over the demo data (README). */
export const DEFAULT_QUERY_COST_LIMIT = 50_000;

/** Sealing the audit trail's chain heads into signed checkpoints (SPEC §5). */
export interface AuditSealConfig {
  /** Ed25519 private key (PKCS#8 PEM) that signs checkpoints; null: sealing is off (production without one). */
  keyFile: string | null;
  /** Generate the key at keyFile when it is missing (development and tests: the data folder's own key). */
  generate: boolean;
  /** Public key audit:verify checks signatures with; null: the one of keyFile. */
  publicKeyFile: string | null;
  /** Cron expression (Europe/London) of the sealing job; null: not scheduled. */
  schedule: string | null;
  /** audit:verify fails when an event older than this is not sealed yet (minutes; 0: no such check). */
  maxUnsealedMinutes: number;
}

/** Where `/metrics` is served, and the credential it asks for. */
export interface MetricsConfig {
  /** A port of its own (0: any free port), or `main`: the gateway's own port. */
  port: number | 'main';
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. */
  token: string | undefined;
}

/** SIGTERM/SIGINT (SPEC §6): how long the gateway keeps serving, and waits, before it stops. */
export interface ShutdownConfig {
  /** Seconds `/readyz` says 503 while requests (new connections too) are still served. */
  delaySeconds: number;
  /** Seconds to wait, after that, for the requests accepted to be answered before cutting them. */
  graceSeconds: number;
}

/** Mutations' `Idempotency-Key` header (SPEC §6). */
export interface IdempotencyConfig {
  /** How long a key, and the answer it replays, is kept (hours; fractions allowed). */
  keyTtlHours: number;
}

/** Anonymisation of closed complaints (SPEC §1.12). */
export interface RetentionConfig {
  /** Whole years a complaint is kept after closure. */
  years: number;
  /** Cron expression (Europe/London) of the daily run; null: not scheduled. */
  schedule: string | null;
}

/** Production identity: tokens from an identity provider, verified against its key set. */
export interface AuthConfig {
  /** Unset: development tokens signed with the local HS256 secret. */
  jwksUrl: string | undefined;
  issuer: string;
  audience: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  /** The longest lifetime (`exp - iat`) a token may have. */
  maxTokenLifetimeSeconds: number;
  /** How long a token's subject, once found, is known without asking the database again. */
  subjectCacheSeconds: number;
}

export interface NotificationConfig {
  /** SMTP server (`smtp://user:pass@host:587`, `smtps://…`); unset: `.eml` files in mailDir (development only). */
  smtpUrl: string | undefined;
  mailFrom: string;
  mailDir: string;
  letterDir: string;
  /** Where reminders go when a complaint has no assigned officer. */
  cstMailbox: string;
  hrWebhookUrl: string | undefined;
  hrWebhookSecret: string | undefined;
  /** During a rotation: the secret HR_WEBHOOK_SECRET replaced, which signs beside it until it is unset. */
  hrWebhookPreviousSecret: string | undefined;
  /** Run delivery workers in this process. */
  workers: boolean;
  concurrency: number;
  retryLimit: number;
  retryDelaySeconds: number;
  /** An active job older than this is retried (a worker died while delivering). */
  expireSeconds: number;
  pollingSeconds: number;
  /** How often the queue's maintenance runs (expiring jobs of dead workers among it). */
  maintenanceSeconds: number;
  /** The head of every letter (PDF) to a complainant: the service's name and address lines. */
  letterhead: { name: string; addressLines: string[] };
}

function readNodeEnv(env: NodeJS.ProcessEnv): NodeEnv {
  const nodeEnv = (env.NODE_ENV || 'development') as NodeEnv;
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${env.NODE_ENV}"`);
  }
  return nodeEnv;
}

/** The application role's and the owner's connections; both unset: the embedded server. */
function readDatabaseUrls(
  env: NodeJS.ProcessEnv,
): Pick<Config, 'databaseUrl' | 'databaseOwnerUrl' | 'databaseReplicaUrl'> {
  const databaseUrl = postgresUrl(env, 'DATABASE_URL');
  const databaseOwnerUrl = postgresUrl(env, 'DATABASE_OWNER_URL');
  const databaseReplicaUrl = postgresUrl(env, 'DATABASE_REPLICA_URL');
  if (databaseOwnerUrl && !databaseUrl) {
    throw new ConfigError(
      'DATABASE_OWNER_URL is set but DATABASE_URL is not: set both, or neither for the embedded server',
    );
  }
  if (databaseReplicaUrl && !databaseUrl) {
    throw new ConfigError('DATABASE_REPLICA_URL is set but DATABASE_URL is not: a replica is of the primary there');
  }
  return { databaseUrl, databaseOwnerUrl, databaseReplicaUrl };
}

function readJwtSecret(env: NodeJS.ProcessEnv): string | undefined {
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters');
  }
  return jwtSecret;
}

/** `/metrics` on a port of its own (9464 in production), or on the main port: there, in production, behind a token. */
function readMetrics(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv): MetricsConfig {
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  const raw = env.METRICS_PORT || (nodeEnv === 'production' ? '9464' : 'main');
  if (raw !== 'main' && !(/^\d+$/.test(raw) && Number(raw) <= 65535))
    throw new ConfigError(`METRICS_PORT must be a port from 0 to 65535 or main, got "${raw}"`);
  const port = raw === 'main' ? 'main' : Number(raw);
  if (port === 'main' && nodeEnv === 'production' && !token)
    throw new ConfigError('METRICS_PORT=main needs METRICS_TOKEN in production (/metrics would be open to anyone)');
  return { port, token };
}

/** The delivery settings that can be wrong: the SMTP server, the HR webhook and the workers switch. */
type Delivery = Pick<NotificationConfig, 'smtpUrl' | 'hrWebhookUrl' | 'workers'>;

function readDelivery(env: NodeJS.ProcessEnv, smtpRequired: boolean): Delivery {
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl) {
    let url: URL;
    try {
      url = new URL(smtpUrl);
    } catch {
      throw new ConfigError('SMTP_URL is not a valid URL (expected smtp://user:password@host:port or smtps://…)');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
      throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//"`);
  } else if (smtpRequired) {
    throw new ConfigError('SMTP_URL is required in production (without it, mail is only written to files)');
  }
  const hrWebhookUrl = env.HR_WEBHOOK_URL || undefined;
  if (hrWebhookUrl && !/^https?:\/\//.test(hrWebhookUrl))
    throw new ConfigError('HR_WEBHOOK_URL must be an http(s) URL');
  if (hrWebhookUrl && !env.HR_WEBHOOK_SECRET)
    throw new ConfigError('HR_WEBHOOK_SECRET is required with HR_WEBHOOK_URL');
  if (env.HR_WEBHOOK_PREVIOUS_SECRET && !env.HR_WEBHOOK_SECRET)
    throw new ConfigError('HR_WEBHOOK_PREVIOUS_SECRET is the secret HR_WEBHOOK_SECRET replaced: set both');
  const workers = env.WORKERS ?? 'on';
  if (workers !== 'on' && workers !== 'off') throw new ConfigError(`WORKERS must be on or off, got "${workers}"`);
  return { smtpUrl, hrWebhookUrl, workers: workers === 'on' };
}

/** The identity provider's key set and the algorithms accepted from it. */
type IdentityProvider = Pick<AuthConfig, 'jwksUrl' | 'algorithms'>;

function readIdentityProvider(env: NodeJS.ProcessEnv, jwksRequired: boolean): IdentityProvider {
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) throw new ConfigError('AUTH_JWKS_URL must be an http(s) URL');
  if (jwksRequired && !jwksUrl)
    throw new ConfigError('AUTH_JWKS_URL is required in production (development tokens are for development)');
  const algorithms = (env.AUTH_ALGORITHMS || 'RS256,ES256')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  for (const alg of algorithms) {
    if (!/^(RS|PS|ES)(256|384|512)$|^EdDSA$/.test(alg))
      throw new ConfigError(`AUTH_ALGORITHMS: ${alg} is not an asymmetric JWS algorithm`);
  }
  return { jwksUrl, algorithms };
}

function readAuth(env: NodeJS.ProcessEnv, provider: IdentityProvider): AuthConfig {
  return {
    jwksUrl: provider.jwksUrl,
    issuer: env.AUTH_ISSUER || 'complaints-gateway',
    audience: env.AUTH_AUDIENCE || 'complaints-gateway',
    algorithms: provider.algorithms,
    clockToleranceSeconds: integer(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    maxTokenLifetimeSeconds: integer(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', 43_200, 60, 2_592_000),
    subjectCacheSeconds: integer(env, 'AUTH_SUBJECT_CACHE_SECONDS', 60, 0, 3600),
  };
}

/** Demo data: never in production (an empty production database is a new service, not a demo). */
function readDemoScale(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv): number {
  const scale = integer(env, 'DEMO_SCALE', nodeEnv === 'production' ? 0 : 1, 0, 1000);
  if (nodeEnv === 'production' && scale > 0)
    throw new ConfigError('DEMO_SCALE must be 0 in production: production never loads demo data');
  return scale;
}

function readRetention(env: NodeJS.ProcessEnv): RetentionConfig {
  return {
    years: integer(env, 'RETENTION_YEARS', 6, 1, 100),
    schedule: cron(env, 'RETENTION_SCHEDULE', '30 2 * * *'),
  };
}

/** `sealing`: this process runs the workers, so it seals the trail (production then needs the key). */
function readAuditSeal(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv, dataDir: string, sealing: boolean): AuditSealConfig {
  const configured = env.AUDIT_SEAL_KEY_FILE?.trim();
  if (nodeEnv === 'production' && sealing && !configured) {
    throw new ConfigError(
      'AUDIT_SEAL_KEY_FILE is required in production where workers run (an Ed25519 private key, PKCS#8 PEM, ' +
        'kept outside the database): without it the audit trail is never sealed; or set WORKERS=off',
    );
  }
  // Production never makes up a key: an operator provides it (kept out of the database and its backups).
  const keyFile = configured
    ? path.resolve(configured)
    : nodeEnv === 'production'
      ? null
      : path.join(dataDir, 'audit-seal.key');
  return {
    keyFile,
    generate: !configured && nodeEnv !== 'production',
    publicKeyFile: env.AUDIT_SEAL_PUBLIC_KEY_FILE?.trim() ? path.resolve(env.AUDIT_SEAL_PUBLIC_KEY_FILE.trim()) : null,
    schedule: cron(env, 'AUDIT_SEAL_SCHEDULE', '*/10 * * * *'),
    maxUnsealedMinutes: integer(env, 'AUDIT_SEAL_MAX_UNSEALED_MINUTES', 60, 0, 100_000),
  };
}

function readNotifications(env: NodeJS.ProcessEnv, dataDir: string, delivery: Delivery): NotificationConfig {
  return {
    smtpUrl: delivery.smtpUrl,
    mailFrom: env.MAIL_FROM || 'Complaints Service <complaints@localhost>',
    mailDir: path.resolve(env.MAIL_DIR || path.join(dataDir, 'mail')),
    letterDir: path.resolve(env.LETTER_DIR || path.join(dataDir, 'letters')),
    cstMailbox: env.CST_MAILBOX || 'cst@localhost',
    hrWebhookUrl: delivery.hrWebhookUrl,
    hrWebhookSecret: env.HR_WEBHOOK_SECRET || undefined,
    hrWebhookPreviousSecret: env.HR_WEBHOOK_PREVIOUS_SECRET || undefined,
    workers: delivery.workers,
    concurrency: integer(env, 'NOTIFY_CONCURRENCY', 4, 1, 64),
    retryLimit: integer(env, 'NOTIFY_RETRY_LIMIT', 10, 0, 100),
    retryDelaySeconds: integer(env, 'NOTIFY_RETRY_DELAY_SECONDS', 60, 1, 86_400),
    expireSeconds: integer(env, 'NOTIFY_EXPIRE_SECONDS', 300, 2, 86_400),
    pollingSeconds: seconds(env, 'NOTIFY_POLLING_SECONDS', 2, 0.5, 3600),
    maintenanceSeconds: integer(env, 'NOTIFY_MAINTENANCE_SECONDS', 60, 1, 3600),
    letterhead: readLetterhead(env),
  };
}

/**
 * Who reads the configuration: the gateway needs every production setting; a worker process sends mail
 * but checks no token (no AUTH_JWKS_URL); a database tool (`audit:verify`, `retention`, `report`) does
 * neither, so it asks for neither SMTP_URL nor AUTH_JWKS_URL.
 */
export type ConfigPurpose = 'gateway' | 'worker' | 'database-tool';

/** Production migrates as the owner and serves as another role, which must not be it (SPEC §3 "Enforcement"). */
function checkProductionDatabase(databaseUrl: string | undefined, databaseOwnerUrl: string | undefined): void {
  if (!databaseUrl) {
    throw new ConfigError('DATABASE_URL is required in production (the embedded server is for development)');
  }
  if (!databaseOwnerUrl) {
    throw new ConfigError(
      'DATABASE_OWNER_URL is required in production: migrations run as the schema owner, ' +
        'and the application role of DATABASE_URL must not be that owner',
    );
  }
}

/**
 * The whole configuration. Settings are checked in the order start-up has always checked them (most
 * numbers last, in the order of the object below), so that with several bad settings start-up still
 * names the same one.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env, purpose: ConfigPurpose = 'gateway'): Config {
  const nodeEnv = readNodeEnv(env);
  const { databaseUrl, databaseOwnerUrl, databaseReplicaUrl } = readDatabaseUrls(env);
  const jwtSecret = readJwtSecret(env);
  if (nodeEnv === 'production') checkProductionDatabase(databaseUrl, databaseOwnerUrl);
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const publicUrl = readUrl(env, 'PUBLIC_URL', `http://localhost:${port}`);
  const production = nodeEnv === 'production';
  const delivery = readDelivery(env, production && purpose !== 'database-tool');
  const dataDir = path.resolve(env.DATA_DIR || 'data');
  const identityProvider = readIdentityProvider(env, production && purpose === 'gateway');
  return {
    nodeEnv,
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    databaseOwnerUrl: databaseOwnerUrl ?? databaseUrl,
    databaseReplicaUrl,
    dataDir,
    embeddedPgPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    jwtSecret,
    demoScale: readDemoScale(env, nodeEnv),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    publicUrl,
    frontendUrl: readUrl(env, 'FRONTEND_URL', publicUrl),
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 1000),
    auth: readAuth(env, identityProvider),
    retention: readRetention(env),
    notifications: readNotifications(env, dataDir, delivery),
    shutdown: {
      delaySeconds: seconds(env, 'SHUTDOWN_DELAY_SECONDS', 0, 0, 300),
      graceSeconds: seconds(env, 'SHUTDOWN_GRACE_SECONDS', 10, 0, 300),
    },
    idempotency: { keyTtlHours: decimal(env, 'IDEMPOTENCY_KEY_TTL_HOURS', 'hours', 24, 0.001, 720) },
    auditSeal: readAuditSeal(env, nodeEnv, dataDir, purpose !== 'database-tool' && delivery.workers),
    metrics: readMetrics(env, nodeEnv),
    operations: readOperations(env),
    queryCostLimit: integer(env, 'QUERY_COST_LIMIT', DEFAULT_QUERY_COST_LIMIT, 1, 10_000_000),
    // Off in tests and benchmarks, which drive one subject far harder than a person or a partner does.
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', nodeEnv === 'test' ? 0 : 600, 0, 1_000_000),
    inboundMail: readInboundMail(env),
    explorer: onOff(env, 'EXPLORER', !production),
    files: readFiles(env),
    partners: readPartners(env),
  };
}
