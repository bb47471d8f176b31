/**
 * Generated reads sent as named (prepared) statements. PostgreSQL then parses and plans a statement's
 * text once per connection and, after a few runs, may keep a generic plan, instead of planning it on
 * every request (issue 14: the work queue's statement took 11.9 ms unnamed against 6.3 ms prepared).
 * The name is the text's hash, so one text is one statement. Each pooled connection keeps at most
 * PREPARED_PER_CONNECTION of them: the least recently used is deallocated to make room, so a client
 * sending ever new operations cannot grow a server process without bound.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Lru } from '../lru';
import { ReplicaRunner } from './replica';

export const PREPARED_PER_CONNECTION = 200;

/** The node-postgres client behind a TypeORM query runner, as much of it as is used here. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  query(text: string): Promise<unknown>;
  /** node-postgres remembers the statements it has prepared on the connection by name. */
  connection?: { parsedStatements?: Record<string, string> };
}

/** The statements prepared on each connection, least recently used first. */
const preparedOn = new WeakMap<PgClient, Map<string, true>>();

/** Each connection's last prepared read: the next one waits for it (see `serially`). */
const lastOn = new WeakMap<PgClient, Promise<unknown>>();

/**
 * Runs `work` after the connection's earlier prepared reads. A connection runs one statement at a time
 * anyway; what this orders is the bookkeeping around them, so that two reads of one request's transaction
 * never choose the same statement to deallocate, nor deallocate one the other is about to run.
 */
function serially<T>(client: PgClient, work: () => Promise<T>): Promise<T> {
  const run = (lastOn.get(client) ?? Promise.resolve()).then(work);
  lastOn.set(
    client,
    run.catch(() => undefined),
  );
  return run;
}

/** Names of the texts seen most recently: the same few texts come on every request. */
const names = new Lru<string>(1000);

/** The statement's name: `g_` and 40 hex digits of its text's hash (PostgreSQL allows 63 characters). */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `g_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`));
  return name;
}

/**
 * Makes room on `client` for a statement not yet prepared there: the least recently used one is
 * deallocated when it is full. Returns the names prepared there, least recently used first.
 */
async function makeRoom(em: EntityManager, client: PgClient, name: string): Promise<Map<string, true>> {
  let names = preparedOn.get(client);
  if (!names) preparedOn.set(client, (names = new Map()));
  if (names.has(name)) return names;
  while (names.size >= PREPARED_PER_CONNECTION) {
    const oldest = names.keys().next().value as string;
    const deallocate = `DEALLOCATE "${oldest}"`;
    em.connection.logger.logQuery(deallocate);
    await client.query(deallocate);
    names.delete(oldest);
    delete client.connection?.parsedStatements?.[oldest];
  }
  return names;
}

/** How many statements are prepared on the connection `em` reads with (tests). */
export async function preparedCount(em: EntityManager): Promise<number> {
  return withClient(em, async (client) => preparedOn.get(client)?.size ?? 0);
}

async function withClient<T>(em: EntityManager, work: (client: PgClient) => Promise<T>): Promise<T> {
  // A transaction's manager has its runner (a provider's request); otherwise a pooled connection is taken for the call.
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  // A query's runner on the read replica moves to the primary should the replica fail it first (src/db/replica.ts).
  if (runner instanceof ReplicaRunner) return runner.use(work);
  try {
    return await work((await runner.connect()) as PgClient);
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

/** The rows of `text` with `values`, as a named statement on the connection `em` reads with. */
export async function preparedQuery<R>(em: EntityManager, text: string, values: unknown[]): Promise<R[]> {
  return withClient(em, (client) => serially(client, () => run<R>(em, client, text, values)));
}

async function run<R>(em: EntityManager, client: PgClient, text: string, values: unknown[]): Promise<R[]> {
  const name = statementName(text);
  const names = await makeRoom(em, client, name);
  // The logger counts it (src/db/sql-counter.ts) as it counts what TypeORM sends.
  em.connection.logger.logQuery(text, values);
  const started = Date.now();
  const { rows } = await client.query({ name, text, values });
  // Noted (as the most recently used) once it is prepared for certain: a text that failed to parse is not.
  names.delete(name);
  names.set(name, true);
  const ms = Date.now() - started;
  const slow = em.connection.options.maxQueryExecutionTime;
  if (slow && ms > slow) em.connection.logger.logQuerySlow(ms, text, undefined);
  return rows as R[];
}
