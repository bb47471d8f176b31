/**
 * The read replica (SPEC §6, DATABASE_REPLICA_URL): a query operation by staff reads on one connection
 * to a streaming standby; everything else uses the primary. TypeORM's replication support carries it:
 * the data source is `replication: { master, slaves: [], defaultMode: 'master' }`, so nothing reads
 * from a slave unless it asks for one (a QueryBuilder's getMany would otherwise), and the request's
 * runner is a 'slave' one. The slave pool is added to `driver.slaves` here, once the replica answers,
 * not listed in the options: TypeORM's initialize() makes a trial connection to every slave it is given
 * and fails when one is down, and the replica must never stop the gateway from starting.
 *
 * TypeORM has no failover: here a connection error on the replica, when the connection is taken or
 * before anything was answered on it, sends the request to the primary; later requests read from the
 * primary (one warning per episode) while the replica is tried again in the background at most every
 * RETRY_MS, and read from it again once it answers.
 */
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { isConnectionError } from './connection-errors';
import { keepPoolClientErrorsHandled } from './data-source';

/** How often, at most, an unreachable replica is tried again. */
export const REPLICA_RETRY_MS = 1000;

/** PostgreSQL's "cannot execute … in a read-only transaction": a write sent to the standby. */
const READ_ONLY_SQL_TRANSACTION = '25006';

export interface ReplicaNotes {
  /** The replica became unreachable (once per episode). */
  onProblem?: (message: string, detail: Record<string, unknown>) => void;
  /** The replica answers again. */
  onNotice?: (message: string, detail: Record<string, unknown>) => void;
}

function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

function reason(error: unknown): string {
  return error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
}

/** The replica of a data source: its pool, whether it is reachable, and a runner per request. */
export class ReplicaReads {
  private pool: pg.Pool | null = null;
  /** When the current episode of unreachability began; null while the replica answers. */
  private downSince: number | null = null;
  private retryAt = 0;
  private probing: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    readonly url: string,
    private readonly notes: ReplicaNotes = {},
  ) {}

  private get driver(): PostgresDriver {
    return this.dataSource.driver as PostgresDriver;
  }

  /** Tries the replica once (start-up): unreachable, it is a warning and reads go to the primary. */
  async start(): Promise<void> {
    await this.probe();
  }

  /** Whether a request may read from the replica now; when not, it is tried again in the background. */
  usable(): boolean {
    if (this.pool && this.downSince === null) return true;
    if (!this.probing && Date.now() >= this.retryAt) {
      this.probing = this.probe().finally(() => (this.probing = null));
    }
    return false;
  }

  /** A connection to the replica was refused or lost: the primary serves reads until it answers again. */
  failed(error: unknown): void {
    this.retryAt = Date.now() + REPLICA_RETRY_MS;
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    this.notes.onProblem?.('read replica unreachable: queries read from the primary', {
      replica: where(this.url),
      error: reason(error),
    });
  }

  /** A runner for one request's reads: on the replica when it is usable, else the primary (see ReplicaRunner). */
  runner(): ReplicaRunner {
    const runner = new ReplicaRunner(this.driver, this);
    Object.assign(runner, { manager: this.dataSource.createEntityManager(runner) });
    return runner;
  }

  /** The pool is made (and added to the driver's slaves) on the first connection that succeeds. */
  private async probe(): Promise<void> {
    try {
      const pool = this.pool ?? this.createPool();
      const client = await pool.connect();
      client.release();
      if (!this.pool) {
        this.pool = pool;
        keepPoolClientErrorsHandled(pool);
        this.driver.slaves.push(pool);
      }
      if (this.downSince !== null) {
        const downMs = Date.now() - this.downSince;
        this.notes.onNotice?.('read replica reachable again: queries read from it', {
          replica: where(this.url),
          downMs,
        });
      }
      this.downSince = null;
    } catch (error) {
      this.failed(error);
    }
  }

  private createPool(): pg.Pool {
    const extra = (this.dataSource.options as { extra?: pg.PoolConfig }).extra ?? {};
    // A pool whose first connection failed holds nothing open: it is left to be collected.
    const pool = new pg.Pool({ ...extra, connectionString: this.url });
    // An idle connection the replica ends is the pool's to drop; without a listener it would end the process.
    pool.on('error', () => undefined);
    return pool;
  }
}

