/**
 * Look-ahead (STYLE §9): a list or detail root reads its selection set and fetches the selected
 * relations in the same SQL statement as the rows (a `to_jsonb` sub-select per to-one relation, a
 * `jsonb_agg` per to-many one, generated from the entity metadata). The results prime the request's
 * DataLoaders, so field resolvers stay "loaders only" and simply find their values cached. The root
 * rows and every sub-select carry the caller's row scope (src/auth/row-scope.ts).
 */
import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type DataLoader from 'dataloader';
import type { DataSource, ObjectLiteral } from 'typeorm';
import type { RowScope } from '../auth/row-scope';
import { entitySql, SqlParams } from '../db/entity-sql';
import type { Context } from './context';
import type { Loaders } from './loaders';
import { BY_PARENT, RELATIONS, targetOf, type RelationSpec } from './relations';

type Class<T = any> = new (...args: any[]) => T;

/** The selected relations of one type, by field name, each with what is selected below it. */
export interface RelationTree {
  [field: string]: { spec: RelationSpec; target: Class; children: RelationTree };
}

function included(node: FieldNode | { directives?: FieldNode['directives'] }, info: GraphQLResolveInfo): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, info.variableValues);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues);
  return include?.if !== false;
}

/** Field nodes of a selection set by field name (fragments and aliases merged, @skip/@include honoured). */
function fieldsOf(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!included(selection, info)) continue;
      if (selection.kind === Kind.FIELD) {
        const list = fields.get(selection.name.value) ?? [];
        list.push(selection);
        fields.set(selection.name.value, list);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return fields;
}

function subSelections(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
}

function treeOf(type: Class, sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, depth: number): RelationTree {
  const relations = RELATIONS.get(type);
  const tree: RelationTree = {};
  if (!relations || depth > 6) return tree;
  for (const [name, nodes] of fieldsOf(sets, info)) {
    const spec = relations[name];
    if (!spec || (spec.kind === 'many' && !spec.prefetch)) continue;
    const target = targetOf(spec);
    tree[name] = { spec, target, children: treeOf(target, subSelections(nodes), info, depth + 1) };
  }
  return tree;
}

/**
 * The relations selected under the current field, for rows of `type`. `path` walks through plain
 * wrapper fields first, e.g. `['edges', 'node']` for a connection.
 */
export function selectedRelations(info: GraphQLResolveInfo, type: Class, path: readonly string[] = []): RelationTree {
  let sets = subSelections(info.fieldNodes);
  for (const step of path) sets = subSelections(fieldsOf(sets, info).get(step) ?? []);
  return treeOf(type, sets, info, 0);
}

/** `(sub-select) AS "field"` columns that fetch `tree` for the row aliased `alias`, each row-scoped. */
export function relationColumns(
  ds: DataSource,
  scope: RowScope,
  params: SqlParams,
  type: Class,
  tree: RelationTree,
  alias: string,
): string[] {
  const source = entitySql(ds, type);
  return Object.entries(tree).map(([field, { spec, target, children }], i) => {
    const t = `${alias}_${i}`;
    const sql = entitySql(ds, target);
    const nested = relationColumns(ds, scope, params, target, children, t);
    const select = [sql.selectList(t), ...nested].join(', ');
    const join =
      spec.kind === 'one'
        ? `${t}.id = ${alias}.${source.column(spec.foreignKey)}`
        : `${t}.${sql.column(BY_PARENT[spec.loader][1])} = ${alias}.id`;
    const where = scope.restrict(target, t, [join], params).join(' AND ');
    if (spec.kind === 'one')
      return `(SELECT to_jsonb(s) FROM (SELECT ${select} FROM ${sql.table} ${t} WHERE ${where}) s) AS "${field}"`;
    const orderBy = BY_PARENT[spec.loader][2].map((p) => `s."${p}"`).join(', ');
    const rows = `SELECT ${select} FROM ${sql.table} ${t} WHERE ${where}`;
    return `(SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY ${orderBy}), '[]'::jsonb) FROM (${rows}) s) AS "${field}"`;
  });
}

/**
 * Takes the prefetched relations off `entity` (where the row put them), turns them into entities
 * and primes the loaders that their field resolvers will ask.
 */
export function primeRelations(ds: DataSource, loaders: Loaders, entity: ObjectLiteral, tree: RelationTree): void {
  for (const [field, { spec, target, children }] of Object.entries(tree)) {
    const value = entity[field];
    delete entity[field];
    const sql = entitySql(ds, target);
    if (spec.kind === 'one') {
      const key = entity[spec.foreignKey] as string | null;
      if (!key || !value) continue;
      const related = sql.fromJson(value as Record<string, unknown>);
      primeRelations(ds, loaders, related, children);
      (loaders[spec.loader] as DataLoader<string, unknown>).prime(key, related);
    } else {
      const related = (value as Record<string, unknown>[]).map((json) => {
        const child = sql.fromJson(json);
        primeRelations(ds, loaders, child, children);
        return child;
      });
      (loaders[spec.loader] as DataLoader<string, unknown>).prime(entity.id as string, related);
    }
  }
}

export interface RowQuery {
  where: string[];
  params: SqlParams;
  orderBy?: string;
  limit?: number;
}

/**
 * Rows of `type` (aliased `alias` in `where`/`orderBy`) that the caller may read, with the relations
 * of `tree`, in one statement; the rows and their relations prime the request's loaders.
 */
export async function fetchWithRelations<T extends ObjectLiteral>(
  ctx: Context,
  type: Class<T>,
  alias: string,
  tree: RelationTree,
  query: RowQuery,
): Promise<T[]> {
  const ds = ctx.em.connection;
  const sql = entitySql(ds, type);
  const params = query.params.clone();
  const where = ctx.scope.restrict(type, alias, query.where, params);
  const columns = [sql.selectList(alias), ...relationColumns(ds, ctx.scope, params, type, tree, alias)].join(', ');
  const text =
    `SELECT ${columns} FROM ${sql.table} ${alias}` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    (query.orderBy ? ` ORDER BY ${query.orderBy}` : '') +
    (query.limit !== undefined ? ` LIMIT ${Number(query.limit)}` : '');
  const rows: Record<string, unknown>[] = await ctx.em.query(text, params.values);
  return rows.map((row) => {
    const entity = sql.fromRow(row);
    primeRelations(ds, ctx.loaders, entity, tree);
    return entity;
  });
}

/** `SELECT count(*)` over the same conditions and the caller's row scope. */
export async function countRows(
  ctx: Context,
  type: Class,
  alias: string,
  query: Pick<RowQuery, 'where' | 'params'>,
): Promise<number> {
  const sql = entitySql(ctx.em.connection, type);
  const params = query.params.clone();
  const where = ctx.scope.restrict(type, alias, query.where, params);
  const [{ count }] = await ctx.em.query(
    `SELECT count(*)::int AS count FROM ${sql.table} ${alias}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    params.values,
  );
  return count;
}
