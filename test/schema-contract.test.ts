/**
 * The schema as a contract (issue 17): each mutation has its own `…Input` and `…Payload`, and every
 * payload answers the same way: `errors` the user can correct and `userWarnings` with a code each.
 * Checked on the schema the code builds, so a new mutation that shares a type fails here. And the schema
 * documents itself: descriptions on at least 95 % of its types, fields, arguments and enum values.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../src/graphql/schema';
import { createServices } from '../src/services/services';

let schema: GraphQLSchema;
let mutations: GraphQLField<unknown, unknown>[];
const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

beforeAll(async () => {
  schema = await createSchema(createServices());
  mutations = Object.values(schema.getMutationType()!.getFields());
});

describe('mutations', () => {
  it('each take one `input: <Name>Input!` and return `<Name>Payload!`, shared with no other', () => {
    const wrong = mutations.flatMap((m) => {
      const name = capitalised(m.name);
      const [arg, ...more] = m.args;
      const problems: string[] = [];
      if (more.length || arg?.name !== 'input') problems.push(`${m.name}: takes ${m.args.map((a) => a.name)}`);
      if (arg && String(arg.type) !== `${name}Input!`) problems.push(`${m.name}: input is ${String(arg.type)}`);
      if (String(m.type) !== `${name}Payload!`) problems.push(`${m.name}: returns ${String(m.type)}`);
      return problems;
    });
    expect(wrong).toEqual([]);
    // Names as above make each type one mutation's own; and no two mutations share one by another route.
    const used = mutations.flatMap((m) => [getNamedType(m.type).name, getNamedType(m.args[0].type).name]);
    expect(new Set(used).size).toBe(mutations.length * 2);
  });

  it('all answer with `errors` and `userWarnings`, each warning with a code', () => {
    const wrong = mutations.flatMap((m) => {
      const payload = getNamedType(m.type);
      if (!isObjectType(payload)) return [`${m.name}: ${payload.name} is not an object type`];
      const fields = payload.getFields();
      return [
        String(fields.errors?.type) === '[UserError!]!' ? [] : [`${payload.name}.errors`],
        String(fields.userWarnings?.type) === '[UserWarning!]!' ? [] : [`${payload.name}.userWarnings`],
      ].flat();
    });
    expect(wrong).toEqual([]);
    const warning = schema.getType('UserWarning');
    if (!isObjectType(warning)) throw new Error('no UserWarning type');
    expect(String(warning.getFields().code.type)).toBe('UserWarningCode!');
    expect(isNonNullType(warning.getFields().message.type)).toBe(true);
  });

  it('keep the text-only `warnings` where clients had it, deprecated in favour of `userWarnings`', () => {
    const texts = mutations
      .map((m) => getNamedType(m.type))
      .filter(isObjectType)
      .map((payload) => payload.getFields().warnings)
      .filter(Boolean);
    // The 24 complaint mutations (with their response, escalation or evidence), the two provider-response and two
    // webhook ones: those whose payload had `warnings: [String!]!` before warnings had codes.
    expect(texts.length).toBe(29);
    for (const field of texts) {
      expect(String(field.type)).toBe('[String!]!');
      expect(field.deprecationReason).toMatch(/`userWarnings`/);
    }
  });

  it('take inputs that are input types of their own, described', () => {
    for (const m of mutations) {
      const input = getNamedType(m.args[0].type);
      expect(isInputObjectType(input), m.name).toBe(true);
      expect(getNamedType(m.type).description, `${m.name}'s payload`).toBeTruthy();
    }
  });
});

/** Every type, field, argument and enum value of the schema (built-in scalars and introspection aside). */
function elements(schema: GraphQLSchema): { name: string; description: string | null | undefined }[] {
  const all: { name: string; description: string | null | undefined }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    all.push({ name: type.name, description: type.description });
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))
      for (const field of Object.values(type.getFields())) {
        all.push({ name: `${type.name}.${field.name}`, description: field.description });
        for (const arg of 'args' in field ? field.args : [])
          all.push({ name: `${type.name}.${field.name}(${arg.name})`, description: arg.description });
      }
    if (isEnumType(type))
      for (const value of type.getValues())
        all.push({ name: `${type.name}.${value.name}`, description: value.description });
  }
  return all;
}

describe('descriptions', () => {
  it('are on at least 95 % of types, fields, arguments and enum values', () => {
    const all = elements(schema);
    const missing = all.filter((e) => !e.description?.trim()).map((e) => e.name);
    const share = (all.length - missing.length) / all.length;
    console.log(`described: ${all.length - missing.length} of ${all.length} (${(share * 100).toFixed(1)} %)`);
    expect(all.length).toBeGreaterThan(1000);
    expect(share, `undescribed: ${missing.join(', ')}`).toBeGreaterThanOrEqual(0.95);
  });
});
