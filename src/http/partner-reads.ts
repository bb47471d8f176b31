/**
 * Partner requests (SPEC §3, §5): a provider's request runs in one transaction, opened once its
 * operation is valid, that sets `app.provider_id`, so PostgreSQL's row-level security holds even
 * where an application filter were forgotten; and every read of personal data by a partner
 * (provider, HR system, case system) is audited — one event per request, naming the complaints and
 * cases whose data went out, the fields and the records — before the response leaves the gateway.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Identity } from '../auth/identity';
import { Role } from '../domain/enums';
import { isId } from '../domain/validation';
import type { Actor, AuditEntry, AuditService } from '../services/audit.service';

type Path = GraphQLResolveInfo['path'];

const PARTNER_ROLES: ReadonlySet<Role> = new Set([Role.PROVIDER, Role.HR_SYSTEM, Role.CASE_SYSTEM]);

/** Types whose data is not about anyone (reference data, the caller, paging): not audited. */
const NOT_PERSONAL = new Set(['Query', 'Me', 'Provider', 'Court', 'ServiceArea', 'PageInfo']);

interface Chain {
  complaintId?: string;
  caseId?: string;
}

/** The complaint or case an object's data belongs to, when the object says so itself. */
function ownChain(type: string, source: Record<string, unknown>): Chain | null {
  if (type === 'Complaint' && typeof source.id === 'string') return { complaintId: source.id };
  if (typeof source.complaintId === 'string') return { complaintId: source.complaintId };
  if (type === 'Case' && typeof source.id === 'string') return { caseId: source.id };
  return null;
}

/**
 * Whether a partner's reads of an object of `type` found at the root (Relay's `node`), with nothing above
 * it, are audited as `ownChain` attributes them: it is about no one, or names its complaint or case itself.
 * `properties`: its columns.
 */
export function auditedAtRoot(type: string, properties: readonly string[]): boolean {
  return NOT_PERSONAL.has(type) || type === 'Complaint' || type === 'Case' || properties.includes('complaintId');
}

interface Read {
  chain: Chain;
  fields: Set<string>;
  records: Set<string>;
}

/** What a partner's request read: fields and records, grouped by the complaint or case they belong to. */
export class ReadLog {
  /**
   * The chain of the object at each path (inherited by what is nested in it). graphql-js hands every
   * field of an object the same path object as `path.prev`, so paths are keys as they are.
   */
  private readonly objects = new Map<Path, { chain: Chain; read: Read }>();
  private readonly reads = new Map<string, Read>();

  /**
   * Called for every field resolved in the request (by the auth checker, which every field passes),
   * with the field's coordinate (`Type.field`).
   */
  note(info: GraphQLResolveInfo, source: unknown, coordinate: string): void {
    const type = info.parentType.name;
    if (NOT_PERSONAL.has(type) || !source || typeof source !== 'object') return;
    const at = info.path.prev!;
    let seen = this.objects.get(at);
    if (!seen) {
      // The object's first field: its chain (inside a complaint, everything read, its case number too,
      // belongs to that complaint's chain) and its record, noted once for all its fields.
      const object = source as Record<string, unknown>;
      const chain = this.inherited(at) ?? ownChain(type, object);
      if (!chain) return;
      seen = { chain, read: this.readOf(chain) };
      this.objects.set(at, seen);
      if (typeof object.id === 'string') seen.read.records.add(`${type}:${object.id}`);
    }
    seen.read.fields.add(coordinate);
  }

  private readOf(chain: Chain): Read {
    const id = chain.complaintId ? `complaint:${chain.complaintId}` : `case:${chain.caseId}`;
    let read = this.reads.get(id);
    if (!read) this.reads.set(id, (read = { chain, fields: new Set(), records: new Set() }));
    return read;
  }

  private inherited(path: Path): Chain | null {
    for (let p = path.prev; p; p = p.prev) {
      const seen = this.objects.get(p);
      if (seen) return seen.chain;
    }
    return null;
  }

  get empty(): boolean {
    return this.reads.size === 0;
  }

  /**
   * The one `partner.read` audit event of the request (SPEC §5), for the partner's own chain (one
   * statement, and no lock another read waits for: AuditService.recordPartnerRead), naming the
   * complaints and cases read, the fields and the records. `complaintId`/`caseId` are set when the
   * request read one complaint (or one case), so a single record's reads are found by it.
   */
  entry(): AuditEntry {
    const reads = [...this.reads.values()];
    const complaints = reads.flatMap(({ chain }) => (chain.complaintId ? [chain.complaintId] : [])).sort();
    const cases = reads.flatMap(({ chain }) => (chain.caseId ? [chain.caseId] : [])).sort();
    const fields = new Set(reads.flatMap((r) => [...r.fields]));
    const records = new Set(reads.flatMap((r) => [...r.records]));
    const only = reads.length === 1 ? reads[0].chain : null;
    return {
      action: 'partner.read',
      entityType: only?.complaintId ? 'Complaint' : only?.caseId ? 'Case' : 'Request',
      entityId: only?.complaintId ?? only?.caseId ?? null,
      complaintId: only?.complaintId ?? null,
      caseId: only?.caseId ?? null,
      change: { complaints, cases, fields: [...fields].sort(), records: [...records].sort() },
    };
  }
}

