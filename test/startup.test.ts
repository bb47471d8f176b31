/** Bad configuration fails fast with a one-line reason. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { freePort } from '../src/db/embedded-postgres';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { startTestGateway } from './fixtures/gateway';

describe('configuration', () => {
  it.each([
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL must start with postgres:\/\//],
    [{ DATABASE_URL: 'postgres://localhost' }, /must name a host and a database/],
    [{ DATABASE_OWNER_URL: 'postgres://u@localhost/db' }, /DATABASE_OWNER_URL is set but DATABASE_URL is not/],
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be/],
    [{ NODE_ENV: 'production' }, /DATABASE_URL is required in production/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
    [{ SHUTDOWN_DELAY_SECONDS: 'soon' }, /SHUTDOWN_DELAY_SECONDS must be a number of seconds from 0 to 300/],
    [{ SHUTDOWN_GRACE_SECONDS: '301' }, /SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 300/],
  ])('%j is refused', (env, reason) => {
    expect(() => readConfig(env)).toThrowError(ConfigError);
    expect(() => readConfig(env)).toThrowError(reason);
  });

  it('has defaults for everything', () => {
    const config = readConfig({});
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.maxPageSize).toBe(100);
    expect(config.shutdown).toEqual({ delaySeconds: 0, graceSeconds: 10 });
  });
});

describe('start-up against unusable resources', () => {
  let db: TestDatabase;
  let blocker: net.Server;
  let busyPort: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    blocker.close();
    await db.drop();
  });

  it('names an unreachable database in one line, without its password', async () => {
    const closedPort = await freePort(); // nothing listens there: the connection is refused
    const config = readConfig({ DATABASE_URL: `postgres://app:secret@127.0.0.1:${closedPort}/complaints` });
    const error = await openDatabase(config).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`cannot use PostgreSQL at 127.0.0.1:${closedPort}/complaints: ECONNREFUSED`);
    expect(error.message).not.toMatch(/secret/);
    expect(error.message).not.toMatch(/\n/);
  });

  it('refuses, in production, an application role that row-level security would not bind', async () => {
    // The test owner is the embedded superuser (with your own DATABASE_URL, a role that may create roles).
    const [{ super: superuser }] = await db.dataSource.query(
      `SELECT rolsuper AS super FROM pg_roles WHERE rolname = $1`,
      [new URL(db.ownerUrl).username],
    );
    expect(superuser || process.env.DATABASE_URL).toBeTruthy();
    if (!superuser) return;
    const config = readConfig({
      NODE_ENV: 'production',
      DATABASE_URL: db.ownerUrl,
      SMTP_URL: 'smtp://mail.example.org:587',
      AUTH_JWKS_URL: 'https://id.example.org/jwks',
    });
    const error = await openDatabase(config).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/is a superuser or has BYPASSRLS, so row-level security does not bind it/);
  });

  it('says the HTTP port is in use', async () => {
    const error = await startTestGateway(db, { env: { PORT: String(busyPort) } }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`PORT ${busyPort} is in use: stop the other process or set PORT`);
  });
});
