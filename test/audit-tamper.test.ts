/**
 * The audit trail against insiders (SPEC §5, issue 13 point 5): eleven tamperings, by the database's
 * owner or by the application role, each on a sealed trail, each detected by the verifier behind
 * `npm run audit:verify` (or refused outright). Then: appending reads no chain, whatever its length,
 * and partner reads are one event per request that never waits for another read.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from 'typeorm';
import { changeDigest, eventHash } from '../src/domain/audit-chain';
import { ComplaintStatus, Role } from '../src/domain/enums';
import { loadSealSigner, type SealSigner } from '../src/integrations/audit-seal/seal-key';
import { sealAuditTrail, verifyAuditTrail } from '../src/services/audit-seal.service';
import { AuditService, type Actor } from '../src/services/audit.service';
import { totalStatements } from '../src/db/sql-counter';
import { QUEUES } from '../src/integrations/queue/job-queue';
import { createTestDatabase, type TestDatabase, onConnection } from './fixtures/database';
import { startTestGateway } from './fixtures/gateway';
import { waitUntil } from './fixtures/wait';
import { Factory } from './fixtures/factories';

const OFFICER: Actor = { id: 'officer-1', role: Role.CST_OFFICER };
const PROVIDER: Actor = { id: '11111111-1111-4111-8111-111111111111', role: Role.PROVIDER };
const trail = new AuditService();
let dir: string;
let signer: SealSigner;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'audit-seal-'));
  signer = loadSealSigner(path.join(dir, 'seal.key'), { create: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function asOwner<T>(db: TestDatabase, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return onConnection(db.ownerUrl, fn);
}

interface Trail {
  db: TestDatabase;
  /** Two complaints' chains of four events each, and a partner's read chain. */
  keys: string[];
  complaintIds: string[];
  laneKey: string;
}

/** A live trail, sealed, that verifies. */
async function sealedTrail(): Promise<Trail> {
  const db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const complaints = [await f.complaint(), await f.complaint()];
  for (const c of complaints)
    for (let i = 1; i <= 4; i++)
      await db.dataSource.transaction((tx) =>
        trail.record(tx, OFFICER, {
          action: `step.${i}`,
          entityType: 'Complaint',
          entityId: c.id,
          complaintId: c.id,
          change: { step: { from: i - 1, to: i } },
        }),
      );
  const read = await db.dataSource.transaction((tx) =>
    trail.recordPartnerRead(tx, PROVIDER, {
      action: 'partner.read',
      entityType: 'Request',
      entityId: null,
      change: { complaints: complaints.map((c) => c.id), fields: ['Complaint.reference'] },
    }),
  );
  await sealAuditTrail(db.dataSource, signer, new Date());
  const report = await verifyAuditTrail(db.dataSource.manager, { verifier: signer });
  expect(report.broken).toEqual([]);
  expect(report.unsealed).toBe(0);
  return {
    db,
    keys: complaints.map((c) => `complaint:${c.id}`),
    complaintIds: complaints.map((c) => c.id),
    laneKey: read.chainKey,
  };
}

/** The owner rewrites event `sequence` of `key` and every hash after it, and the head, so the chain verifies. */
async function rehash(c: pg.Client, key: string, sequence: number, change: unknown): Promise<void> {
  const { rows } = await c.query(
    `SELECT id, chain_key, sequence, actor_id, actor_role, action, entity_type, entity_id, occurred_at, change,
            previous_hash FROM audit_events WHERE chain_key = $1 ORDER BY sequence`,
    [key],
  );
  let previous: string | null = null;
  for (const e of rows) {
    const value = e.sequence === sequence ? change : e.change;
    const digest = changeDigest(value);
    const metadata = {
      chainKey: e.chain_key,
      sequence: e.sequence,
      actorId: e.actor_id,
      actorRole: e.actor_role,
      action: e.action,
      entityType: e.entity_type,
      entityId: e.entity_id,
      occurredAt: e.occurred_at,
    };
    const hash = eventHash(previous, metadata, digest);
    await c.query(
      `UPDATE audit_events SET change = $2, change_digest = $3, previous_hash = $4, hash = $5 WHERE id = $1`,
      [e.id, JSON.stringify(value), digest, previous, hash],
    );
    previous = hash;
  }
  await c.query('UPDATE audit_chain_heads SET hash = $2 WHERE chain_key = $1', [key, previous]);
}

