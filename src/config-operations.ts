/** Settings of how the gateway is run (issue 17): whether start-up migrates, the worker's own port, CORS. */
import { ConfigError } from './config-values';

export interface OperationsConfig {
  /**
   * Start-up applies pending migrations (`MIGRATE=on`, under an advisory lock), or, `off`, only checks that
   * none is pending and refuses to start otherwise: `npm run migrate` is then a deployment step of its own.
   */
  migrate: boolean;
  /** A worker process's port for `/healthz`, `/readyz` and `/metrics` (0: any free port); null: none (`off`). */
  workerPort: number | null;
  /** Browser origins (`https://host[:port]`, exact) whose pages may call `/graphql`; empty: no CORS headers. */
  corsOrigins: string[];
}

/** The worker's port: beside the gateway's metrics port (9464) by default. */
export const DEFAULT_WORKER_PORT = 9465;

function portOrOff(env: NodeJS.ProcessEnv, key: string, fallback: number): number | null {
  const raw = env[key] || String(fallback);
  if (raw === 'off') return null;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535)
    throw new ConfigError(`${key} must be a port from 0 to 65535 or off, got "${raw}"`);
  return Number(raw);
}

function onOff(env: NodeJS.ProcessEnv, key: string, fallback: 'on' | 'off'): boolean {
  const raw = env[key] || fallback;
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(`${key} must be on or off, got "${raw}"`);
  return raw === 'on';
}

/** CORS_ORIGINS: comma-separated origins, each exactly as a browser sends it in `Origin`. */
function origins(env: NodeJS.ProcessEnv, key: string): string[] {
  const list = (env[key] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of list) {
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      // refused below
    }
    const web = url?.protocol === 'https:' || url?.protocol === 'http:';
    if (!url || !web || url.origin !== origin) {
      const form = web ? `: did you mean "${url!.origin}"?` : '';
      throw new ConfigError(
        `${key} must list origins as a browser sends them (scheme://host[:port], no path or wildcard), ` +
          `got "${origin}"${form}`,
      );
    }
  }
  return [...new Set(list)];
}

export function readOperations(env: NodeJS.ProcessEnv): OperationsConfig {
  return {
    migrate: onOff(env, 'MIGRATE', 'on'),
    workerPort: portOrOff(env, 'WORKER_PORT', DEFAULT_WORKER_PORT),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
  };
}
