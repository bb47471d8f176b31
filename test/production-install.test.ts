/**
 * The production install path (README "Production install"): `npm ci`, `npm run build`, then
 * `npm prune --omit=dev` drops the compiler and the test tools, and `NODE_ENV=production npm start`
 * runs what was built. Here on a copy of the package (its node_modules hard-linked, so pruning the copy
 * leaves this one alone) against a test database and a local identity provider.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startIdentityProvider, type IdentityProvider } from './fixtures/identity-provider';
import { waitUntil } from './fixtures/wait';

const run = promisify(execFile);

let dir: string;
let db: TestDatabase;
let idp: IdentityProvider;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'production-install-'));
  for (const file of ['package.json', 'package-lock.json', 'scripts/prestart.mjs', 'dist']) {
    await cp(file, path.join(dir, file), { recursive: true });
  }
  // `npm ci` as CI has just run it, then the step production adds.
  await run('cp', ['-al', 'node_modules', path.join(dir, 'node_modules')]);
  await run('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir },
  });
  db = await createTestDatabase();
  idp = await startIdentityProvider();
}, 180_000);

afterAll(async () => {
  await idp?.stop();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** `npm start` in the pruned copy, in production, as its own process group (npm starts node under a shell). */
function npmStart(env: Record<string, string> = {}) {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: db.appUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      SMTP_URL: 'smtp://127.0.0.1:9?tls=off',
      WORKERS: 'off',
      LOG_LEVEL: 'info',
      ...idp.env,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('the production install', () => {
  it('leaves the compiler out, and npm start runs the gateway that was built', async () => {
    expect(existsSync(path.join(dir, 'node_modules/typescript'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules/vitest'))).toBe(false);
    const officer = await new Factory(db.dataSource).staff({ role: Role.CST_OFFICER });
    const started = npmStart();
    try {
      const ready = await waitUntil(
        'the gateway to be ready',
        () =>
          started.stdout().match(/"url":"(http:\/\/localhost:\d+\/graphql)".*gateway ready/)?.[1] ??
          started.child.exitCode,
        (seen) => seen !== null,
      );
      expect(ready, started.stderr()).toMatch(/^http/);
      const url = String(ready);
      expect((await fetch(url.replace('/graphql', '/readyz'))).status).toBe(200);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await idp.token(Role.CST_OFFICER, officer.id)}`,
        },
        body: JSON.stringify({ query: '{ me { role subject } }' }),
      });
      expect(await response.json()).toEqual({ data: { me: { role: 'CST_OFFICER', subject: officer.id } } });
    } finally {
      if (started.child.exitCode === null) process.kill(-started.child.pid!, 'SIGTERM');
      await started.exited;
    }
  });

  it('says in one line what to do when nothing was built and the compiler is left out', async () => {
    await rename(path.join(dir, 'dist'), path.join(dir, 'dist-away'));
    try {
      const started = npmStart();
      expect(await started.exited).toBe(1);
      expect(started.stderr().split('\n')[0]).toMatch(
        /^error: dist\/ is not built and the TypeScript compiler is not installed .*: run npm ci, npm run build, then npm prune --omit=dev/,
      );
    } finally {
      await rename(path.join(dir, 'dist-away'), path.join(dir, 'dist'));
    }
  });

  it('serves the explorer (EXPLORER=on) from what was built, its npm package pruned', async () => {
    expect(existsSync(path.join(dir, 'node_modules/ruru'))).toBe(false);
    const started = npmStart({ EXPLORER: 'on' });
    try {
      const ready = await waitUntil(
        'the gateway to be ready',
        () =>
          started.stdout().match(/"url":"(http:\/\/localhost:\d+\/graphql)".*gateway ready/)?.[1] ??
          started.child.exitCode,
        (seen) => seen !== null,
      );
      expect(ready, started.stderr()).toMatch(/^http/);
      const page = await fetch(String(ready), { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      for (const file of ['/explorer/explorer.js', '/explorer/ruru/ruru.js', '/explorer/ruru/graphqlWorker.js']) {
        expect((await fetch(new URL(file, String(ready)))).status, file).toBe(200);
      }
    } finally {
      if (started.child.exitCode === null) process.kill(-started.child.pid!, 'SIGTERM');
      await started.exited;
    }
  });
});
