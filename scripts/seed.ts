/**
 * Loads the deterministic demo data set: `npm run seed -- --scale N [--today YYYY-MM-DD] [--reset]`.
 * Uses DATABASE_URL when set, else the embedded server under ./data (stop `npm start` first).
 */
import 'reflect-metadata';
import { ConfigError, loadDotEnv, readConfig } from '../src/config';
import { isCalendarDate } from '../src/domain/calendar-date';
import { createDataSource } from '../src/db/data-source';
import { openDatabase } from '../src/db/database';
import { resetData, seedDemoData } from '../src/seed/seed';
import { commandLine, run } from './cli';

run(async () => {
  const { values } = commandLine('npm run seed -- [--scale N] [--today YYYY-MM-DD] [--reset]', {
    scale: { type: 'string', default: '1' },
    today: { type: 'string' },
    reset: { type: 'boolean', default: false },
  });
  loadDotEnv();
  const scale = Number(values.scale);
  if (!Number.isInteger(scale) || scale < 1 || scale > 1000)
    throw new ConfigError('--scale must be an integer from 1 to 1000');
  const today = values.today;
  if (today !== undefined && !isCalendarDate(today)) throw new ConfigError('--today must be a date (YYYY-MM-DD)');
  const config = readConfig(process.env, 'database-tool');
  if (config.nodeEnv === 'production') {
    throw new ConfigError('npm run seed loads demo data, and production never holds any: not with NODE_ENV=production');
  }
  const db = await openDatabase(config);
  try {
    const existing = await db.dataSource.query('SELECT count(*)::int AS n FROM complaints');
    if (existing[0].n > 0) {
      if (!values.reset)
        throw new ConfigError(
          `the database already holds ${existing[0].n} complaints: add --reset to replace all data`,
        );
      // The application role may not truncate the audit trail (append-only): resetting is the owner's.
      const owner = createDataSource({ url: db.ownerUrl, poolSize: 1 });
      await owner.initialize();
      try {
        await resetData(owner);
      } finally {
        await owner.destroy();
      }
    }
    const started = Date.now();
    const counts = await seedDemoData(db.dataSource, { scale, today, onProgress: (m) => console.log(`  ${m}`) });
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`seeded scale ${scale}: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(
      Object.entries(counts)
        .map(([t, n]) => `  ${t}: ${n}`)
        .join('\n'),
    );
  } finally {
    await db.close();
  }
});
