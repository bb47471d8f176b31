/**
 * `npm start` as a user runs it: the compiled gateway as a child process over its own embedded
 * PostgreSQL in a fresh data folder — first start with demo data, SIGTERM, second start, bad config.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, freePort } from '../src/db/embedded-postgres';

const MAIN = path.resolve('dist/src/main.js');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'gateway-process-'));
  await chmod(dataDir, 0o755);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  lines: () => string[];
  exit: Promise<number | null>;
}

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () => output.split('\n').filter(Boolean);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const ready = lines().find((l) => l.includes('gateway ready'));
      if (ready) {
        clearInterval(timer);
        resolve(JSON.parse(ready).url);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`exited ${child.exitCode}: ${output}`));
      }
    }, 50);
  });
  return { child, url, lines, exit };
}

function postgresPid(): number | null {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

describe('the gateway process', () => {
  it('starts over a new embedded PostgreSQL with demo data, stops on SIGTERM, and starts again on the same data', async () => {
    const env = {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    const first = await start(env);
    const ready = await fetch(first.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
    expect(first.lines().some((l) => l.includes('demo data loaded'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'jwt-secret'))).toBe(true);
    const anonymous = await fetch(first.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ me { role } }"}',
    });
    expect(anonymous.status).toBe(401);
    const pid = postgresPid();
    expect(pid && alive(pid)).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(alive(pid!)).toBe(false);
    expect(first.lines().some((l) => l.includes('"msg":"stopped"'))).toBe(true);

    const second = await start(env);
    expect(second.lines().some((l) => l.includes('demo data'))).toBe(false);
    const counted = await fetch(second.url.replace('/graphql', '/readyz'));
    expect(counted.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
  });

  it('refuses bad configuration with one line and a non-zero exit', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope/db' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('error: DATABASE_URL must start with postgres:// or postgresql://, got "mysql://"');
  });
});
