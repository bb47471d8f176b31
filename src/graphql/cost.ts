/**
 * What an operation may cost, worked out before it runs: the number of fields its answer could hold.
 * Every field counts 1 (a list of scalars counts each item; a count or statistics over a whole table
 * counts as many fields as it costs work, fieldWeight); a list multiplies everything below it
 * by the size it may reach: the `first` of the page it is in (the default page size when `first` is
 * absent, never more than the largest page), the number of `ids` it is given (`nodes`), or
 * ASSUMED_LIST_SIZE for a list that is not paginated
 * (a case's hearings, a complaint's case's complaints). Fragments are expanded and fields selected
 * twice under one name merged, as execution does; `@skip`/`@include` and variables are resolved.
 */
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { included } from '../read/included';

/** The size counted for a list that takes no `first`: more than any such list holds in the demo data. */
export const ASSUMED_LIST_SIZE = 10;

/** `totalCount` of a connection: a count over every row the filter matches, whatever the page. */
export const COUNT_WEIGHT = 1_000;

/** A period's statistics: aggregates over every complaint of the period (README, `npm run bench:stats`). */
export const STATISTICS_WEIGHT = 10_000;

/** What one value of a field counts: 1, or more for a field that aggregates over a whole table. */
export function fieldWeight(type: string, field: string): number {
  if (type === 'Query' && field === 'complaintStatistics') return STATISTICS_WEIGHT;
  if (field === 'totalCount' && type.endsWith('Connection')) return COUNT_WEIGHT;
  return 1;
}

export interface CostOptions {
  /** A page's size when `first` is absent (src/read/paging.ts). */
  defaultPageSize: number;
  /** The largest `first` a page accepts (MAX_PAGE_SIZE); a larger one is refused when it runs. */
  maxPageSize: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  options: CostOptions;
}

/** The cost of one operation of a document, with its (coerced) variable values. */
export function operationCost(
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  options: CostOptions,
): number {
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;
  return selectionCost({ schema, fragments, variables, options }, root, [operation.selectionSet], null);
}

/**
 * The cost of one value of `type` with these selection sets. `page` is the page size of the field
 * they belong to when it takes `first`: the lists directly inside it are that page.
 */
function selectionCost(walk: Walk, type: GraphQLNamedType, sets: SelectionSetNode[], page: number | null): number {
  // An interface or union: whichever of its types costs most.
  if (isAbstractType(type)) {
    return Math.max(0, ...walk.schema.getPossibleTypes(type).map((t) => selectionCost(walk, t, sets, page)));
  }
  if (!isObjectType(type)) return 0;
  let cost = 0;
  for (const nodes of collectFields(walk, type, sets).values()) {
    const field = type.getFields()[nodes[0].name.value];
    // Meta fields (`__typename`, introspection in development): one each.
    if (!field) {
      cost += 1;
      continue;
    }
    const size = isListType(getNullableType(field.type))
      ? (idsGiven(walk, field, nodes[0]) ?? page ?? ASSUMED_LIST_SIZE)
      : 1;
    const subSets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    const below = subSets.length
      ? selectionCost(walk, getNamedType(field.type), subSets, pageOf(walk, field, nodes[0]))
      : 0;
    cost += size * (fieldWeight(type.name, field.name) + below);
  }
  return cost;
}

/** The page a field that takes `first` returns: `first`, or the default page size, within the largest page. */
function pageOf(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode): number | null {
  const arg = field.args.find((a) => a.name === 'first');
  if (!arg) return null;
  const given = node.arguments?.find((a) => a.name.value === 'first');
  const value = given ? valueFromAST(given.value, arg.type, walk.variables) : undefined;
  const first = typeof value === 'number' && Number.isFinite(value) ? value : walk.options.defaultPageSize;
  return Math.min(Math.max(0, first), walk.options.maxPageSize);
}

/** A list fetched by the ids it is given (`nodes(ids:)`) is as long as they are. */
function idsGiven(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode): number | null {
  const arg = field.args.find((a) => a.name === 'ids' && isListType(getNullableType(a.type)));
  const given = arg && node.arguments?.find((a) => a.name.value === 'ids');
  const value = arg && given ? valueFromAST(given.value, arg.type, walk.variables) : undefined;
  // A single id is coerced into a list of one.
  return Array.isArray(value) ? value.length : value === undefined || value === null ? null : 1;
}

/** The fields these selection sets select on `type`, by response name, as execution merges them. */
function collectFields(
  walk: Walk,
  type: GraphQLObjectType,
  sets: SelectionSetNode[],
  fields = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (!included(selection, walk.variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        fields.set(key, [...(fields.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(walk, selection.typeCondition?.name.value, type))
          collectFields(walk, type, [selection.selectionSet], fields, visited);
      } else {
        const name = selection.name.value;
        const fragment = walk.fragments[name];
        if (visited.has(name) || !fragment || !applies(walk, fragment.typeCondition.name.value, type)) continue;
        visited.add(name);
        collectFields(walk, type, [fragment.selectionSet], fields, visited);
      }
    }
  }
  return fields;
}

/** Whether a fragment on `condition` applies to a value of `type`. */
function applies(walk: Walk, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = walk.schema.getType(condition);
  return !!conditionType && isAbstractType(conditionType) && walk.schema.isSubType(conditionType, type);
}
