/**
 * The deprecation policy (docs/deprecation-policy.md): nothing in the schema is deprecated without a reason that
 * names its replacement, in backticks, as a name a client can select instead — a sibling (another field of the
 * same type, argument of the same field, value of the same enum, field of the same input) or `Type.field` — that
 * exists and is not deprecated itself. Checked on schema.graphql as partners see it, parsed by graphql-js.
 */
import { readFile } from 'node:fs/promises';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';

/** Something deprecated: where it is, its reason, and the names beside it that could replace it. */
interface Deprecated {
  where: string;
  reason: string;
  siblings: Map<string, string | null | undefined>;
}

function deprecatedIn(schema: GraphQLSchema): Deprecated[] {
  const found: Deprecated[] = [];
  const add = (where: string, reason: string | null | undefined, siblings: Deprecated['siblings']) => {
    if (reason != null) found.push({ where, reason, siblings });
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const siblings = new Map(fields.map((f) => [f.name, f.deprecationReason]));
      for (const field of fields) {
        add(`${type.name}.${field.name}`, field.deprecationReason, siblings);
      }
      if (isInputObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const args = new Map(field.args.map((a) => [a.name, a.deprecationReason]));
        for (const arg of field.args) add(`${type.name}.${field.name}(${arg.name})`, arg.deprecationReason, args);
      }
    }
    if (isEnumType(type)) {
      const values = new Map(type.getValues().map((v) => [v.name, v.deprecationReason]));
      for (const value of type.getValues()) add(`${type.name}.${value.name}`, value.deprecationReason, values);
    }
  }
  return found;
}

/** What is wrong with a deprecation's reason under the policy, or null. */
function problemOf(schema: GraphQLSchema, d: Deprecated): string | null {
  if (!d.reason.trim() || d.reason.trim() === 'No longer supported') return `${d.where}: no reason given`;
  const quoted = /`([^`]+)`/.exec(d.reason);
  const name = quoted && /^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)?/.exec(quoted[1].trim())?.[0];
  if (!name) return `${d.where}: the reason names no replacement in backticks`;
  let replacement: string | null | undefined;
  if (name.includes('.')) {
    const [typeName, fieldName] = name.split('.');
    const type = schema.getType(typeName);
    const field =
      type && (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))
        ? type.getFields()[fieldName]
        : undefined;
    if (!field) return `${d.where}: its replacement \`${name}\` is not in the schema`;
    replacement = field.deprecationReason;
  } else {
    if (!d.siblings.has(name) || d.where.endsWith(`.${name}`) || d.where.endsWith(`(${name})`))
      return `${d.where}: its replacement \`${name}\` is not beside it`;
    replacement = d.siblings.get(name);
  }
  return replacement == null ? null : `${d.where}: its replacement \`${name}\` is deprecated too`;
}

const problems = (schema: GraphQLSchema) =>
  deprecatedIn(schema)
    .map((d) => problemOf(schema, d))
    .filter((p) => p !== null);

describe('deprecations in schema.graphql', () => {
  it('each names an existing replacement that is not deprecated', async () => {
    const schema = buildSchema(await readFile('schema.graphql', 'utf8'));
    const deprecated = deprecatedIn(schema);
    // Today's: Notification.letterFile, replaced by `document { downloadUrl }`.
    expect(deprecated.map((d) => d.where)).toContain('Notification.letterFile');
    expect(problems(schema)).toEqual([]);
  });

  it('refuses a reason that is empty, names nothing, or names what is absent or deprecated', () => {
    const schema = buildSchema(`
      type Query {
        plain: String @deprecated
        vague: String @deprecated(reason: "Going away soon.")
        missing: String @deprecated(reason: "Use \`nowhere\`.")
        circular: String @deprecated(reason: "Use \`vague\`.")
        elsewhere: String @deprecated(reason: "Use \`Thing.name\`.")
        good: String @deprecated(reason: "Renamed: \`current\`.")
        current: String
        list(first: Int @deprecated(reason: "Use \`limit\`."), limit: Int, size: Int @deprecated(reason: "Use \`big\`.")): [String]
      }
      type Thing { label: String }
      input Filter { q: String @deprecated(reason: "Use \`search\`."), search: String }
      enum Kind { OLD @deprecated(reason: "Use \`NEW\`."), NEW, GONE @deprecated(reason: "") }
    `);
    expect(problems(schema)).toEqual([
      'Query.plain: no reason given',
      'Query.vague: the reason names no replacement in backticks',
      'Query.missing: its replacement `nowhere` is not beside it',
      'Query.circular: its replacement `vague` is deprecated too',
      'Query.elsewhere: its replacement `Thing.name` is not in the schema',
      'Query.list(size): its replacement `big` is not beside it',
      'Kind.GONE: no reason given',
    ]);
  });
});
