/**
 * The verdict of a run is its exit code. The embedded PostgreSQL package once replaced every exit
 * code with 0 (its exit hook called `process.exit(0)` on `beforeExit`), so a failing suite passed.
 * These run the canary (test/canary/) through the suite's own global setup, and a script that
 * starts the embedded server, as child processes, and read their exit codes.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive } from '../src/db/embedded-postgres';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gateway-verdict-'));
  await chmod(dir, 0o755); // PostgreSQL runs as the OS user postgres
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  // The child starts its own embedded server: DATABASE_URL is this run's, not the child's.
  const { DATABASE_URL: _url, DATABASE_OWNER_URL: _owner, ...inherited } = process.env;
  const child = spawn(process.execPath, args, { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const canary = (mode: string) =>
  run(['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.canary.config.mts'], { CANARY: mode });

describe('a test run through the global setup and its embedded PostgreSQL', () => {
  it('exits non-zero when a test fails, and 0 when it passes', async () => {
    const [failed, passed] = await Promise.all([canary('test'), canary('pass')]);
    expect(failed.output).toMatch(/1 failed/);
    expect(failed.code).toBe(1);
    expect(passed.output).toMatch(/1 passed/);
    expect(passed.code).toBe(0);
  });

  it('exits non-zero when the global setup or its teardown fails', async () => {
    const [setup, teardown] = await Promise.all([canary('setup'), canary('teardown')]);
    expect(setup.output).toContain('canary: the global setup fails');
    expect(setup.code).not.toBe(0);
    expect(teardown.output).toContain('canary: the global teardown fails');
    expect(teardown.code).not.toBe(0);
  });
});

describe('a script that starts the embedded server', () => {
  // The compiled module (built by the global setup), as the scripts and the gateway load it.
  const script = (end: string) => `
    const { startEmbeddedPostgres, freePort } = require(${JSON.stringify(path.resolve('dist/src/db/embedded-postgres.js'))});
    (async () => {
      const server = await startEmbeddedPostgres({ dir: process.argv[1], port: await freePort() });
      console.log('pid ' + require('node:fs').readFileSync(process.argv[1] + '/postmaster.pid', 'utf8').split('\\n')[0]);
      ${end}
    })();`;

  it('exits with the code it set, and stops a server it left running', async () => {
    // Stops its server and ends with process.exitCode set: the process exits with that code.
    const stopped = await run(['-e', script('await server.stop(); process.exitCode = 3;'), path.join(dir, 'stopped')]);
    expect(stopped.code, stopped.output).toBe(3);
    // Exits (as scripts/cli.ts's run() does) with the server still running: PostgreSQL is stopped.
    const left = await run(['-e', script('process.exit(4);'), path.join(dir, 'left')]);
    expect(left.code, left.output).toBe(4);
    const pid = Number(/pid (\d+)/.exec(left.output)?.[1]);
    expect(pid).toBeGreaterThan(0);
    // The exit hook sent PostgreSQL a fast shutdown: it goes within moments, however busy the machine.
    const started = Date.now();
    while (alive(pid) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });
});
