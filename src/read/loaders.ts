/**
 * DataLoaders, created per request (STYLE §6–7): one batched statement per relation and nesting
 * level, results in key order, null / [] for gaps. Built from the relation registry; reads are
 * plain SQL with property-named columns (no entity hydration). Every batch carries the caller's row
 * scope: a row the caller may not read is a gap.
 */
import DataLoader from 'dataloader';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { RowScope } from '../auth/row-scope';
import { entitySql, SqlParams } from '../db/entity-sql';
import { preparedQuery } from '../db/prepared';
import type { ReadContext } from './read-context';
import { NOT_PREFETCHED, prefetched } from './look-ahead';
import { BY_ID, BY_PARENT, relation, type ByIdKey, type ByParentKey, type RelationSpec } from './relations';

type Instance<C> = C extends abstract new (...args: any[]) => infer T ? T : never;

export type Loaders = { [K in ByIdKey]: DataLoader<string, Instance<(typeof BY_ID)[K]> | null> } & {
  [K in ByParentKey]: DataLoader<string, Instance<(typeof BY_PARENT)[K][0]>[]>;
} & {
  /** Whether the caller may read a member of staff's personal data, by staff id. */
  personalDataOf: DataLoader<string, boolean>;
};

/** `WHERE` of a batch: the key condition on `$1` and a condition of the caller's (null: none) after it. */
function batchWhere(
  keyCondition: string,
  condition: (p: SqlParams) => string | null,
): { where: string; values: unknown[] } {
  const params = new SqlParams();
  params.p(null); // $1: the batch's keys
  const extra = condition(params);
  return { where: extra === null ? keyCondition : `${keyCondition} AND ${extra}`, values: params.values.slice(1) };
}

function byId<T extends ObjectLiteral & { id: string }>(
  em: EntityManager,
  scope: RowScope,
  entity: new () => T,
): DataLoader<string, T | null> {
  const sql = entitySql(em.connection, entity);
  const { where, values } = batchWhere('t.id = ANY($1::uuid[])', (p) => scope.condition(entity, 't', p));
  const statement = `SELECT ${sql.selectList('t')} FROM ${sql.table} t WHERE ${where}`;
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await preparedQuery<Record<string, unknown>>(em, statement, [ids, ...values]);
    const found = new Map(rows.map((row) => [row.id as string, sql.fromRow(row)]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

function byParent<T extends ObjectLiteral>(
  em: EntityManager,
  scope: RowScope,
  entity: new () => T,
  foreignKey: string,
  order: readonly string[],
): DataLoader<string, T[]> {
  const sql = entitySql(em.connection, entity);
  const { where, values } = batchWhere(`t.${sql.column(foreignKey)} = ANY($1::uuid[])`, (p) =>
    scope.condition(entity, 't', p),
  );
  const orderBy = order.map((p) => `t.${sql.column(p)}`).join(', ');
  const statement = `SELECT ${sql.selectList('t')} FROM ${sql.table} t WHERE ${where} ORDER BY ${orderBy}`;
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await preparedQuery<Record<string, unknown>>(em, statement, [keys, ...values]);
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(row[foreignKey] as string)?.push(sql.fromRow(row));
    return keys.map((k) => groups.get(k) ?? []);
  });
}

function personalDataOf(em: EntityManager, scope: RowScope): DataLoader<string, boolean> {
  const { where, values } = batchWhere('t.id = ANY($1::uuid[])', (p) => scope.personalData('t', p));
  const statement = `SELECT t.id FROM staff t WHERE ${where}`;
  return new DataLoader<string, boolean>(async (ids) => {
    const rows = await preparedQuery<{ id: string }>(em, statement, [ids, ...values]);
    const allowed = new Set(rows.map((r) => r.id));
    return ids.map((id) => allowed.has(id));
  });
}

type Maker = (em: EntityManager, scope: RowScope) => DataLoader<string, unknown>;

const MAKERS: Record<string, Maker> = {
  ...Object.fromEntries(
    Object.entries(BY_ID).map(([key, entity]): [string, Maker] => [
      key,
      (em, scope) => byId(em, scope, entity as new () => { id: string }),
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(BY_PARENT).map(([key, [entity, foreignKey, order]]): [string, Maker] => [
      key,
      (em, scope) => byParent(em, scope, entity as new () => ObjectLiteral, foreignKey, order),
    ]),
  ),
  personalDataOf: personalDataOf,
};

/** A request's loaders: each made when first used (making one builds its statement and row scope). */
class RequestLoaders {
  readonly made: Record<string, DataLoader<string, unknown>> = {};

  constructor(
    readonly em: EntityManager,
    readonly scope: RowScope,
  ) {}
}

// One getter per loader on the prototype, defined once: a request allocates one object.
for (const [key, make] of Object.entries(MAKERS)) {
  Object.defineProperty(RequestLoaders.prototype, key, {
    get(this: RequestLoaders) {
      return (this.made[key] ??= make(this.em, this.scope));
    },
  });
}

export function createLoaders(em: EntityManager, scope: RowScope): Loaders {
  return new RequestLoaders(em, scope) as unknown as Loaders;
}

/** Empties the cache of every loader made so far: what was read before a change is stale after it. */
export function forgetLoaded(loaders: Loaders): void {
  for (const loader of Object.values((loaders as unknown as RequestLoaders).made)) loader.clearAll();
}

/** Resolves a relation of `root` through its loader: null when a to-one key is empty. */
export function loadRelation(loaders: Loaders, spec: RelationSpec, root: ObjectLiteral): Promise<unknown> | null {
  if (spec.kind === 'one') {
    const id = root[spec.foreignKey] as string | null | undefined;
    return id ? (loaders[spec.loader] as DataLoader<string, unknown>).load(id) : null;
  }
  return (loaders[spec.loader] as DataLoader<string, unknown>).load(root.id as string);
}

/**
 * A field resolver's whole body: the relation `field` of `root`, as look-ahead fetched it with the
 * row, else through the registry and its loader.
 */
export function related<T extends ObjectLiteral>(ctx: ReadContext, type: new () => T, field: string, root: T): unknown {
  const value = prefetched(root, field);
  if (value !== NOT_PREFETCHED) return value;
  return loadRelation(ctx.loaders, relation(type, field), root);
}
