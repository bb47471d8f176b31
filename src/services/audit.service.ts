/** Writes audit events (SPEC §5) in the caller's transaction, appended to the complaint's or case's hash chain. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { changeDigest, eventHash, eventHashTemplate } from '../domain/audit-chain';
import type { Role } from '../domain/enums';
import { AuditEvent } from '../entities';
import { sqlLiteral } from '../db/sql-literal';

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

/** The columns of an appended event, as `jsonb_to_recordset` reads them (one statement for any number). */
const EVENT_COLUMNS = `id uuid, chain_key text, sequence integer, actor_id text, actor_role role, action text,
  entity_type text, entity_id uuid, complaint_id uuid, case_id uuid, change jsonb, change_digest text,
  previous_hash text, hash text, occurred_at timestamptz`;

type Head = { sequence: number; hash: string | null };

/** A partner's read in one statement: the function (migration PartnerReadAppend) takes a lane and appends. */
const PARTNER_READ = `SELECT lane_key AS "chainKey", lane_sequence AS sequence, previous AS "previousHash",
  event_hash AS hash FROM append_partner_read($1, $2, $3, $4, $5, $6)`;

/** The arguments of `append_partner_read` for a partner's read: lane, new lane key, hash template, event. */
function partnerRead(actor: Actor, entry: AuditEntry, occurredAt: Date) {
  const lane = `${actor.role}:${actor.id}`;
  const digest = changeDigest(entry.change);
  const metadata = {
    actorId: actor.id,
    actorRole: actor.role,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    occurredAt,
  };
  const { before, between, after } = eventHashTemplate(metadata, digest);
  const row = {
    id: randomUUID(),
    actor_id: actor.id,
    actor_role: actor.role,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    complaint_id: entry.complaintId ?? null,
    case_id: entry.caseId ?? null,
    change: entry.change,
    change_digest: digest,
    occurred_at: occurredAt.toISOString(),
  };
  const args = [lane, `partner:${lane}:${randomUUID()}`, before, between, after, JSON.stringify(row)];
  return { metadata, row, args };
}

export class AuditService {
  /**
   * Appends an event. Each chain's head (`audit_chain_heads`: its last sequence and hash) is locked
   * and moved on in the caller's transaction, so concurrent writers to one chain queue up instead of
   * forking it, and an append reads one row whatever the chain's length.
   */
  async record(tx: EntityManager, actor: Actor, entry: AuditEntry, occurredAt = new Date()): Promise<AuditEvent> {
    const [event] = await this.recordMany(tx, actor, [entry], occurredAt);
    return event;
  }

  /**
   * Appends several events (one chain each or several to a chain) in two statements whatever their
   * number: lock and read the chains' heads (creating those of new chains; in key order, so writers
   * cannot deadlock), then insert the events and move the heads on.
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
    // ON CONFLICT DO UPDATE locks an existing head (waiting for a writer that holds it) and returns it as
    // committed; a new chain's head is inserted, and a concurrent first writer waits on that insert.
    const heads: ({ chainKey: string } & Head)[] = await tx.query(
      `INSERT INTO audit_chain_heads (chain_key, sequence, hash)
       SELECT k, 0, NULL FROM unnest($1::text[]) AS k ORDER BY k
       ON CONFLICT (chain_key) DO UPDATE SET sequence = audit_chain_heads.sequence
       RETURNING chain_key AS "chainKey", sequence, hash`,
      [distinct],
    );
    const last = new Map(heads.map((h) => [h.chainKey, { sequence: h.sequence, hash: h.hash }]));
    const events = entries.map((entry, i) => this.build(actor, entry, keys[i], last, occurredAt));
    await this.append(tx, events);
    return events;
  }

  /**
   * A partner's read (SPEC §5): one event per request, in a chain of that partner's own, without a
   * lock that serialises its concurrent reads. A partner's chain has lanes (`lane_of`): the read
   * takes the first lane no other transaction holds (SKIP LOCKED), or opens a new one when all are
   * busy, so no read waits for another; a partner has as many lanes as it ever had reads in flight.
   * One statement (`append_partner_read`, which clears the provider's row scope for itself): the lane's
   * head is taken and moved on and the event appended, hashed by PostgreSQL from the lane's head and
   * the text `eventHashTemplate` gives.
   */
  async recordPartnerRead(
    tx: EntityManager,
    actor: Actor,
    entry: AuditEntry,
    occurredAt = new Date(),
  ): Promise<AuditEvent> {
    const { metadata, row, args } = partnerRead(actor, entry, occurredAt);
    const [appended]: { chainKey: string; sequence: number; previousHash: string | null; hash: string }[] =
      await tx.query(PARTNER_READ, args);
    return Object.assign(new AuditEvent(), {
      ...metadata,
      ...appended,
      id: row.id,
      complaintId: row.complaint_id,
      caseId: row.case_id,
      change: entry.change,
      changeDigest: row.change_digest,
      redactedAt: null,
    });
  }

  /**
   * `recordPartnerRead`'s statement as one SQL text, its values written in as literals, for a caller
   * that sends it with other statements in one round trip (a provider's transaction: it and COMMIT).
   */
  partnerReadSql(actor: Actor, entry: AuditEntry, occurredAt = new Date()): string {
    const { args } = partnerRead(actor, entry, occurredAt);
    return `SELECT append_partner_read(${args.map(sqlLiteral).join(', ')})`;
  }

  /** The next event of `chainKey` after its head in `last`, which it then becomes. */
  private build(actor: Actor, entry: AuditEntry, chainKey: string, last: Map<string, Head>, occurredAt: Date) {
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
    return Object.assign(new AuditEvent(), {
      ...metadata,
      id: randomUUID(),
      complaintId: entry.complaintId ?? null,
      caseId: entry.caseId ?? null,
      change: entry.change,
      changeDigest: digest,
      previousHash: head.hash,
      hash,
      redactedAt: null,
    });
  }

  /** Inserts the events and moves their chains' heads (locked by the caller) to the last of them: one statement. */
  private async append(tx: EntityManager, events: readonly AuditEvent[]): Promise<void> {
    const rows = events.map((e) => ({
      id: e.id,
      chain_key: e.chainKey,
      sequence: e.sequence,
      actor_id: e.actorId,
      actor_role: e.actorRole,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      complaint_id: e.complaintId,
      case_id: e.caseId,
      change: e.change,
      change_digest: e.changeDigest,
      previous_hash: e.previousHash,
      hash: e.hash,
      occurred_at: e.occurredAt.toISOString(),
    }));
    await tx.query(
      `WITH appended AS (
         INSERT INTO audit_events (id, chain_key, sequence, actor_id, actor_role, action, entity_type, entity_id,
                                   complaint_id, case_id, change, change_digest, previous_hash, hash, occurred_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(${EVENT_COLUMNS})
         RETURNING chain_key, sequence, hash
       )
       UPDATE audit_chain_heads h SET sequence = a.sequence, hash = a.hash
       FROM (SELECT DISTINCT ON (chain_key) chain_key, sequence, hash FROM appended ORDER BY chain_key, sequence DESC) a
       WHERE h.chain_key = a.chain_key`,
      [JSON.stringify(rows)],
    );
  }
}

// Verification and sealing live with the checkpoints; the verifier keeps its old import path.
export { verifyAuditTrail, type AuditReport } from './audit-seal.service';
