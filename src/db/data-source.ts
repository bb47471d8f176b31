/** TypeORM data sources: the owner (migrations) and the application role (everything else). */
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from './migrations';
import { CountingLogger } from './sql-counter';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Calendar dates stay 'YYYY-MM-DD' strings end to end (no midnight-in-some-time-zone Date objects).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint counts (count(*)) fit in a double for our sizes.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DataSourceOptions {
  url: string;
  /**
   * A read replica (the gateway's only, SPEC §6): the data source is then replicated, its reads on the
   * primary unless a request asks for the replica (src/db/replica.ts adds the replica's pool).
   */
  replicated?: boolean;
  poolSize?: number;
  onProblem?: (message: string, detail: Record<string, unknown>) => void;
}

export function createDataSource({ url, replicated, poolSize = 10, onProblem }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    // No slave listed: initialize() would fail while one is unreachable (src/db/replica.ts adds it later).
    ...(replicated ? { replication: { master: { url }, slaves: [], defaultMode: 'master' } } : { url }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    logger: new CountingLogger(onProblem),
    maxQueryExecutionTime: 1000,
    extra: { max: poolSize, application_name: 'complaints-gateway', connectionTimeoutMillis: 10_000 },
  });
}

/**
 * Keeps a connection that fails while checked out from ending the process. pg-pool takes its own
 * 'error' listener off a client when it hands it out, and TypeORM puts its listener on a tick later:
 * a connection terminated as it opened (its ready message and its termination in one packet) emitted
 * 'error' with no listener, which Node treats as fatal. Every client is given one listener when first
 * handed out, for its whole life. It has nothing to add: what meets the dead connection fails (a
 * connection error, HTTP 503), the pool drops it, and an idle client's error is the pool's to report.
 */
export function keepClientErrorsHandled(dataSource: DataSource): void {
  const driver = dataSource.driver as PostgresDriver;
  for (const pool of [driver.master, ...driver.slaves] as pg.Pool[]) keepPoolClientErrorsHandled(pool);
}

/** The same for one pool (the read replica's is added after start-up: src/db/replica.ts). */
export function keepPoolClientErrorsHandled(pool: pg.Pool): void {
  const listening = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => {
    if (listening.has(client)) return;
    listening.add(client);
    client.on('error', () => undefined);
  });
}
