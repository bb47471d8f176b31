/**
 * One PostgreSQL server per test run (embedded unless DATABASE_URL is set), with a migrated
 * template database; each test file clones it into a fresh database (test/fixtures/database.ts).
 */
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

export default async function setup(project: TestProject) {
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
  await prepareDatabase(ownerUrl, TEMPLATE, { user: APP_USER, password: APP_PASSWORD });
  project.provide('database', { ownerUrl, template: TEMPLATE, appUser: APP_USER, appPassword: APP_PASSWORD });

  return async () => {
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
}