type Tampering = [name: string, tamper: (t: Trail) => Promise<void>, detected: RegExp];

const app = (sql: string, params: (t: Trail) => unknown[]) => async (t: Trail) => {
  await expect(t.db.dataSource.query(sql, params(t))).rejects.toThrow(/permission denied/);
};
const owner = (sql: string, params: (t: Trail) => unknown[]) => (t: Trail) =>
  asOwner(t.db, async (c) => void (await c.query(sql, params(t))));

const TAMPERINGS: Tampering[] = [
  [
    'the application role edits an event',
    app(`UPDATE audit_events SET change = '{"step": 9}' WHERE chain_key = $1`, (t) => [t.keys[0]]),
    /refused/,
  ],
  [
    'the application role deletes an event',
    app(`DELETE FROM audit_events WHERE chain_key = $1`, (t) => [t.keys[0]]),
    /refused/,
  ],
  [
    "the application role blanks a live complaint's event",
    app(`UPDATE audit_events SET change = NULL, redacted_at = now() WHERE chain_key = $1`, (t) => [t.keys[0]]),
    /refused/,
  ],
  [
    'the owner edits an event',
    owner(`UPDATE audit_events SET change = '{"step": 9}' WHERE chain_key = $1 AND sequence = 2`, (t) => [t.keys[0]]),
    /the change does not match its digest/,
  ],
  [
    "the owner edits an event's metadata",
    owner(`UPDATE audit_events SET actor_id = 'someone' WHERE chain_key = $1 AND sequence = 2`, (t) => [t.keys[0]]),
    /the hash does not match the event/,
  ],
  [
    'the owner deletes an event in the middle',
    owner(`DELETE FROM audit_events WHERE chain_key = $1 AND sequence = 2`, (t) => [t.keys[0]]),
    /an event is missing or out of order/,
  ],
  [
    'the owner reorders two events',
    (t) =>
      asOwner(t.db, async (c) => {
        // Through negative numbers: (chain_key, sequence) is unique at every step.
        await c.query(`UPDATE audit_events SET sequence = -sequence WHERE chain_key = $1 AND sequence IN (2, 3)`, [
          t.keys[0],
        ]);
        await c.query(`UPDATE audit_events SET sequence = 5 + sequence WHERE chain_key = $1 AND sequence < 0`, [
          t.keys[0],
        ]);
      }),
    /previous hash does not match|the hash does not match/,
  ],
  [
    "the owner blanks a live complaint's event",
    owner(`UPDATE audit_events SET change = NULL, redacted_at = now() WHERE chain_key = $1 AND sequence = 2`, (t) => [
      t.keys[0],
    ]),
    /redacted without an anonymisation recorded after it/,
  ],
  [
    'the owner edits an event and recomputes the hashes to the end of the chain',
    (t) => asOwner(t.db, (c) => rehash(c, t.keys[0], 2, { step: { from: 1, to: 9 } })),
    /sealed event 4 has another hash: the chain was re-hashed/,
  ],
  [
    'the owner deletes the last event (and moves the head back)',
    (t) =>
      asOwner(t.db, async (c) => {
        await c.query(`DELETE FROM audit_events WHERE chain_key = $1 AND sequence = 4`, [t.keys[0]]);
        const { rows } = await c.query(`SELECT hash FROM audit_events WHERE chain_key = $1 AND sequence = 3`, [
          t.keys[0],
        ]);
        await c.query(`UPDATE audit_chain_heads SET sequence = 3, hash = $2 WHERE chain_key = $1`, [
          t.keys[0],
          rows[0].hash,
        ]);
      }),
    /sealed event 4 is gone: the chain was truncated or deleted/,
  ],
  [
    "the owner deletes a complaint's whole chain (and its head)",
    (t) =>
      asOwner(t.db, async (c) => {
        await c.query(`DELETE FROM audit_events WHERE chain_key = $1`, [t.keys[1]]);
        await c.query(`DELETE FROM audit_chain_heads WHERE chain_key = $1`, [t.keys[1]]);
      }),
    /sealed event 4 is gone/,
  ],
];

