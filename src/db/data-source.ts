/** TypeORM data sources: the owner (migrations) and the application role (everything else). */
import pg from 'pg';
import { DataSource } from 'typeorm';
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
