/**
 * The object types that implement `Node` (every one with an id, through BaseEntity), as the built
 * schema has them: how a row found by `node` tells its type (resolveType), and which types a caller
 * may find by id at all. A role finds a type only if its `@Authorized` rules give the role one of the
 * type's own fields (the record fields every type has, `id`, `createdAt`, `updatedAt`, do not count):
 * a type the role reads nothing of is not looked for, so its ids answer null as unknown ids do.
 */
import { type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, isInterfaceType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { entitySql } from '../db/entity-sql';
import type { Role } from '../domain/enums';
import type { BaseEntity } from '../entities/base.entity';
import { auditedAtRoot } from '../http/partner-reads';
import { selected } from '../read/look-ahead';
import type { AuthenticatedContext } from '../services/context';
import type { NodeReading } from '../services/node.service';
import { Node } from './node';

type NodeClass = new (...args: any[]) => BaseEntity;
// type-graphql keys its metadata by class, typed as Function.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Class = Function;

interface NodeType {
  type: GraphQLObjectType;
  target: NodeClass;
  /** The roles with a field of the type to read; null: every role. */
  readers: ReadonlySet<Role> | null;
}

interface Registry {
  types: readonly NodeType[];
  /** The types a role may find, for staff (`false`) and for a partner (`true`), made once each. */
  byCaller: Map<string, readonly NodeType[]>;
}

const registries = new WeakMap<GraphQLSchema, Registry>();

/** The roles the type's own fields (not BaseEntity's record fields) admit; null when one admits every role. */
function readersOf(target: Class, fields: ReadonlyMap<Class, { roles?: string[] }[]>): ReadonlySet<Role> | null {
  const roles = new Set<Role>();
  for (let t: Class | null = target; t && fields.has(t); t = Object.getPrototypeOf(t) as Class | null) {
    for (const field of fields.get(t)!) {
      // Every field has a rule (createSchema refuses a schema otherwise); none given: any authenticated caller.
      if (!field.roles || field.roles.length === 0) return null;
      for (const role of field.roles) roles.add(role as Role);
    }
  }
  return roles;
}

/**
 * Called once the schema is built (src/graphql/schema.ts): finds the types implementing Node and gives
 * Node a synchronous resolveType (graphql-jit calls it so; type-graphql's own would name BaseEntity).
 */
export function registerNodeTypes(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const name = storage.interfaceTypes.find((def) => def.target === Node)?.name;
  const node = name ? schema.getType(name) : undefined;
  if (!isInterfaceType(node)) return;
  const byName = new Map(storage.objectTypes.map((def) => [def.name, def]));
  // BaseEntity's fields (the record fields) are left out: it is the class that declares `implements: Node`.
  const fields = new Map(
    storage.objectTypes
      .filter((def) => !def.interfaceClasses?.includes(Node))
      .map((def) => [def.target, def.fields ?? []] as const),
  );
  const types = schema.getPossibleTypes(node).map((type): NodeType => {
    const target = byName.get(type.name)!.target as NodeClass;
    return { type, target, readers: readersOf(target, fields) };
  });
  const names = new Map<unknown, string>(types.map(({ type, target }) => [target, type.name]));
  node.resolveType = (value) => names.get(Object.getPrototypeOf(value)?.constructor);
  registries.set(schema, { types, byCaller: new Map() });
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
    readable = registry.types.filter(
      ({ type, target, readers }) =>
        (readers === null || readers.has(role)) &&
        (!partner || auditedAtRoot(type.name, entitySql(ctx.em.connection, target).properties)),
    );
    registry.byCaller.set(key, readable);
  }
  const objectTypes = new Map(readable.map(({ type, target }) => [target, type]));
  return {
    types: readable.map(({ target }) => target),
    selection: (target) => selected(info, target, [], objectTypes.get(target)),
  };
}
