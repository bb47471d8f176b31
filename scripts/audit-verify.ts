/**
 * `npm run audit:verify`: checks every hash chain of the audit trail and exits 1 if an event was
 * edited, reordered or deleted. Uses DATABASE_URL, or the embedded server (stop `npm start` first).
 */
import 'reflect-metadata';
import { loadDotEnv, readConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { verifyAuditTrail } from '../src/services/audit.service';
import { run } from './cli';

run(async () => {
  loadDotEnv();
  const db = await openDatabase(readConfig(process.env, 'database-tool'));
  try {
    const report = await verifyAuditTrail(db.dataSource.manager);
    console.log(`${report.events} audit events in ${report.chains} chains`);
    for (const b of report.broken) console.log(`BROKEN ${b.chainKey} at sequence ${b.sequence}: ${b.reason}`);
    if (report.broken.length) {
      console.log(`${report.broken.length} chain(s) broken`);
      process.exitCode = 1;
    } else {
      console.log('every chain holds');
    }
  } finally {
    await db.close();
  }
});
