/**
 * Look-ahead (STYLE §9): a list or detail root reads its selection set and fetches the selected
 * relations in the same SQL statement as the rows (a `to_jsonb` sub-select per to-one relation, a
 * `jsonb_agg` per to-many one, generated from the entity metadata), reading of each row only the
 * columns its selected fields need (src/read/field-columns.ts). The prefetched values travel on
 * the rows themselves, for `related` (src/read/loaders.ts) to return instead of asking a loader:
 * loaders cache whole rows only, so a row with some columns is never what a later load finds. The
 * root rows and every sub-select carry the caller's row scope (src/auth/row-scope.ts).
 */
import {
  isAbstractType,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { DataSource, ObjectLiteral } from 'typeorm';
import type { RowScope } from '../auth/row-scope';
import { entitySql, SqlParams, type EntitySql } from '../db/entity-sql';
import { preparedQuery } from '../db/prepared';
import { Complaint } from '../entities';
import type { ReadContext } from './read-context';
import { columnsFor } from './field-columns';
import { directiveVariables, included } from './included';
import { Lru } from '../lru';
import { BY_PARENT, RELATIONS, targetOf, type RelationSpec } from './relations';

type Class<T = any> = new (...args: any[]) => T;

/** What an operation selects on rows of one type: its fields, and the relations fetched with the rows. */
export interface Selection {
  /** The GraphQL fields selected (they decide the columns read); null: every column. */
  fields: readonly string[] | null;
  /** The relations to prefetch, by field name, each with what is selected below it. */
  relations: { [field: string]: { spec: RelationSpec; target: Class; selection: Selection } };
}

/** Every column and no relation: rows for a reader that is not a GraphQL selection. */
export const EVERY_COLUMN: Selection = { fields: null, relations: {} };

/** Whether a fragment on the type named `condition` (none: the field's own type) applies to a value of `type`. */
function applies(info: GraphQLResolveInfo, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = info.schema.getType(condition);
  return !!conditionType && isAbstractType(conditionType) && info.schema.isSubType(conditionType, type);
}

/**
 * Field nodes of a selection set by field name (fragments and aliases merged, @skip/@include honoured).
 * `on`: the object type of the rows, when the field's type is abstract (`node`): fragments on other types
 * are left out.
 */
function fieldsOf(
  sets: readonly SelectionSetNode[],
  info: GraphQLResolveInfo,
  on?: GraphQLObjectType,
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        const list = fields.get(selection.name.value) ?? [];
        list.push(selection);
        fields.set(selection.name.value, list);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!on || applies(info, selection.typeCondition?.name.value, on)) visit(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && (!on || applies(info, fragment.typeCondition.name.value, on))) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return fields;
}

function subSelections(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
}

function selectionOf(
  type: Class,
  sets: readonly SelectionSetNode[],
  info: GraphQLResolveInfo,
  depth: number,
  on?: GraphQLObjectType,
): Selection {
  const fields = fieldsOf(sets, info, on);
  const selection: Selection = { fields: [...fields.keys()], relations: {} };
  const relations = RELATIONS.get(type);
  if (!relations || depth > 6) return selection;
  for (const [name, nodes] of fields) {
    const spec = relations[name];
    if (!spec || (spec.kind === 'many' && !spec.prefetch)) continue;
    const target = targetOf(spec);
    selection.relations[name] = { spec, target, selection: selectionOf(target, subSelections(nodes), info, depth + 1) };
  }
  return selection;
}

/** Selections made, by field node (see `selected`); a few per node, for its @skip/@include values. */
const selections = new WeakMap<FieldNode, Lru<Selection>>();
const SELECTIONS_PER_FIELD = 8;

/**
 * What is selected under the current field, for rows of `type`. `path` walks through plain wrapper
 * fields first, e.g. `['edges', 'node']` for a connection. `on`: the object type of `type`'s rows when
 * the field's type is an interface (`node`), so that fragments on other types are not read.
 */