/**
 * One request's connection for reading, connected when first used and released when the request
 * ends: a 'slave' runner on the replica while it is usable. Moved to the primary, for the rest of the
 * request, when the replica cannot be reached, when its connection fails before anything was answered
 * on it, and when something is written (the standby refuses it with 25006, or a transaction starts).
 */
export class ReplicaRunner extends PostgresQueryRunner {
  /** Whether a statement was answered on the replica: from then on a lost connection is an error. */
  private answered = false;
  private replicaConnection: unknown = null;
  /** Whether the request has ended (released its runner). */
  private ended = false;
  /** Listens on the replica's connection while this request has it (taken off when it is given back). */
  private readonly onLost = (error: unknown) => this.lostReplica(error);
  private connecting: Promise<unknown> | null = null;

  constructor(
    driver: PostgresDriver,
    private readonly replica: ReplicaReads,
  ) {
    super(driver, 'slave');
  }

  /** Whether the request reads from the replica (so far). */
  get onReplica(): boolean {
    return this.mode === 'slave';
  }

  override connect(): Promise<any> {
    if (this.databaseConnection) return Promise.resolve(this.databaseConnection);
    this.connecting ??= this.open();
    return this.connecting;
  }

  private async open(): Promise<unknown> {
    if (this.mode === 'slave' && this.replica.usable()) {
      try {
        const connection = (this.replicaConnection = await super.connect());
        (connection as pg.ClientBase).on('error', this.onLost);
        return connection;
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        this.replica.failed(error);
        this.databaseConnectionPromise = undefined as unknown as Promise<unknown>;
      }
    }
    this.mode = 'master';
    return super.connect();
  }

  override async query(query: string, parameters?: unknown[], structured?: boolean): Promise<any> {
    return this.use(() => super.query(query, parameters, structured));
  }

  override async startTransaction(isolationLevel?: Parameters<PostgresQueryRunner['startTransaction']>[0]) {
    // A transaction is for writing: the request goes on on the primary.
    if (this.onReplica && !this.isTransactionActive) this.toPrimary();
    return super.startTransaction(isolationLevel);
  }

  /**
   * Runs `work` on the request's connection (src/db/prepared.ts sends its statements this way too),
   * again on the primary when the replica failed it in a way that allows (see `moved`).
   */
  async use<T>(work: (client: any) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      const result = await work(client);
      if (client === this.replicaConnection) this.answered = true;
      return result;
    } catch (error) {
      if (!(await this.moved(error, client))) throw error;
      return work(await this.connect());
    }
  }

  override release(): Promise<void> {
    this.ended = true;
    this.stopListening();
    return super.release();
  }

  /**
   * The replica's connection emitted an error (it was terminated, the standby stopped). The base runner
   * has already marked itself released, which every EntityManager method refuses: when nothing was
   * answered on it yet, the request goes on on the primary; else what follows fails as a lost connection.
   */
  private lostReplica(error: unknown): void {
    this.replica.failed(error);
    if (!this.ended && !this.answered) this.toPrimary();
  }

  private stopListening(): void {
    (this.replicaConnection as pg.ClientBase | null)?.removeListener('error', this.onLost);
  }

  /** Whether the request was moved to the primary after `error` on the replica's connection `client`. */
  private async moved(error: unknown, client: unknown): Promise<boolean> {
    if (client !== this.replicaConnection) return false;
    const code = (error as { code?: unknown }).code;
    if (code === READ_ONLY_SQL_TRANSACTION) {
      this.toPrimary();
      return true;
    }
    if (!isConnectionError(error)) return false;
    this.replica.failed(error);
    if (this.answered) return false;
    this.toPrimary(error);
    return true;
  }

  /** Gives the replica's connection back (to be discarded after `error`) and goes on on the primary. */
  private toPrimary(error?: unknown): void {
    if (!this.onReplica) return;
    this.mode = 'master';
    this.stopListening();
    // The base runner gives back a connection that emitted 'error' itself (and marks itself released).
    this.releaseCallback?.(error);
    this.releaseCallback = undefined;
    const connected = this.driver.connectedQueryRunners;
    if (connected.includes(this)) connected.splice(connected.indexOf(this), 1);
    Object.assign(this, {
      isReleased: false,
      databaseConnection: undefined,
      databaseConnectionPromise: undefined,
      connecting: null,
    });
  }
}
