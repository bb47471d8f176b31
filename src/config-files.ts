/** Files' settings (issue 16): where their bytes are kept, and what an evidence upload may be. */
import { ConfigError, integer } from './config-values';

/** An S3-compatible object store. */
export interface S3Config {
  /** Unset: AWS S3 itself (from the region); set for MinIO, Ceph, Garage… */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** `bucket` in the path, not the host name (what most S3-compatible servers need). */
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's own chain (AWS_ACCESS_KEY_ID…, an instance's role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Put before every key (`complaints/` keeps a shared bucket tidy). */
  prefix: string;
}

export interface FilesConfig {
  /** Where new evidence files' bytes go. Letters are kept in PostgreSQL whatever this says. */
  store: 'postgres' | 's3';
  s3: S3Config | null;
  /** The largest evidence file accepted, in bytes. */
  evidenceMaxBytes: number;
  /** The types (by content) an evidence file may be. */
  evidenceTypes: string[];
}

/** Types a complainant's evidence usually is: documents, pictures and recordings. */
export const DEFAULT_EVIDENCE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/wav',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'text/plain',
];

function readS3(env: NodeJS.ProcessEnv): S3Config {
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) throw new ConfigError('FILE_STORE=s3 needs S3_BUCKET');
  const endpoint = env.S3_ENDPOINT?.trim() || undefined;
  if (endpoint && !/^https?:\/\/[^/]/.test(endpoint))
    throw new ConfigError(`S3_ENDPOINT must be an http(s) address, got "${endpoint}"`);
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    throw new ConfigError('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither');
  const pathStyle = env.S3_FORCE_PATH_STYLE?.trim() || (endpoint ? 'true' : 'false');
  if (pathStyle !== 'true' && pathStyle !== 'false')
    throw new ConfigError(`S3_FORCE_PATH_STYLE must be true or false, got "${pathStyle}"`);
  return {
    endpoint,
    bucket,
    region: env.S3_REGION?.trim() || 'us-east-1',
    forcePathStyle: pathStyle === 'true',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    prefix: env.S3_PREFIX?.trim() ?? '',
  };
}

function readTypes(env: NodeJS.ProcessEnv): string[] {
  const raw = env.EVIDENCE_FILE_TYPES?.trim();
  if (!raw) return DEFAULT_EVIDENCE_TYPES;
  const types = raw
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  for (const type of types)
    if (!/^[a-z]+\/[a-z0-9.+-]+$/.test(type))
      throw new ConfigError(`EVIDENCE_FILE_TYPES: "${type}" is not a media type (like application/pdf)`);
  return types;
}

export function readFiles(env: NodeJS.ProcessEnv): FilesConfig {
  const store = env.FILE_STORE?.trim() || 'postgres';
  if (store !== 'postgres' && store !== 's3')
    throw new ConfigError(`FILE_STORE must be postgres or s3, got "${store}"`);
  return {
    store,
    // Configured also with FILE_STORE=postgres, so files kept in the bucket before stay readable.
    s3: store === 's3' || env.S3_BUCKET?.trim() ? readS3(env) : null,
    evidenceMaxBytes: integer(env, 'EVIDENCE_FILE_MAX_MB', 25, 1, 200) * 1024 * 1024,
    evidenceTypes: readTypes(env),
  };
}
