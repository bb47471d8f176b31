/**
 * `npm run retention [-- --dry-run]`: anonymises, now, the closed complaints past the retention period
 * (what the daily job does), or with `--dry-run` only lists them. Uses DATABASE_URL, or the embedded
 * server (stop `npm start` first). Prints references and reasons, never personal data.
 */
import 'reflect-metadata';
import { loadDotEnv, readConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { RetentionService } from '../src/services/retention.service';
import { createServices } from '../src/services/services';
import { commandLine, run } from './cli';

run(async () => {
  const { values } = commandLine('npm run retention [-- --dry-run]', {
    'dry-run': { type: 'boolean', default: false },
  });
  const dryRun = values['dry-run'];
  loadDotEnv();
  const config = readConfig(process.env, 'database-tool');
  const db = await openDatabase(config);
  try {
    const services = createServices(config.files);
    const result = await new RetentionService(services.audit, db.dataSource, config, services.files).run({
      now: () => new Date(),
      dryRun,
    });
    const verb = dryRun ? 'would anonymise' : 'anonymised';
    console.log(
      `retention of ${result.years} years after closure, on ${result.today}${dryRun ? ' (dry run: nothing changed)' : ''}`,
    );
    for (const a of result.anonymised)
      console.log(
        `${verb} ${a.reference} (closed ${a.closedOn}${a.complainantAnonymised ? ', with its complainant' : ''})`,
      );
    for (const k of result.kept) console.log(`kept ${k.reference ?? k.complaintId}: ${k.reason}`);
    for (const f of result.failed) console.log(`FAILED ${f.complaintId}: ${f.error}`);
    if (result.sweptFiles) console.log(`deleted ${result.sweptFiles} stored files no record needed`);
    console.log(`${result.anonymised.length} ${verb}, ${result.kept.length} kept, ${result.failed.length} failed`);
    if (result.failed.length) process.exitCode = 1;
  } finally {
    await db.close();
  }
});
