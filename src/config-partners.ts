/**
 * Partners' settings (issue 17): which roles are held to the trusted documents, and how long a rotated
 * webhook secret keeps signing beside its successor.
 */
import { ConfigError, decimal } from './config-values';
import { Role } from './domain/enums';

export interface PartnersConfig {
  /** Roles that may run only the registered documents (src/partners/trusted-documents.ts); empty: none. */
  trustedDocumentRoles: ReadonlySet<Role>;
  /** Hours a provider's previous webhook secret still signs after a rotation (0: it stops at once). */
  webhookSecretGraceHours: number;
}

/** TRUSTED_DOCUMENTS: roles, comma-separated (`PROVIDER,CASE_SYSTEM,HR_SYSTEM`), or `none` (the default). */
function readTrustedRoles(env: NodeJS.ProcessEnv): Set<Role> {
  const raw = (env.TRUSTED_DOCUMENTS ?? '').trim();
  if (!raw || raw === 'none') return new Set();
  const roles = raw
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const known = new Set<string>(Object.values(Role));
  for (const role of roles)
    if (!known.has(role))
      throw new ConfigError(
        `TRUSTED_DOCUMENTS must be none or roles separated by commas (PROVIDER,CASE_SYSTEM,HR_SYSTEM), got "${role}"`,
      );
  return new Set(roles as Role[]);
}

export function readPartners(env: NodeJS.ProcessEnv): PartnersConfig {
  return {
    trustedDocumentRoles: readTrustedRoles(env),
    webhookSecretGraceHours: decimal(env, 'WEBHOOK_SECRET_GRACE_HOURS', 'hours', 24, 0, 720),
  };
}
