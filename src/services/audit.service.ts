/** Writes audit events (SPEC §5) in the caller's transaction, appended to the complaint's or case's hash chain. */
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { changeDigest, eventHash, verifyChain, type StoredEvent } from '../domain/audit-chain';
import type { Role } from '../domain/enums';
import { AuditEvent } from '../entities';

export interface Actor {
  id: string | null;
  role: Role | null;
}

/** The actor of changes the gateway makes by itself (deadline recomputation, closing). */
export const SYSTEM: Actor = { id: 'system', role: null };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  complaintId?: string | null;
  caseId?: string | null;
  change: Record<string, unknown> | null;
}

/** `{ field: { from, to } }` for the fields whose values differ; empty when nothing changed. */
export function diff<T extends object>(
  before: Partial<T>,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    const a = before[key];
    const b = after[key];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same) changes[key] = { from: a ?? null, to: b ?? null };
  }
  return changes;
}

export class AuditService {
  /**
   * Appends an event. The chain is serialised with a transaction-scoped advisory lock on its key,
   * so concurrent writers to one chain queue up instead of forking it.
   */
  async record(tx: EntityManager, actor: Actor, entry: AuditEntry, occurredAt = new Date()): Promise<AuditEvent> {
    const [event] = await this.recordMany(tx, actor, [entry], occurredAt);
    return event;
  }

  /**
   * Appends several events (one chain each or several to a chain) in three statements whatever
   * their number: lock the chains (in key order, so writers cannot deadlock), read their heads,
   * insert. A partner's read of a page of complaints audits them all without a statement per row.
   */
  async recordMany(
    tx: EntityManager,
    actor: Actor,
    entries: readonly AuditEntry[],
    occurredAt = new Date(),
  ): Promise<AuditEvent[]> {
    if (entries.length === 0) return [];
    const keys = entries.map((e) =>
      e.complaintId ? `complaint:${e.complaintId}` : e.caseId ? `case:${e.caseId}` : 'system',
    );
    const distinct = [...new Set(keys)].sort();
    await tx.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k ORDER BY k', [distinct]);
    const heads: { chainKey: string; sequence: number; hash: string }[] = await tx.query(
      `SELECT DISTINCT ON (chain_key) chain_key AS "chainKey", sequence, hash
         FROM audit_events WHERE chain_key = ANY($1::text[]) ORDER BY chain_key, sequence DESC`,
      [distinct],
    );
    const last = new Map(heads.map((h) => [h.chainKey, { sequence: h.sequence, hash: h.hash }]));
    const repository = tx.getRepository(AuditEvent);
    const events = entries.map((entry, i) => {
      const chainKey = keys[i];
      const head = last.get(chainKey) ?? { sequence: 0, hash: null };
      const sequence = head.sequence + 1;
      const digest = changeDigest(entry.change);
      const metadata = {
        chainKey,
        sequence,
        actorId: actor.id,
        actorRole: actor.role,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        occurredAt,
      };
      const hash = eventHash(head.hash, metadata, digest);
      last.set(chainKey, { sequence, hash });
      return repository.create({
        ...metadata,
        complaintId: entry.complaintId ?? null,
        caseId: entry.caseId ?? null,
        change: entry.change,
        changeDigest: digest,
        previousHash: head.hash,
        hash,
      });
    });
    // The values are the events just created; TypeORM's insert type cannot see through the jsonb `change`.
    await repository.insert(events as QueryDeepPartialEntity<AuditEvent>[]);
    return events;
  }
}

export interface ChainReport {
  chains: number;
  events: number;
  broken: { chainKey: string; sequence: number; reason: string }[];
}

/** Checks every hash chain of the audit trail (`npm run audit:verify`). */
export async function verifyAuditTrail(tx: EntityManager): Promise<ChainReport> {
  const rows: StoredEvent[] = await tx.query(
    `SELECT id, chain_key AS "chainKey", sequence, actor_id AS "actorId", actor_role AS "actorRole", action,
            entity_type AS "entityType", entity_id AS "entityId", occurred_at AS "occurredAt", change,
            change_digest AS "changeDigest", previous_hash AS "previousHash", hash,
            redacted_at IS NOT NULL AS redacted
     FROM audit_events ORDER BY chain_key, sequence`,
  );
  const report: ChainReport = { chains: 0, events: rows.length, broken: [] };
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end < rows.length && rows[end].chainKey === rows[start].chainKey) end += 1;
    report.chains += 1;
    const problem = verifyChain(rows.slice(start, end));
    if (problem) report.broken.push({ chainKey: rows[start].chainKey, ...problem });
    start = end;
  }
  return report;
}