describe('eleven tamperings with a sealed audit trail', () => {
  it.each(TAMPERINGS)('%s: detected', { timeout: 120_000 }, async (_name, tamper, detected) => {
    const t = await sealedTrail();
    try {
      await tamper(t);
      const report = await verifyAuditTrail(t.db.dataSource.manager, { verifier: signer });
      // A refused tampering changed nothing: the trail still holds.
      if (detected.source === 'refused') expect(report.broken).toEqual([]);
      else expect(report.broken.map((b) => b.reason).join('\n')).toMatch(detected);
    } finally {
      await t.db.drop();
    }
  });

  it(
    'also detects a deleted partner read, a checkpoint removed from the middle and a checkpoint re-signed',
    {
      timeout: 120_000,
    },
    async () => {
      const t = await sealedTrail();
      try {
        const check = async () =>
          (await verifyAuditTrail(t.db.dataSource.manager, { verifier: signer })).broken
            .map((b) => b.reason)
            .join('\n');
        await asOwner(t.db, (c) => c.query(`DELETE FROM audit_events WHERE chain_key = $1`, [t.laneKey]));
        expect(await check()).toMatch(/sealed event 1 is gone/);

        // A second and third checkpoint; the owner removes the second.
        await t.db.dataSource.transaction((tx) =>
          trail.record(tx, OFFICER, {
            action: 'x',
            entityType: 'Complaint',
            entityId: null,
            complaintId: t.complaintIds[0],
            change: null,
          }),
        );
        await sealAuditTrail(t.db.dataSource, signer, new Date());
        await sealAuditTrail(t.db.dataSource, signer, new Date());
        await asOwner(t.db, async (c) => {
          await c.query('DELETE FROM audit_checkpoint_heads WHERE checkpoint = 2');
          await c.query('DELETE FROM audit_checkpoints WHERE sequence = 2');
        });
        expect(await check()).toMatch(/expected checkpoint 2: a checkpoint is missing/);

        // Re-sealed with a key of the owner's own: not the configured key.
        const forger = loadSealSigner(path.join(dir, 'forged.key'), { create: true });
        await sealAuditTrail(t.db.dataSource, forger, new Date());
        expect(await check()).toMatch(/which is not the configured seal key/);
      } finally {
        await t.db.drop();
      }
    },
  );

  it(
    'lets retention redact only through its function, for complaints past retention',
    { timeout: 120_000 },
    async () => {
      const t = await sealedTrail();
      try {
        // A live complaint: refused even through the function.
        await expect(
          t.db.dataSource.query('SELECT redact_complaint_audit($1, 6, now())', [t.complaintIds[0]]),
        ).rejects.toThrow(/is not past retention/);
        const [{ n }] = await t.db.dataSource.query(
          'SELECT count(*)::int AS n FROM audit_events WHERE redacted_at IS NOT NULL',
        );
        expect(n).toBe(0);
        // Past retention and anonymised: redacted, and the redaction recorded.
        const closed = new Date('2015-03-01T12:00:00Z');
        await asOwner(t.db, (c) =>
          c.query(`UPDATE complaints SET status = $2, closed_at = $3, anonymised_at = now() WHERE id = $1`, [
            t.complaintIds[1],
            ComplaintStatus.CLOSED,
            closed,
          ]),
        );
        const [{ r }] = await t.db.dataSource.query('SELECT redact_complaint_audit($1, 6, now()) AS r', [
          t.complaintIds[1],
        ]);
        expect(r).toEqual([1, 2, 3, 4]);
        const log = await t.db.dataSource.query('SELECT complaint_id, sequences FROM audit_redactions');
        expect(log).toEqual([{ complaint_id: t.complaintIds[1], sequences: [1, 2, 3, 4] }]);
        await expect(t.db.dataSource.query('DELETE FROM audit_redactions')).rejects.toThrow(/permission denied/);
        // Until the anonymisation event names them, the redacted events do not verify.
        const report = await verifyAuditTrail(t.db.dataSource.manager, { verifier: signer });
        expect(report.broken.map((b) => b.reason)).toContain('redacted without an anonymisation recorded after it');
        await t.db.dataSource.transaction((tx) =>
          trail.record(tx, OFFICER, {
            action: 'complaint.anonymised',
            entityType: 'Complaint',
            entityId: t.complaintIds[1],
            complaintId: t.complaintIds[1],
            change: { redactedEvents: 4, redactedSequences: r },
          }),
        );
        expect((await verifyAuditTrail(t.db.dataSource.manager, { verifier: signer })).broken).toEqual([]);
      } finally {
        await t.db.drop();
      }
    },
  );
});