export function selected(
  info: GraphQLResolveInfo,
  type: Class,
  path: readonly string[] = [],
  on?: GraphQLObjectType,
): Selection {
  // The same field of the same parsed document with the same @skip/@include values selects the same:
  // made once (Apollo keeps one document per query text). A field merged from several nodes is made each time.
  const [node, ...more] = info.fieldNodes;
  const directives = directiveVariables(info.operation, () => [info.operation, ...Object.values(info.fragments)]);
  const values = JSON.stringify(directives.map((v) => info.variableValues[v] ?? null));
  const key = `${type.name}${on ? `@${on.name}` : ''}/${path.join('.')}/${values}`;
  let known = more.length === 0 ? selections.get(node) : undefined;
  const cached = known?.get(key);
  if (cached) return cached;
  let sets = subSelections(info.fieldNodes);
  for (const step of path) sets = subSelections(fieldsOf(sets, info).get(step) ?? []);
  const selection = selectionOf(type, sets, info, 0, on);
  if (more.length === 0) {
    if (!known) selections.set(node, (known = new Lru<Selection>(SELECTIONS_PER_FIELD)));
    known.set(key, selection);
  }
  return selection;
}

/** A selection resolved against the entity metadata: the columns each row reads, the relations below. */
interface Plan {
  type: Class;
  sql: EntitySql<ObjectLiteral>;
  columns: readonly string[];
  relations: { field: string; spec: RelationSpec; plan: Plan }[];
}

/** `extra`: properties read besides the selected fields' (a list's order, a keyset's sort key). */
function planOf(ds: DataSource, type: Class, selection: Selection, extra: readonly string[] = []): Plan {
  return {
    type,
    sql: entitySql(ds, type),
    columns: columnsFor(ds, type, selection.fields, extra),
    relations: Object.entries(selection.relations).map(([field, { spec, target, selection: below }]) => ({
      field,
      spec,
      // A prefetched list is ordered by columns of its rows (jsonb_agg's ORDER BY), so it reads them.
      plan: planOf(ds, target, below, spec.kind === 'many' ? BY_PARENT[spec.loader][2] : []),
    })),
  };
}

/** Plans made, by data source and selection (selections are kept per field node: see `selected`). */
const plans = new WeakMap<DataSource, WeakMap<Selection, Map<string, Plan>>>();

function knownPlan(ds: DataSource, type: Class, selection: Selection, extra: readonly string[]): Plan {
  let bySelection = plans.get(ds);
  if (!bySelection) plans.set(ds, (bySelection = new WeakMap()));
  let byKey = bySelection.get(selection);
  if (!byKey) bySelection.set(selection, (byKey = new Map()));
  const key = `${type.name}/${extra.join(',')}`;
  let plan = byKey.get(key);
  if (!plan) byKey.set(key, (plan = planOf(ds, type, selection, extra)));
  return plan;
}

/** `(sub-select) AS "field"` columns fetching the relations of `plan` for the row aliased `alias`, each row-scoped. */
function relationColumns(scope: RowScope, params: SqlParams, plan: Plan, alias: string): string[] {
  return plan.relations.map(({ field, spec, plan: below }, i) => {
    const t = `${alias}_${i}`;
    const { sql } = below;
    const select = [sql.selectList(t, below.columns), ...relationColumns(scope, params, below, t)].join(', ');
    // `row = parent.column`: the join, and (under a complaint the statement admitted) how the row is reached.
    const [row, column] =
      spec.kind === 'one'
        ? [`${t}.id`, plan.sql.column(spec.foreignKey)]
        : [`${t}.${sql.column(BY_PARENT[spec.loader][1])}`, 'id'];
    const bare = (name: string) => name.replaceAll('"', '');
    const reached = plan.type === Complaint ? { row: bare(row), column: bare(column) } : undefined;
    const where = scope.restrict(below.type, t, [`${row} = ${alias}.${column}`], params, reached).join(' AND ');
    if (spec.kind === 'one')
      return `(SELECT to_jsonb(s) FROM (SELECT ${select} FROM ${sql.table} ${t} WHERE ${where}) s) AS "${field}"`;
    const orderBy = BY_PARENT[spec.loader][2].map((p) => `s."${p}"`).join(', ');
    const rows = `SELECT ${select} FROM ${sql.table} ${t} WHERE ${where}`;
    return `(SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY ${orderBy}), '[]'::jsonb) FROM (${rows}) s) AS "${field}"`;
  });
}

