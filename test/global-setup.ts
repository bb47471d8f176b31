/**
 * Once per test run: the compiled gateway (`dist/`, what `npm start` and the scripts run; tests
 * that start processes use it), and one PostgreSQL server (embedded unless DATABASE_URL is set)
 * with a migrated template database, which each test file clones (test/fixtures/database.ts).
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '../src/db/database';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    database: { ownerUrl: string; template: string; appUser: string; appPassword: string };
  }
}

const TEMPLATE = `gateway_template_${process.pid}`;
const APP_USER = 'gateway_test_app';
const APP_PASSWORD = 'test_app_password';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Incremental: about a second when `npm run build` already ran.
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  let server: EmbeddedServer | undefined;
  let dir: string | undefined;
  let ownerUrl: string;
  if (process.env.DATABASE_URL) {
    ownerUrl = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
  } else {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gateway-test-'));
    await chmod(dir, 0o755); // PostgreSQL runs as the OS user postgres
    server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
    ownerUrl = server.url('postgres');
  }
  const teardown = async () => {
    if (server) {
      await server.stop();
    } else {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: ownerUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE}"`);
      await client.end();
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    await prepareDatabase(ownerUrl, TEMPLATE, { user: APP_USER, password: APP_PASSWORD });
  } catch (error) {
    // vitest runs no teardown for a setup that failed: stop what was started, then fail the run.
    await teardown().catch(() => undefined);
    throw error;
  }
  project.provide('database', { ownerUrl, template: TEMPLATE, appUser: APP_USER, appPassword: APP_PASSWORD });
  return teardown;
}
