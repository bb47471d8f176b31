/**
 * Declarative access (STYLE §13): `@Authorized(...roles)` on every operation and field, with the
 * role sets of src/auth/role-sets.ts; which rows a caller reads is src/auth/row-scope.ts.
 *
 * Decided once per operation: the fields an operation selects that the caller's role may not use
 * are found from its selection set (cached per parsed operation and role), and each field's
 * resolver only looks its own coordinate up in that set. A refused field is refused where it is
 * resolved, with the errors, paths and nulls type-graphql's per-field auth checker gave.
 */
import {
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { AuthError } from '../auth/identity';
import type { Role } from '../domain/enums';
import type { Context } from '../services/context';

/** A field's rule: the roles `@Authorized` names (none: any authenticated caller). */
export type FieldRules = ReadonlyMap<string, readonly Role[]>;

/** Whether `role` may use `Type.field`: a rule naming no role (any caller), or one naming it. */
export function maySelect(rules: FieldRules, coordinate: string, role: Role): boolean {
  const roles = rules.get(coordinate);
  return !roles || roles.length === 0 || roles.includes(role);
}

/** What every object with an id has (BaseEntity); a type whose other fields a role may not use is unreadable to it. */
export const RECORD_FIELDS: ReadonlySet<string> = new Set(['id', 'createdAt', 'updatedAt']);

/** What one operation may resolve for one caller. */
interface OperationAccess {
  operation: OperationDefinitionNode;
  /** No caller: every field with a rule is refused as UNAUTHENTICATED. */
  unauthenticated: boolean;
  /** `Type.field` coordinates the operation selects that the caller's role may not use. */
  refused: ReadonlySet<string>;
}

const NOTHING: ReadonlySet<string> = new Set();

/** Refused coordinates per parsed operation (Apollo keeps one document object per query text) and role. */
const byOperation = new WeakMap<OperationDefinitionNode, Map<Role, ReadonlySet<string>>>();
/** The request's decision, so that each field resolved looks it up once. */
const byContext = new WeakMap<Context, OperationAccess>();

function accessOf(context: Context, info: GraphQLResolveInfo, rules: FieldRules): OperationAccess {
  const known = byContext.get(context);
  if (known && known.operation === info.operation) return known;
  const role = context.identity?.role;
  let refused = NOTHING;
  if (role !== undefined) {
    let perRole = byOperation.get(info.operation);
    if (!perRole) byOperation.set(info.operation, (perRole = new Map()));
    let cached = perRole.get(role);
    if (!cached) perRole.set(role, (cached = refusedFields(info, role, rules)));
    refused = cached;
  }
  const access = { operation: info.operation, unauthenticated: role === undefined, refused };
  byContext.set(context, access);
  return access;
}

/** The coordinates selected anywhere in the operation (fragments, abstract types) that `role` may not use. */
function refusedFields(info: GraphQLResolveInfo, role: Role, rules: FieldRules): ReadonlySet<string> {
  const { schema, fragments } = info;
  const refused = new Set<string>();
  const visited = new Map<SelectionSetNode, Set<GraphQLObjectType>>();
  const visit = (parent: GraphQLObjectType, selectionSet: SelectionSetNode): void => {
    let seen = visited.get(selectionSet);
    if (!seen) visited.set(selectionSet, (seen = new Set()));
    if (seen.has(parent)) return;
    seen.add(parent);
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        const coordinate = `${parent.name}.${field.name}`;
        if (!maySelect(rules, coordinate, role)) refused.add(coordinate);
        if (selection.selectionSet)
          for (const type of objectTypes(schema, getNamedType(field.type))) visit(type, selection.selectionSet);
        continue;
      }
      const fragment: FragmentDefinitionNode | undefined =
        selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : undefined;
      const condition = selection.kind === Kind.FRAGMENT_SPREAD ? fragment?.typeCondition : selection.typeCondition;
      const conditionType = condition ? schema.getType(condition.name.value) : undefined;
      if (condition && !applies(schema, conditionType, parent)) continue;
      const set = selection.kind === Kind.FRAGMENT_SPREAD ? fragment?.selectionSet : selection.selectionSet;
      if (set) visit(parent, set);
    }
  };
  const root = schema.getRootType(info.operation.operation);
  if (root) visit(root, info.operation.selectionSet);
  return refused.size > 0 ? refused : NOTHING;
}

function objectTypes(schema: GraphQLSchema, type: GraphQLNamedType): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  return isAbstractType(type) ? schema.getPossibleTypes(type) : [];
}

function applies(schema: GraphQLSchema, condition: GraphQLNamedType | undefined, parent: GraphQLObjectType): boolean {
  if (!condition) return false;
  if (condition === parent) return true;
  return isAbstractType(condition) && schema.isSubType(condition, parent);
}

/**
 * The resolver of a field with a rule: refuses it when the operation's decision says so, notes a
 * partner's read (src/http/partner-reads.ts: every field with a rule passes here), then resolves.
 * `property` reads a plain property directly; otherwise the field's own resolver runs.
 */
export function guardedResolver(
  coordinate: string,
  rules: FieldRules,
  resolve: GraphQLFieldResolver<unknown, Context> | undefined,
  property?: string,
): GraphQLFieldResolver<unknown, Context> {
  const inner = resolve ?? defaultFieldResolver;
  return (root, args, context, info) => {
    const access = accessOf(context, info, rules);
    if (access.unauthenticated) throw new AuthError('UNAUTHENTICATED', 'a bearer token is required');
    if (access.refused !== NOTHING && access.refused.has(coordinate))
      throw new AuthError('FORBIDDEN', 'your role may not use this field');
    context.partner?.reads.note(info, root, coordinate);
    return property === undefined ? inner(root, args, context, info) : (root as Record<string, unknown>)[property];
  };
}