/** Where a row keeps the values look-ahead fetched for its relations, by field name. */
const PREFETCHED = Symbol('prefetched');

type WithPrefetched = ObjectLiteral & { [PREFETCHED]?: Record<string, unknown> };

/** What `prefetched` answers for a relation look-ahead did not fetch. */
export const NOT_PREFETCHED = Symbol('not prefetched');

/** The value look-ahead fetched for the relation `field` of `root` (null: none, or none the caller may read). */
export function prefetched(root: ObjectLiteral, field: string): unknown {
  const values = (root as WithPrefetched)[PREFETCHED];
  return values !== undefined && field in values ? values[field] : NOT_PREFETCHED;
}

/** A row as it came back (flat, or nested as JSON) → the entity, its prefetched relations on it. */
function toEntity(plan: Plan, source: Record<string, unknown>, json: boolean): ObjectLiteral {
  const entity: WithPrefetched = json
    ? plan.sql.fromJson(source, plan.columns)
    : plan.sql.fromRow(source, plan.columns);
  if (plan.relations.length === 0) return entity;
  const values: Record<string, unknown> = {};
  for (const { field, spec, plan: below } of plan.relations) {
    const value = source[field] as Record<string, unknown> | Record<string, unknown>[] | null;
    if (spec.kind === 'one') values[field] = value ? toEntity(below, value as Record<string, unknown>, true) : null;
    else values[field] = (value as Record<string, unknown>[]).map((json) => toEntity(below, json, true));
  }
  entity[PREFETCHED] = values;
  return entity;
}

export interface RowQuery {
  where: string[];
  params: SqlParams;
  orderBy?: string;
  /**
   * The rows come from this FROM item, `found(id, n)`, joined by id (`found.n` orders them): a search
   * that finds ids already in the list's order (src/read/keyset-page.ts, `Ranked`).
   */
  found?: string;
  limit?: number;
  /** Properties the caller reads from the rows besides the selected fields' (a keyset's sort key). */
  reads?: readonly string[];
}

/**
 * Rows of `type` (aliased `alias` in `where`/`orderBy`) that the caller may read, with the columns
 * and relations of `selection`, in one statement.
 */
export async function fetchWithRelations<T extends ObjectLiteral>(
  ctx: ReadContext,
  type: Class<T>,
  alias: string,
  selection: Selection,
  query: RowQuery,
): Promise<T[]> {
  const plan = knownPlan(ctx.em.connection, type, selection, query.reads ?? []);
  const { sql } = plan;
  const params = query.params.clone();
  const where = ctx.scope.restrict(type, alias, query.where, params);
  const columns = [sql.selectList(alias, plan.columns), ...relationColumns(ctx.scope, params, plan, alias)].join(', ');
  const text =
    `SELECT ${columns} FROM ${query.found ? `${query.found} JOIN ` : ''}${sql.table} ${alias}` +
    (query.found ? ` ON ${alias}.id = found.id` : '') +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    (query.orderBy ? ` ORDER BY ${query.orderBy}` : '') +
    (query.limit !== undefined ? ` LIMIT ${Number(query.limit)}` : '');
  const rows = await preparedQuery<Record<string, unknown>>(ctx.em, text, params.values);
  return rows.map((row) => toEntity(plan, row, false) as T);
}

/** `SELECT count(*)` over the same conditions and the caller's row scope. */
export async function countRows(
  ctx: ReadContext,
  type: Class,
  alias: string,
  query: Pick<RowQuery, 'where' | 'params'>,
): Promise<number> {
  const sql = entitySql(ctx.em.connection, type);
  const params = query.params.clone();
  const where = ctx.scope.restrict(type, alias, query.where, params);
  const [{ count }] = await preparedQuery<{ count: number }>(
    ctx.em,
    `SELECT count(*)::int AS count FROM ${sql.table} ${alias}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    params.values,
  );
  return count;
}