/**
 * Opens the provider's transaction and sets its row scope in one round trip: one simple-protocol query
 * string (which takes no parameters, so the id is checked to be a uuid before it is written into it).
 * TypeORM's runner is then told its transaction is open, as its own `startTransaction` would have, so
 * a mutation's `transaction` nests in a savepoint, and the COMMIT `finish` sends ends it.
 */
async function openScopedTransaction(runner: QueryRunner, providerId: string | null | undefined): Promise<void> {
  if (!isId(providerId)) throw new Error('a provider identity without a provider id');
  // Marked open first, as TypeORM does: should the query fail after BEGIN, the caller rolls it back.
  Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
  await runner.query(`START TRANSACTION; SELECT set_config('app.provider_id', '${providerId}', true)`);
}

/** A partner's request: its read log and, for a provider, its transaction. */
export class PartnerSession {
  readonly reads = new ReadLog();
  /** A provider's connection for its one transaction (connected by `begin`); null for the other partners. */
  private readonly runner: QueryRunner | null;
  private begun = false;

  constructor(
    private readonly dataSource: DataSource,
    readonly identity: Identity,
    private readonly trail: AuditService,
  ) {
    this.runner = identity.role === Role.PROVIDER ? dataSource.createQueryRunner() : null;
  }

  private get actor(): Actor {
    return { id: this.identity.subject, role: this.identity.role };
  }

  static isPartner(identity: Identity | null): identity is Identity {
    return identity !== null && PARTNER_ROLES.has(identity.role);
  }

  /**
   * What the request reads with, fixed when the request's context is built: a provider's own
   * transaction (opened by `begin`), else the data source's manager.
   */
  get em(): EntityManager {
    return this.runner?.manager ?? this.dataSource.manager;
  }

  /**
   * Called once the operation is resolved (after parsing and validation, so a rejected request runs no SQL):
   * a provider's transaction opens and sets `app.provider_id` for row-level security.
   */
  async begin(): Promise<void> {
    const runner = this.runner;
    if (!runner || this.begun) return;
    this.begun = true;
    try {
      await runner.connect();
      await openScopedTransaction(runner, this.identity.providerId);
    } catch (error) {
      // Never hand the pool a connection still inside a transaction.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
      throw error;
    }
  }

  /** The provider's transaction, when one is open: its mutations run inside it (in a savepoint). */
  get transaction(): EntityManager | null {
    return this.runner && !this.runner.isReleased && this.runner.isTransactionActive ? this.runner.manager : null;
  }

  /**
   * A provider's mutation finds the provider's own rows under row-level security; what the gateway
   * writes in consequence (the draft, the audit trail, notifications to the CST) is written as the
   * gateway, with the application's row scoping alone. `restoreProviderScope` puts the setting back.
   */
  async actAsGateway(tx: EntityManager): Promise<void> {
    await tx.query("SELECT set_config('app.provider_id', '', true)");
  }

  async restoreProviderScope(tx: EntityManager): Promise<void> {
    await tx.query("SELECT set_config('app.provider_id', $1, true)", [this.identity.providerId]);
  }

  /**
   * Audits what was read and ends the transaction. Throws when the audit cannot be written: the
   * caller then withholds the response.
   */
  async finish(at: Date): Promise<void> {
    const runner = this.runner;
    try {
      if (runner && !runner.isReleased && runner.isTransactionActive) {
        // The audit and COMMIT in one round trip (the simple protocol: the audit's values are literals in it).
        // The audit is written as the gateway, not the provider: the append clears the scope for itself.
        // Should the audit fail, PostgreSQL runs nothing after it and the transaction is rolled back below.
        const audit = this.reads.empty ? '' : `${this.trail.partnerReadSql(this.actor, this.reads.entry(), at)}; `;
        await runner.query(`${audit}COMMIT`);
        Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
      } else if (!this.reads.empty) {
        // One statement: atomic without a transaction of its own.
        await this.trail.recordPartnerRead(this.dataSource.manager, this.actor, this.reads.entry(), at);
      }
    } finally {
      await this.abandon(); // rolls back only what was not committed
    }
  }

  /** Ends the session: rolls back what was not committed and releases the connection. */
  async abandon(): Promise<void> {
    if (!this.runner || this.runner.isReleased) return;
    if (this.runner.isTransactionActive) await this.runner.rollbackTransaction().catch(() => undefined);
    await this.runner.release();
  }
}
