/**
 * `npm run audit:verify [-- --seal]`: checks every hash chain of the audit trail, that each chain
 * ends at its recorded head, and the signed checkpoints (SPEC §5): exits 1 if an event was edited,
 * reordered or deleted, a chain truncated, deleted or re-hashed, a checkpoint forged or removed, or
 * old events are left unsealed. `--seal` first seals the current heads (needs the private key).
 * Signatures are checked with AUDIT_SEAL_PUBLIC_KEY_FILE, else the key of AUDIT_SEAL_KEY_FILE.
 * Uses DATABASE_URL, or the embedded server (stop `npm start` first).
 */
import 'reflect-metadata';
import { loadDotEnv, readConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { configuredSigner, configuredVerifier } from '../src/integrations/audit-seal/seal-key';
import { sealAuditTrail, verifyAuditTrail } from '../src/services/audit-seal.service';
import { commandLine, run } from './cli';

run(async () => {
  const { values } = commandLine('npm run audit:verify [-- --seal]', { seal: { type: 'boolean', default: false } });
  loadDotEnv();
  const config = readConfig(process.env, 'database-tool');
  const db = await openDatabase(config);
  try {
    if (values.seal) {
      const signer = configuredSigner(config.auditSeal);
      if (!signer) throw new Error('--seal needs AUDIT_SEAL_KEY_FILE');
      const sealed = await sealAuditTrail(db.dataSource, signer, new Date());
      console.log(`sealed checkpoint ${sealed.checkpoint} (${sealed.heads} chain heads moved)`);
    }
    const verifier = configuredVerifier(config.auditSeal);
    const report = await verifyAuditTrail(db.dataSource.manager, {
      verifier,
      maxUnsealedMinutes: config.auditSeal.maxUnsealedMinutes,
    });
    console.log(`${report.events} audit events in ${report.chains} chains; ${report.checkpoints} checkpoints`);
    if (!verifier && report.checkpoints) {
      report.broken.push({ chainKey: 'checkpoint', sequence: 0, reason: 'no seal key configured to check signatures' });
    }
    if (report.unsealed)
      console.log(
        `${report.unsealed} events not sealed yet (oldest ${report.oldestUnsealedAt?.toISOString()}): ` +
          'tampering with them shows only once they are sealed',
      );
    for (const b of report.broken) console.log(`BROKEN ${b.chainKey} at sequence ${b.sequence}: ${b.reason}`);
    if (report.broken.length) {
      console.log(`${report.broken.length} problem(s) found`);
      process.exitCode = 1;
    } else {
      console.log('every chain holds');
    }
  } finally {
    await db.close();
  }
});
