/**
 * docs/fields-by-role.md (issue 17): for each role, the operations it may call and the fields it may select
 * on every type it can reach, generated from the same `@Authorized` rules the gateway enforces
 * (src/graphql/schema.ts, auth-checker.ts), so that a partner never meets a refused field by surprise.
 * `npm run schema:emit` writes it beside schema.graphql; test/fields-by-role.test.ts fails when it is stale.
 */
import { getNamedType, isObjectType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { ENUM_DOCS } from '../domain/enum-docs';
import { Role } from '../domain/enums';
import { maySelect, RECORD_FIELDS, type FieldRules } from './auth-checker';

interface TypeAccess {
  type: GraphQLObjectType;
  allowed: string[];
  refused: string[];
}

/**
 * The object types `role` reaches from the operations it may call, through the fields it may select. The
 * `Node` interface of `node(id)` is not followed: it names every type with an id, while what it answers
 * depends on the caller's rows as well (src/graphql/node-types.ts).
 */
export function reachableTypes(schema: GraphQLSchema, rules: FieldRules, role: Role): TypeAccess[] {
  const seen = new Map<string, TypeAccess>();
  const queue: GraphQLNamedType[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType()])
    for (const field of Object.values(root?.getFields() ?? {}))
      if (maySelect(rules, `${root!.name}.${field.name}`, role)) queue.push(getNamedType(field.type));
  for (let type = queue.shift(); type; type = queue.shift()) {
    if (!isObjectType(type) || seen.has(type.name)) continue;
    const fields = Object.values(type.getFields());
    const allowed = fields.filter((f) => maySelect(rules, `${type.name}.${f.name}`, role));
    seen.set(type.name, {
      type,
      allowed: allowed.map((f) => f.name),
      refused: fields.filter((f) => !allowed.includes(f)).map((f) => f.name),
    });
    for (const field of allowed) queue.push(getNamedType(field.type));
  }
  return [...seen.values()].sort((a, b) => a.type.name.localeCompare(b.type.name));
}

function operations(schema: GraphQLSchema, rules: FieldRules, role: Role, root: GraphQLObjectType | null | undefined) {
  const names = Object.keys(root?.getFields() ?? {})
    .filter((name) => maySelect(rules, `${root!.name}.${name}`, role))
    .sort();
  return names.length ? names.map((name) => `\`${name}\``).join(', ') : '(none)';
}

const INTRO = `# What each role may select

Generated from the gateway's authorization rules (the \`@Authorized\` rule on every operation and field) by
\`npm run schema:emit\`, beside \`schema.graphql\`; \`test/fields-by-role.test.ts\` fails when it is stale, so this is
what the gateway enforces.

For each role: the operations it may call, and every type it can reach through them with the fields it may select.
A field a role may not select is refused, not hidden: the response carries an error with
\`extensions.code: FORBIDDEN\` and the field's \`path\`, and \`null\` in its place (a non-null field's parent becomes
null). Select only what is listed for your role. Which **rows** a role sees is a separate rule (SPEC §3, e.g. a
provider only its own complaints): a row outside the caller's scope is absent from lists and \`null\` when asked
for by id, never an error. \`node(id)\` and \`nodes(ids)\` are not followed here: they answer with an object only
where the role could read it, under the same field rules; a partner finds through them only complaints, cases,
the records of a complaint and reference data.
`;

/** The whole page, roles in the order of the Role enum. */
export function roleGuide(schema: GraphQLSchema, rules: FieldRules): string {
  const roleDocs = ENUM_DOCS.Role.values;
  const sections = Object.values(Role).map((role) => {
    const types = reachableTypes(schema, rules, role).filter((t) => t.allowed.some((f) => !RECORD_FIELDS.has(f)));
    const rows = types.map(({ type, allowed, refused }) => {
      const may = refused.length === 0 ? 'all fields' : allowed.join(', ');
      return `| \`${type.name}\` | ${may} | ${refused.join(', ') || '—'} |`;
    });
    return [
      `## ${role}`,
      '',
      roleDocs[role],
      '',
      `- **Queries:** ${operations(schema, rules, role, schema.getQueryType())}`,
      `- **Mutations:** ${operations(schema, rules, role, schema.getMutationType())}`,
      '',
      '| Type | May select | May not select |',
      '|---|---|---|',
      ...rows,
    ].join('\n');
  });
  const contents = Object.values(Role)
    .map((role) => `[${role}](#${role.toLowerCase()})`)
    .join(' · ');
  return `${INTRO}\n${contents}\n\n${sections.join('\n\n')}\n`;
}
