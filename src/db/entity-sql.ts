/**
 * Set-based reads without entity hydration (STYLE §9): select lists and row mappers generated
 * once per entity from the TypeORM metadata. Columns are aliased by property name, so a flat row
 * needs no mapping, and nested rows (`to_jsonb`) only need their timestamps turned into Dates.
 */
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

export interface EntitySql<T> {
  readonly table: string;
  /** Database column of a property. */
  column(property: keyof T & string): string;
  /** `a."case_number" AS "caseNumber", …` for alias `a`. */
  selectList(alias: string): string;
  /** A flat row whose columns are aliased by property name → the entity. */
  fromRow(row: Record<string, unknown>): T;
  /** A row that came back as JSON (nested reads) → the entity. */
  fromJson(json: Record<string, unknown>): T;
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
  const byProperty = new Map(columns.map((c) => [c.property, c.column]));
  const timestamps = columns
    .filter((c) => c.type === 'timestamptz' || c.type === 'timestamp' || c.type === 'timestamp with time zone')
    .map((c) => c.property);
  const prototype = (metadata.target as { prototype?: object }).prototype ?? Object.prototype;
  return {
    table: quote(metadata.tableName),
    column(property) {
      const column = byProperty.get(property);
      if (!column) throw new Error(`${metadata.name} has no column for ${property}`);
      return quote(column);
    },
    selectList(alias) {
      return columns.map((c) => `${alias}.${quote(c.column)} AS ${quote(c.property)}`).join(', ');
    },
    fromRow(row) {
      return Object.assign(Object.create(prototype), row) as T;
    },
    fromJson(json) {
      const entity = Object.assign(Object.create(prototype), json) as Record<string, unknown>;
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
