/**
 * Sealing and verifying the audit trail (SPEC §5, `npm run audit:verify`). Every chain is recomputed
 * from its first event; each chain must end at its recorded head; and checkpoints — the heads that
 * moved since the previous one, signed with a key that is not in the database — must be gap-free,
 * linked, signed, and every head they sealed still in its chain with the same hash. So an edited,
 * reordered or deleted event, a chain re-hashed to its end, a truncated chain and a deleted chain all
 * show, once sealed: what happened after the last checkpoint shows only from the next one (the seal
 * interval, AUDIT_SEAL_SCHEDULE), and `maxUnsealedMinutes` fails a trail whose old events are unsealed
 * (sealing stopped, or the newest checkpoints were deleted).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { verifyChain, type StoredEvent } from '../domain/audit-chain';
import {
  checkpointHash,
  checkpointText,
  headsDigest,
  sealedHeadProblem,
  verifyCheckpoints,
  type ChainHead,
  type CheckpointBody,
  type StoredCheckpoint,
} from '../domain/audit-seal';
import type { SealSigner, SealVerifier } from '../integrations/audit-seal/seal-key';

export interface AuditReport {
  chains: number;
  events: number;
  checkpoints: number;
  lastSealedAt: Date | null;
  /** Events no checkpoint covers yet, and the oldest one's time. */
  unsealed: number;
  oldestUnsealedAt: Date | null;
  /** What does not hold: `chainKey` names the chain, or is `checkpoint` (then `sequence` is its number). */
  broken: { chainKey: string; sequence: number; reason: string }[];
}

export interface VerifyOptions {
  /** Checks checkpoints' signatures; without one (some tests), only their links, digests and sealed heads. */
  verifier?: SealVerifier | null;
  now?: Date;
  /** Fail when an event older than this is unsealed; 0 or unset: no such check. */
  maxUnsealedMinutes?: number;
}

/** Seals, under a lock (one sealer at a time), the heads that moved since the last checkpoint. */
export async function sealAuditTrail(
  dataSource: DataSource,
  signer: SealSigner,
  now: Date,
): Promise<{ checkpoint: number; heads: number }> {
  return dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('audit_seal'))`);
    const [last]: { sequence: number; hash: string }[] = await tx.query(
      'SELECT sequence, hash FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1',
    );
    // Only heads that are really the last event of their chain as written (a head set wrong is verify's to report).
    const heads: ChainHead[] = await tx.query(
      `SELECT h.chain_key AS "chainKey", h.sequence, h.hash FROM audit_chain_heads h
       JOIN audit_events e ON e.chain_key = h.chain_key AND e.sequence = h.sequence AND e.hash = h.hash
       WHERE h.sequence > coalesce((SELECT c.sequence FROM audit_checkpoint_heads c WHERE c.chain_key = h.chain_key
                                    ORDER BY c.checkpoint DESC LIMIT 1), 0)
       ORDER BY h.chain_key`,
    );
    const body: CheckpointBody = {
      sequence: (last?.sequence ?? 0) + 1,
      sealedAt: now,
      previousHash: last?.hash ?? null,
      heads: heads.length,
      headsDigest: headsDigest(heads),
      keyId: signer.keyId,
    };
    await tx.query(
      `INSERT INTO audit_checkpoints (sequence, sealed_at, previous_hash, heads, heads_digest, key_id, signature, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        body.sequence,
        now,
        body.previousHash,
        body.heads,
        body.headsDigest,
        body.keyId,
        signer.sign(checkpointText(body)),
        checkpointHash(body),
      ],
    );
    await tx.query(
      `INSERT INTO audit_checkpoint_heads (checkpoint, chain_key, sequence, hash)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[])`,
      [body.sequence, heads.map((h) => h.chainKey), heads.map((h) => h.sequence), heads.map((h) => h.hash)],
    );
    return { checkpoint: body.sequence, heads: heads.length };
  });
}

const EVENTS = `SELECT id, chain_key AS "chainKey", sequence, actor_id AS "actorId", actor_role AS "actorRole", action,
  entity_type AS "entityType", entity_id AS "entityId", occurred_at AS "occurredAt", change,
  change_digest AS "changeDigest", previous_hash AS "previousHash", hash, redacted_at IS NOT NULL AS redacted
  FROM audit_events ORDER BY chain_key, sequence`;

const CHECKPOINTS = `SELECT sequence, sealed_at AS "sealedAt", previous_hash AS "previousHash", heads,
  heads_digest AS "headsDigest", key_id AS "keyId", signature, hash FROM audit_checkpoints ORDER BY sequence`;

