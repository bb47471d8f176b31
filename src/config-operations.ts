/** Settings of how the gateway is run (issue 17): whether start-up migrates. */
import { ConfigError } from './config-values';

export interface OperationsConfig {
  /**
   * Start-up applies pending migrations (`MIGRATE=on`, under an advisory lock), or, `off`, only checks that
   * none is pending and refuses to start otherwise: `npm run migrate` is then a deployment step of its own.
   */
  migrate: boolean;
}

function onOff(env: NodeJS.ProcessEnv, key: string, fallback: 'on' | 'off'): boolean {
  const raw = env[key] || fallback;
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(`${key} must be on or off, got "${raw}"`);
  return raw === 'on';
}

export function readOperations(env: NodeJS.ProcessEnv): OperationsConfig {
  return { migrate: onOff(env, 'MIGRATE', 'on') };
}
