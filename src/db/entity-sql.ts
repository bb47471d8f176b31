/**
 * Set-based reads without entity hydration (STYLE §9): select lists and row mappers generated
 * once per entity from the TypeORM metadata. Columns are aliased by property name, so a flat row
 * needs no mapping, and nested rows (`to_jsonb`) only need their timestamps turned into Dates.
 * Look-ahead reads only some properties of a row (src/read/field-columns.ts): the others are
 * then absent from the entity, never null.
 */
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

export interface EntitySql<T> {
  readonly table: string;
  /** Every property that is a column. */
  readonly properties: readonly string[];
  /** Database column of a property. */
  column(property: keyof T & string): string;
  /** `a."case_number" AS "caseNumber", …` for alias `a`: these properties (default: every column). */
  selectList(alias: string, properties?: readonly string[]): string;
  /** A flat row whose columns are aliased by property name → the entity with these properties (default: all). */
  fromRow(row: Record<string, unknown>, properties?: readonly string[]): T;
  /** A row that came back as JSON (nested reads) → the entity with these properties (default: all). */
  fromJson(json: Record<string, unknown>, properties?: readonly string[]): T;
}

const cache = new WeakMap<DataSource, Map<unknown, EntitySql<any>>>();

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function build<T>(metadata: EntityMetadata): EntitySql<T> {
  const columns = metadata.columns.map((c) => ({
    property: c.propertyName,
    column: c.databaseName,
    type: String(c.type),
  }));
  // Quoted once: look-ahead builds a statement per request from these.
  const quoted = new Map(columns.map((c) => [c.property, quote(c.column)]));
  const selected = new Map(columns.map((c) => [c.property, `${quote(c.column)} AS ${quote(c.property)}`]));
  const timestamps = columns
    .filter((c) => c.type === 'timestamptz' || c.type === 'timestamp' || c.type === 'timestamp with time zone')
    .map((c) => c.property);
  const properties = columns.map((c) => c.property);
  const prototype = (metadata.target as { prototype?: object }).prototype ?? Object.prototype;
  const column = (property: string): string => {
    const name = quoted.get(property);
    if (!name) throw new Error(`${metadata.name} has no column for ${property}`);
    return name;
  };
  const create = (source: Record<string, unknown>, only: readonly string[]): Record<string, unknown> => {
    const entity = Object.create(prototype) as Record<string, unknown>;
    for (const property of only) entity[property] = source[property];
    return entity;
  };
  return {
    table: quote(metadata.tableName),
    properties,
    column,
    selectList(alias, only = properties) {
      return only
        .map((p) => {
          const item = selected.get(p);
          if (!item) throw new Error(`${metadata.name} has no column for ${p}`);
          return `${alias}.${item}`;
        })
        .join(', ');
    },
    fromRow(row, only) {
      return (only ? create(row, only) : Object.assign(Object.create(prototype), row)) as T;
    },
    fromJson(json, only = properties) {
      const entity = create(json, only);
      for (const property of timestamps) {
        const value = entity[property];
        if (typeof value === 'string') entity[property] = new Date(value);
      }
      return entity as T;
    },
  };
}

/** The (cached) SQL helpers of an entity. */
export function entitySql<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>): EntitySql<T> {
  let perSource = cache.get(ds);
  if (!perSource) cache.set(ds, (perSource = new Map()));
  let sql = perSource.get(entity);
  if (!sql) perSource.set(entity, (sql = build<T>(ds.getMetadata(entity))));
  return sql;
}

/** Positional parameters for hand-built SQL: `p(value)` returns `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A copy to extend (a page query adds its cursor to the conditions of the count). */
  clone(): SqlParams {
    const copy = new SqlParams();
    copy.values.push(...this.values);
    return copy;
  }
}