/** Checks the whole trail in one snapshot (REPEATABLE READ), so appends running meanwhile do not show as breaks. */
export async function verifyAuditTrail(em: EntityManager, options: VerifyOptions = {}): Promise<AuditReport> {
  return em.connection.transaction('REPEATABLE READ', async (tx) => {
    const rows: StoredEvent[] = await tx.query(EVENTS);
    const heads: ChainHead[] = await tx.query(
      'SELECT chain_key AS "chainKey", sequence, hash FROM audit_chain_heads WHERE sequence > 0',
    );
    const checkpoints: StoredCheckpoint[] = await tx.query(CHECKPOINTS);
    const sealed: (ChainHead & { checkpoint: number; actual: string | null })[] = await tx.query(
      `SELECT c.checkpoint, c.chain_key AS "chainKey", c.sequence, c.hash, e.hash AS actual
       FROM audit_checkpoint_heads c LEFT JOIN audit_events e ON e.chain_key = c.chain_key AND e.sequence = c.sequence
       ORDER BY c.checkpoint, c.chain_key`,
    );
    const report: AuditReport = {
      chains: 0,
      events: rows.length,
      checkpoints: checkpoints.length,
      lastSealedAt: checkpoints.at(-1)?.sealedAt ?? null,
      unsealed: 0,
      oldestUnsealedAt: null,
      broken: [],
    };
    const ends = checkChains(rows, report);
    checkHeads(heads, ends, report);
    checkSeals(checkpoints, sealed, options.verifier ?? null, report);
    countUnsealed(rows, sealed, report);
    const limit = options.maxUnsealedMinutes ?? 0;
    const now = options.now ?? new Date();
    if (limit > 0 && report.oldestUnsealedAt && now.getTime() - report.oldestUnsealedAt.getTime() > limit * 60_000)
      report.broken.push({
        chainKey: 'checkpoint',
        sequence: checkpoints.length,
        reason:
          `events since ${report.oldestUnsealedAt.toISOString()} are not sealed (more than ${limit} minutes): ` +
          'sealing stopped, or the newest checkpoints were deleted',
      });
    return report;
  });
}

/** Recomputes every chain; returns each chain's last event. */
function checkChains(rows: StoredEvent[], report: AuditReport): Map<string, ChainHead> {
  const ends = new Map<string, ChainHead>();
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end < rows.length && rows[end].chainKey === rows[start].chainKey) end += 1;
    report.chains += 1;
    const problem = verifyChain(rows.slice(start, end));
    if (problem) report.broken.push({ chainKey: rows[start].chainKey, ...problem });
    const lastEvent = rows[end - 1];
    ends.set(lastEvent.chainKey, { chainKey: lastEvent.chainKey, sequence: lastEvent.sequence, hash: lastEvent.hash });
    start = end;
  }
  return ends;
}

/** Each chain ends where its head says (a last event deleted shows here even before it is sealed). */
function checkHeads(heads: ChainHead[], ends: Map<string, ChainHead>, report: AuditReport): void {
  const headed = new Set<string>();
  for (const head of heads) {
    headed.add(head.chainKey);
    const end = ends.get(head.chainKey);
    if (!end || end.sequence !== head.sequence || end.hash !== head.hash)
      report.broken.push({
        chainKey: head.chainKey,
        sequence: head.sequence,
        reason: end ? `the chain ends at ${end.sequence}, not at its head` : 'the chain of this head is gone',
      });
  }
  for (const end of ends.values())
    if (!headed.has(end.chainKey))
      report.broken.push({ chainKey: end.chainKey, sequence: end.sequence, reason: 'the chain has no head' });
}

function checkSeals(
  checkpoints: StoredCheckpoint[],
  sealed: (ChainHead & { checkpoint: number; actual: string | null })[],
  verifier: SealVerifier | null,
  report: AuditReport,
): void {
  const byCheckpoint = new Map<number, ChainHead[]>();
  for (const s of sealed) {
    const list = byCheckpoint.get(s.checkpoint) ?? [];
    list.push({ chainKey: s.chainKey, sequence: s.sequence, hash: s.hash });
    byCheckpoint.set(s.checkpoint, list);
  }
  const check = verifier?.check ?? (() => true);
  for (const p of verifyCheckpoints(checkpoints, (n) => byCheckpoint.get(n) ?? [], check))
    report.broken.push({ chainKey: 'checkpoint', sequence: p.checkpoint, reason: p.reason });
  const known = new Set(checkpoints.map((c) => c.sequence));
  for (const n of byCheckpoint.keys())
    if (!known.has(n))
      report.broken.push({ chainKey: 'checkpoint', sequence: n, reason: 'sealed heads of a checkpoint that is gone' });
  for (const s of sealed) {
    const reason = sealedHeadProblem(s, s.actual);
    if (reason) report.broken.push({ chainKey: s.chainKey, sequence: s.sequence, reason });
  }
}

/** Events after their chain's last sealed head. */
function countUnsealed(rows: StoredEvent[], sealed: ChainHead[], report: AuditReport): void {
  const sealedTo = new Map<string, number>();
  for (const s of sealed) sealedTo.set(s.chainKey, Math.max(s.sequence, sealedTo.get(s.chainKey) ?? 0));
  for (const e of rows) {
    if (e.sequence <= (sealedTo.get(e.chainKey) ?? 0)) continue;
    report.unsealed += 1;
    if (!report.oldestUnsealedAt || e.occurredAt < report.oldestUnsealedAt) report.oldestUnsealedAt = e.occurredAt;
  }
}
