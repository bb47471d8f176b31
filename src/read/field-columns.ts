/**
 * Which columns of a row the selected fields need, so that look-ahead reads those and no others
 * (issue 14): a field of the entity needs its own column, a relation its foreign key (a list: the
 * id), a computed field what its `@Reads` declares. Every row also carries ALWAYS. A field known in
 * none of these ways needs every column, which is always safe (test/look-ahead.test.ts checks that
 * no field of the graph falls back so).
 */
import { getMetadataStorage } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { entitySql } from '../db/entity-sql';
import { RELATIONS } from './relations';

// type-graphql keys its metadata by class, typed as Function.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Class = Function;

/**
 * Read from every row whatever is selected: the key (the loaders', the prefetched values' and the
 * row's own), and the complaint a partner's reads are audited under (src/http/partner-reads.ts).
 */
const ALWAYS = ['id', 'complaintId'];

/** `@Reads` declarations: resolver class → method → properties of its root. */
const declared = new Map<Class, Map<string, readonly string[]>>();

/**
 * On a field resolver that computes its value from its row: the row's properties it reads, so that
 * look-ahead fetches them when the field is selected (`@Reads<Complaint>('cstReceivedAt', 'cstDueOn')`).
 */
export function Reads<T>(...properties: (keyof T & string)[]): MethodDecorator {
  return (prototype, method) => {
    const resolver = prototype.constructor;
    let methods = declared.get(resolver);
    if (!methods) declared.set(resolver, (methods = new Map()));
    methods.set(String(method), properties);
  };
}

/** A type's GraphQL fields → the properties each needs; a field missing here needs every column. */
type FieldNeeds = ReadonlyMap<string, readonly string[]>;

const cache = new WeakMap<DataSource, Map<Class, FieldNeeds>>();

function lineageOf(type: Class): Set<Class> {
  const lineage = new Set<Class>();
  for (let t: Class | null = type; t && t !== Function.prototype; t = Object.getPrototypeOf(t) as Class | null)
    lineage.add(t);
  return lineage;
}

function build(ds: DataSource, type: Class): FieldNeeds {
  const storage = getMetadataStorage();
  const columns = new Set(entitySql(ds, type).properties);
  const lineage = lineageOf(type);
  const needs = new Map<string, readonly string[]>([['__typename', []]]);
  for (const field of storage.fields)
    if (lineage.has(field.target) && columns.has(field.name)) needs.set(field.schemaName, [field.name]);
  // A field resolver computes its value: it reads what it declares, not the column of its name.
  for (const resolver of storage.fieldResolvers) {
    const objectType = resolver.getObjectType?.() as Class | undefined;
    if (!objectType || !lineage.has(objectType)) continue;
    const reads = declared.get(resolver.target)?.get(resolver.methodName);
    if (reads) needs.set(resolver.schemaName, reads);
    else needs.delete(resolver.schemaName);
  }
  for (const [field, spec] of Object.entries(RELATIONS.get(type as new () => unknown) ?? {}))
    needs.set(field, spec.kind === 'one' ? [spec.foreignKey] : []);
  return needs;
}

function needsOf(ds: DataSource, type: Class): FieldNeeds {
  let perSource = cache.get(ds);
  if (!perSource) cache.set(ds, (perSource = new Map()));
  let needs = perSource.get(type);
  if (!needs) perSource.set(type, (needs = build(ds, type)));
  return needs;
}

/**
 * The properties to read from rows of `type` for the GraphQL fields `fields` (null: every column),
 * with `extra` ones the caller reads itself (a keyset's sort key, a list's order).
 */
export function columnsFor(
  ds: DataSource,
  type: Class,
  fields: readonly string[] | null,
  extra: readonly string[] = [],
): readonly string[] {
  const all = entitySql(ds, type).properties;
  if (fields === null) return all;
  const needs = needsOf(ds, type);
  const wanted = new Set<string>([...ALWAYS, ...extra]);
  for (const field of fields) {
    const properties = needs.get(field);
    if (!properties) return all;
    for (const p of properties) wanted.add(p);
  }
  // In the entity's order, and only what is a column (not every table has a complaint).
  return all.filter((p) => wanted.has(p));
}

/** The GraphQL fields of `type` whose columns are not known, so that selecting them reads every column. */
export function fieldsReadingEverything(ds: DataSource, type: Class, fields: readonly string[]): string[] {
  const needs = needsOf(ds, type);
  return fields.filter((f) => !needs.has(f));
}