describe('appending', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Operation?: string; Plans?: PlanNode[] };
  const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

  /** The statements one append runs, each with the plan PostgreSQL would use for it. */
  async function appendPlans(complaintId: string) {
    const seen: { sql: string; params: unknown[] }[] = [];
    const before = totalStatements();
    await db.dataSource.transaction(async (tx) => {
      const spy = new Proxy(tx, {
        get: (target, key) =>
          key === 'query'
            ? (sql: string, params: unknown[]) => {
                seen.push({ sql, params });
                return target.query(sql, params);
              }
            : Reflect.get(target, key),
      });
      await trail.record(spy, OFFICER, {
        action: 'a',
        entityType: 'Complaint',
        entityId: null,
        complaintId,
        change: {},
      });
    });
    const statements = totalStatements() - before - 2; // without BEGIN and COMMIT
    const plans: PlanNode[] = [];
    for (const { sql, params } of seen) {
      const [row] = await db.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      plans.push(row['QUERY PLAN'][0].Plan);
    }
    return { statements, plans };
  }

  it('costs the same statements, none reading the chain, at 1 event and at 300', { timeout: 120_000 }, async () => {
    const c = await new Factory(db.dataSource).complaint();
    const first = await appendPlans(c.id);
    await db.dataSource.transaction((tx) =>
      trail.recordMany(
        tx,
        OFFICER,
        Array.from({ length: 300 }, (_, i) => ({
          action: `a${i}`,
          entityType: 'Complaint',
          entityId: null,
          complaintId: c.id,
          change: { i },
        })),
      ),
    );
    const later = await appendPlans(c.id);
    expect(later.statements).toBe(first.statements);
    expect(later.statements).toBe(2);
    for (const plan of later.plans) {
      // The events table is only inserted into: never scanned (nor sorted) for the chain's head.
      const touching = nodes(plan).filter((n) => n['Relation Name'] === 'audit_events');
      expect(touching.map((n) => `${n['Node Type']} ${n.Operation}`)).toEqual(
        touching.length ? ['ModifyTable Insert'] : [],
      );
    }
    const [{ sequence }] = await db.dataSource.query('SELECT sequence FROM audit_chain_heads WHERE chain_key = $1', [
      `complaint:${c.id}`,
    ]);
    expect(sequence).toBe(302);
    expect((await verifyAuditTrail(db.dataSource.manager)).broken).toEqual([]);
  });

  it("records a partner's concurrent reads without either waiting for the other", { timeout: 120_000 }, async () => {
    const read = (tx: EntityManager) =>
      trail.recordPartnerRead(tx, PROVIDER, {
        action: 'partner.read',
        entityType: 'Request',
        entityId: null,
        change: { fields: ['Complaint.reference'] },
      });
    const holder = db.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      const held = await read(holder.manager);
      // While the first read's transaction is open, a second one must not wait at all: a lock wait fails it.
      const other = await db.dataSource.transaction(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = '50ms'`);
        return read(tx);
      });
      expect(other.chainKey).not.toBe(held.chainKey);
      expect(other.chainKey.startsWith(`partner:${PROVIDER.role}:${PROVIDER.id}:`)).toBe(true);
      await holder.commitTransaction();
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    // Once both are done, the next read takes an existing lane again: lanes grow only with concurrency.
    const third = await db.dataSource.transaction(read);
    const lanes = await db.dataSource.query(`SELECT chain_key FROM audit_chain_heads WHERE lane_of IS NOT NULL`);
    expect(lanes.map((l: { chain_key: string }) => l.chain_key)).toContain(third.chainKey);
    expect(lanes).toHaveLength(2);
    expect((await verifyAuditTrail(db.dataSource.manager)).broken).toEqual([]);
  });

  it("chains a partner's reads in one lane, the database hashing each after the one before", async () => {
    const system: Actor = { id: randomUUID(), role: Role.HR_SYSTEM };
    const read = (entityId: string) => (tx: EntityManager) =>
      trail.recordPartnerRead(tx, system, {
        action: 'partner.read',
        entityType: 'Request',
        entityId,
        change: { fields: ['Staff.lastName', 'Staff.email'], note: 'quotes " and \\ and \n and ; survive' },
      });
    const first = await db.dataSource.transaction(read(randomUUID()));
    const second = await db.dataSource.transaction(read(randomUUID()));
    expect(second.chainKey).toBe(first.chainKey);
    expect([first.sequence, second.sequence]).toEqual([1, 2]);
    expect(second.previousHash).toBe(first.hash);
    const { chainKey, sequence, actorId, actorRole, action, entityType, entityId, occurredAt } = second;
    const metadata = { chainKey, sequence, actorId, actorRole, action, entityType, entityId, occurredAt };
    expect(second.hash).toBe(eventHash(first.hash, metadata, second.changeDigest));
    // With many lanes (as many as reads were ever in flight at once), a read still takes one and writes one event.
    await db.dataSource.query(
      `INSERT INTO audit_chain_heads (chain_key, sequence, hash, lane_of)
       SELECT $1 || ':' || gen_random_uuid(), 0, NULL, $2 FROM generate_series(1, 50)`,
      [`partner:${system.role}:${system.id}`, `${system.role}:${system.id}`],
    );
    const counts = () =>
      db.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1`, [system.id]);
    const [{ n: before }] = await counts();
    for (let i = 0; i < 3; i++) await db.dataSource.transaction(read(randomUUID()));
    expect((await counts())[0].n).toBe(before + 3);
    // Reads at once, each in a transaction of its own: one event each, every lane a chain that holds.
    await Promise.all(Array.from({ length: 40 }, () => db.dataSource.transaction(read(randomUUID()))));
    expect((await counts())[0].n).toBe(before + 43);
    const [head] = await db.dataSource.query('SELECT sequence, hash FROM audit_chain_heads WHERE chain_key = $1', [
      chainKey,
    ]);
    expect(head.sequence).toBeGreaterThanOrEqual(2);
    expect((await verifyAuditTrail(db.dataSource.manager)).broken).toEqual([]);
  });
});

