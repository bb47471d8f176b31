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
  poolSize?: number;
  onProblem?: (message: string, detail: Record<string, unknown>) => void;
}

export function createDataSource({ url, poolSize = 10, onProblem }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
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
  const pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
  const listening = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => {
    if (listening.has(client)) return;
    listening.add(client);
    client.on('error', () => undefined);
  });
}
