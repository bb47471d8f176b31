/**
 * `npm run migrate` as a deployment step of its own (issue 17): processes started together against an empty
 * database take turns on an advisory lock and each migration runs once; a gateway started with MIGRATE=off
 * migrates nothing and refuses, in one line, a database the step has not brought up to date.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config';
import { createDatabaseIfMissing, withDatabase } from '../src/db/database';
import { MIGRATIONS } from '../src/db/migrations';
import { queryOnce } from './fixtures/database';
import { TEST_ENV } from './fixtures/gateway';
import { startGatewayProcess } from './fixtures/processes';

const NAMES = MIGRATIONS.map((Migration) => new Migration().name ?? Migration.name);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

interface EmptyDatabase {
  ownerUrl: string;
  appUrl: string;
  drop(): Promise<void>;
}

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'migrate-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A database with nothing in it (not cloned from the migrated template), reachable by the test application role. */
async function emptyDatabase(): Promise<EmptyDatabase> {
  const { ownerUrl: serverUrl, appUser, appPassword } = inject('database');
  const name = `unmigrated_${randomBytes(5).toString('hex')}`;
  await createDatabaseIfMissing(serverUrl, name);
  return {
    ownerUrl: withDatabase(serverUrl, name),
    appUrl: withDatabase(serverUrl, name, { user: appUser, password: appPassword }),
    drop: async () => {
      await queryOnce(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Runs a compiled script against `db` with only these settings (and PATH) and waits for it to exit. */
async function runScript(script: string, db: EmptyDatabase, env: Record<string, string> = {}): Promise<Ran> {
  try {
    const ran = await promisify(execFile)(process.execPath, [path.resolve(script)], {
      env: {
        PATH: process.env.PATH,
        ...TEST_ENV,
        LOG_LEVEL: 'error',
        DATA_DIR: dataDir,
        DEMO_SCALE: '0',
        DATABASE_URL: db.appUrl,
        DATABASE_OWNER_URL: db.ownerUrl,
        ...env,
      },
      timeout: 120_000,
    });
    return { code: 0, ...ran };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run migrate', () => {
  it('run twice at once against an empty database: both succeed, each migration runs once', async () => {
    const db = await emptyDatabase();
    try {
      const both = await Promise.all([
        runScript('dist/scripts/migrate.js', db),
        runScript('dist/scripts/migrate.js', db),
      ]);
      for (const ran of both) expect(ran).toMatchObject({ code: 0, stderr: '' });
      // One took the lock first and applied everything; the other waited for it and found nothing to do.
      const summaries = both.map((ran) => ran.stdout.trim().split('\n').pop()).sort();
      expect(summaries).toEqual([
        `${NAMES.length} migrations applied: the schema is current`,
        'nothing to apply: the schema is current',
      ]);
      const first = both.find((ran) => ran.stdout.includes('migrations applied'))!;
      expect(first.stdout).toBe(
        NAMES.map((name) => `applied ${name}\n`).join('') +
          `${NAMES.length} migrations applied: the schema is current\n`,
      );
      const rows = await queryOnce<{ name: string; n: number }>(
        db.ownerUrl,
        'SELECT name, count(*)::int AS n FROM migrations GROUP BY name ORDER BY min(id)',
      );
      expect(rows).toEqual(NAMES.map((name) => ({ name, n: 1 })));
      // The grants and the queue's schema came with it: the application role reads the tables and the queue.
      const [counts] = await queryOnce(
        db.appUrl,
        'SELECT (SELECT count(*)::int FROM complaints) AS complaints, (SELECT count(*)::int FROM pgboss.job) AS jobs',
      );
      expect(counts).toEqual({ complaints: 0, jobs: 0 });

      const again = await runScript('dist/scripts/migrate.js', db);
      expect(again).toEqual({ code: 0, stdout: 'nothing to apply: the schema is current\n', stderr: '' });
    } finally {
      await db.drop();
    }
  });
});

describe('MIGRATE=off', () => {
  it('refuses to start on an unmigrated database, in one line, and creates nothing', async () => {
    const db = await emptyDatabase();
    try {
      const ran = await runScript('dist/src/main.js', db, { MIGRATE: 'off' });
      expect(ran.code).toBe(1);
      expect(ran.stderr).toBe(
        `error: the database schema is not current: ${NAMES.length} migrations are pending (${NAMES[0]}, …); ` +
          'run npm run migrate first (with MIGRATE=off this process does not migrate)\n',
      );
      expect(await queryOnce(db.ownerUrl, `SELECT to_regclass('public.migrations') AS t`)).toEqual([{ t: null }]);
    } finally {
      await db.drop();
    }
  });

  it('names the one migration still pending, and starts once the migrate step has run', async () => {
    const db = await emptyDatabase();
    try {
      expect((await runScript('dist/scripts/migrate.js', db)).code).toBe(0);
      const last = NAMES[NAMES.length - 1];
      await queryOnce(db.ownerUrl, 'DELETE FROM migrations WHERE name = $1', [last]);
      const refused = await runScript('dist/src/main.js', db, { MIGRATE: 'off' });
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toBe(
        `error: the database schema is not current: 1 migration is pending (${last}); ` +
          'run npm run migrate first (with MIGRATE=off this process does not migrate)\n',
      );
      await queryOnce(db.ownerUrl, `INSERT INTO migrations (timestamp, name) VALUES ($1, $2)`, [
        Number(last.match(/\d{13}$/)![0]),
        last,
      ]);
      const gateway = await startGatewayProcess(db, dataDir, { MIGRATE: 'off', WORKERS: 'on' });
      try {
        const ready = await fetch(new URL('/readyz', gateway.url));
        expect(ready.status).toBe(200);
      } finally {
        await gateway.stop('SIGTERM');
      }
    } finally {
      await db.drop();
    }
  });

  it('is on or off', () => {
    expect(readConfig({}).operations.migrate).toBe(true);
    expect(readConfig({ MIGRATE: 'off' }).operations.migrate).toBe(false);
    expect(() => readConfig({ MIGRATE: 'no' })).toThrowError(new ConfigError('MIGRATE must be on or off, got "no"'));
  });
});
