/**
 * The object types that implement `Node` (every one with an id, through BaseEntity), as the built
 * schema has them: how a row found by `node` tells its type (resolveType), and which types a caller
 * may find by id at all. A role finds a type only if the schema's field rules (the `@Authorized` rules
 * the guard enforces) give the role one of the type's own fields (the record fields every type has do
 * not count): a type the role reads nothing of is not looked for, so its ids answer null as unknown ids do.
 */
import { type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, isInterfaceType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { entitySql } from '../db/entity-sql';
import type { BaseEntity } from '../entities/base.entity';
import { auditedAtRoot } from '../http/partner-reads';
import { selected } from '../read/look-ahead';
import type { AuthenticatedContext } from '../services/context';
import type { NodeReading } from '../services/node.service';
import { maySelect, RECORD_FIELDS, type FieldRules } from './auth-checker';
import { Node } from './node';

type NodeClass = new (...args: any[]) => BaseEntity;

interface NodeType {
  type: GraphQLObjectType;
  target: NodeClass;
}

interface Registry {
  types: readonly NodeType[];
  rules: FieldRules;
  /** The types a role may find, for staff (`false`) and for a partner (`true`), made once each. */
  byCaller: Map<string, readonly NodeType[]>;
}

const registries = new WeakMap<GraphQLSchema, Registry>();

/**
 * Called once the schema is built (src/graphql/schema.ts): finds the types implementing Node and gives
 * Node a synchronous resolveType (graphql-jit calls it so; type-graphql's own would name BaseEntity).
 */
export function registerNodeTypes(schema: GraphQLSchema, rules: FieldRules): void {
  const storage = getMetadataStorage();
  const name = storage.interfaceTypes.find((def) => def.target === Node)?.name;
  const node = name ? schema.getType(name) : undefined;
  if (!isInterfaceType(node)) return;
  const byName = new Map(storage.objectTypes.map((def) => [def.name, def]));
  const types = schema
    .getPossibleTypes(node)
    .map((type): NodeType => ({ type, target: byName.get(type.name)!.target as NodeClass }));
  const names = new Map<unknown, string>(types.map(({ type, target }) => [target, type.name]));
  node.resolveType = (value) => names.get(Object.getPrototypeOf(value)?.constructor);
  registries.set(schema, { types, rules, byCaller: new Map() });
}

/**
 * What the caller may find by id, and what the operation selects on each type (fragments on other
 * types left out). A partner's reads are audited per complaint or case (src/http/partner-reads.ts):
 * it finds only the types whose objects name theirs, or are about no one; the others it reaches
 * through their complaint or case, as before.
 */
export function nodeReading(info: GraphQLResolveInfo, ctx: AuthenticatedContext): NodeReading {
  const registry = registries.get(info.schema);
  if (!registry) throw new Error('the schema was built without registerNodeTypes');
  const role = ctx.identity.role;
  const partner = !!ctx.partner;
  const key = `${role}/${partner}`;
  let readable = registry.byCaller.get(key);
  if (!readable) {
    const readsOwnField = (type: GraphQLObjectType) =>
      Object.keys(type.getFields()).some(
        (field) => !RECORD_FIELDS.has(field) && maySelect(registry.rules, `${type.name}.${field}`, role),
      );
    readable = registry.types.filter(
      ({ type, target }) =>
        readsOwnField(type) && (!partner || auditedAtRoot(type.name, entitySql(ctx.em.connection, target).properties)),
    );
    registry.byCaller.set(key, readable);
  }
  const objectTypes = new Map(readable.map(({ type, target }) => [target, type]));
  return {
    types: readable.map(({ target }) => target),
    selection: (target) => selected(info, target, [], objectTypes.get(target)),
  };
}