describe('sealing in the workers', () => {
  it(
    'is scheduled on AUDIT_SEAL_SCHEDULE, and a sealing job signs a checkpoint that verifies',
    { timeout: 240_000 },
    async () => {
      const keyFile = path.join(dir, 'workers.key');
      const key = loadSealSigner(keyFile, { create: true }); // as an operator provides it
      const db = await createTestDatabase();
      const gw = await startTestGateway(db, {
        env: { WORKERS: 'on', AUDIT_SEAL_SCHEDULE: '*/5 * * * *', AUDIT_SEAL_KEY_FILE: keyFile },
      });
      try {
        await new Factory(db.dataSource).complaint();
        const [schedule] = await asOwner(
          db,
          async (c) =>
            (await c.query(`SELECT cron, timezone FROM pgboss.schedule WHERE name = $1`, [QUEUES.auditSeal])).rows,
        );
        expect(schedule).toEqual({ cron: '*/5 * * * *', timezone: 'Europe/London' });
        // What the schedule sends at each time it names: a job on the sealing queue.
        await db.dataSource.transaction((tx) => gw.workers.queue.enqueue(tx, QUEUES.auditSeal, {}));
        await waitUntil(
          'a checkpoint sealed by the workers',
          async () => (await db.dataSource.query('SELECT count(*)::int AS n FROM audit_checkpoints'))[0].n,
          (n) => n > 0,
        );
        const report = await verifyAuditTrail(db.dataSource.manager, { verifier: key, maxUnsealedMinutes: 60 });
        expect(report.broken).toEqual([]);
        expect(report.checkpoints).toBeGreaterThan(0);
        expect(report.unsealed).toBe(0);
      } finally {
        await gw.stop();
        await db.drop();
      }
    },
  );
});
