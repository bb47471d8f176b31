/**
 * `npm run migrate`: applies the pending migrations as the owner (DATABASE_OWNER_URL), grants the application
 * role its privileges and prepares the queue's schema, holding a PostgreSQL advisory lock, so that deploy jobs
 * or replicas started together take turns and each migration runs once. The deployment step before the
 * gateway and workers start with MIGRATE=off. Uses DATABASE_URL, or the embedded server (stop `npm start` first).
 */
import 'reflect-metadata';
import { loadDotEnv, readConfig } from '../src/config';
import { migrateDatabase } from '../src/db/database';
import { commandLine, run } from './cli';

run(async () => {
  commandLine('npm run migrate', {});
  loadDotEnv();
  const applied = await migrateDatabase(readConfig(process.env, 'database-tool'));
  for (const name of applied) console.log(`applied ${name}`);
  console.log(
    applied.length
      ? `${applied.length} migration${applied.length === 1 ? '' : 's'} applied: the schema is current`
      : 'nothing to apply: the schema is current',
  );
});
