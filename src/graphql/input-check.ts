/**
 * The one check of every string and date a request carries, written inline or sent as a variable, by the
 * type it is given to: text without the NUL character (PostgreSQL refuses it, aborting a provider's
 * transaction) or a lone surrogate (not Unicode: stored as U+FFFD), dates and instants within the years
 * the service deals in. A bad value is BAD_USER_INPUT naming its argument path (`input.complainant.lastName`)
 * before any resolver or plugin touches the database.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { EARLIEST_YEAR, isCalendarDate, isInServiceYears, LATEST_YEAR } from '../domain/calendar-date';
import type { Context } from '../services/context';
import { badUserInput } from './errors';

export interface BadInput {
  field: string;
  message: string;
}

type Variables = Record<string, unknown> | undefined;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(text: string, field: string): BadInput | null {
  if (text.includes('\u0000')) return { field, message: `${field}: text may not contain the NUL character` };
  if (LONE_SURROGATE.test(text)) return { field, message: `${field}: text contains a lone surrogate (not Unicode)` };
  return null;
}

const YEARS = `the years ${EARLIEST_YEAR} to ${LATEST_YEAR}`;

/** A scalar's value: text checked, a date or an instant within the service's years; JSON walked for its text. */
function checkScalar(scalar: string, value: unknown, field: string): BadInput | null {
  if (typeof value === 'string') {
    const text = checkText(value, field);
    if (text) return text;
    if (scalar === 'LocalDate' && isCalendarDate(value) && !isInServiceYears(Number(value.slice(0, 4)))) {
      return { field, message: `${field}: ${value} is not a date within ${YEARS}` };
    }
    const instant = scalar === 'DateTime' ? new Date(value) : null;
    if (instant && !Number.isNaN(instant.getTime()) && !isInServiceYears(instant.getUTCFullYear())) {
      return { field, message: `${field}: ${value.slice(0, 40)} is not an instant within ${YEARS}` };
    }
    return null;
  }
  if (Array.isArray(value)) return firstOf(value.map((v, i) => () => checkScalar(scalar, v, `${field}.${i}`)));
  if (value && typeof value === 'object') {
    return firstOf(
      Object.entries(value).map(
        ([k, v]) =>
          () =>
            checkText(k, field) ?? checkScalar(scalar, v, field),
      ),
    );
  }
  return null;
}

function firstOf(checks: (() => BadInput | null)[]): BadInput | null {
  for (const check of checks) {
    const found = check();
    if (found) return found;
  }
  return null;
}

/** A variable's value (JSON) as the input type it is given to. */
function checkValue(value: unknown, type: GraphQLInputType, field: string): BadInput | null {
  const nullable = getNullableType(type);
  if (value === null || value === undefined) return null;
  if (isListType(nullable)) {
    const item = nullable.ofType;
    if (!Array.isArray(value)) return checkValue(value, item, field);
    return firstOf(value.map((v, i) => () => checkValue(v, item, `${field}.${i}`)));
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return null;
    const fields = nullable.getFields();
    return firstOf(
      Object.entries(value).map(
        ([key, v]) =>
          () =>
            fields[key] ? checkValue(v, fields[key].type, `${field}.${key}`) : null,
      ),
    );
  }
  return isScalarType(nullable) ? checkScalar(nullable.name, value, field) : null;
}

/** A value written in the document; a variable in it is checked as the type of the place it is used in. */
function checkLiteral(node: ValueNode, type: GraphQLInputType, field: string, variables: Variables): BadInput | null {
  const nullable = getNullableType(type);
  switch (node.kind) {
    case Kind.VARIABLE:
      return checkValue(variables?.[node.name.value], type, field);
    case Kind.LIST: {
      const item = isListType(nullable) ? nullable.ofType : nullable;
      return firstOf(node.values.map((v, i) => () => checkLiteral(v, item, `${field}.${i}`, variables)));
    }
    case Kind.OBJECT: {
      if (!isInputObjectType(nullable)) return null;
      const fields = nullable.getFields();
      return firstOf(
        node.fields.map((f) => () => {
          const def = fields[f.name.value];
          return def ? checkLiteral(f.value, def.type, `${field}.${f.name.value}`, variables) : null;
        }),
      );
    }
    case Kind.STRING:
      return isScalarType(nullable) ? checkScalar(nullable.name, node.value, field) : null;
    default:
      return null;
  }
}

/** A value written in an operation (an argument's, a variable's default) and the input type it is for. */
interface Site {
  node: ValueNode;
  type: GraphQLInputType;
  field: string;
  /** A variable's default is checked as written, never with the request's variables. */
  isDefault: boolean;
}

/**
 * The places of an operation (its own and its fragments') where values are written, found once per
 * parsed operation: Apollo keeps one document per query text, so a request only checks values.
 */
const sitesOf = new WeakMap<OperationDefinitionNode, readonly Site[]>();

function findSites(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): readonly Site[] {
  const sites: Site[] = [];
  const typeInfo = new TypeInfo(schema);
  const definitions = document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of definitions) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        VariableDefinition(node) {
          const type = typeFromAST(schema, node.type) as GraphQLInputType | undefined;
          if (type && node.defaultValue)
            sites.push({ node: node.defaultValue, type, field: `$${node.variable.name.value}`, isDefault: true });
          return false;
        },
        Argument(node) {
          const argument = typeInfo.getArgument();
          if (argument) sites.push({ node: node.value, type: argument.type, field: node.name.value, isDefault: false });
          return false;
        },
      }),
    );
  }
  return sites;
}

/** The first bad value of an operation (its arguments, its fragments', its variables' defaults), or null. */
export function findBadInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
): BadInput | null {
  let sites = sitesOf.get(operation);
  if (!sites) sitesOf.set(operation, (sites = findSites(schema, document, operation)));
  for (const site of sites) {
    const bad = checkLiteral(site.node, site.type, site.field, site.isDefault ? {} : variables);
    if (bad) return bad;
  }
  return null;
}

/**
 * Refuses a request with a bad value once its operation is resolved. Not an async hook, and the first
 * plugin: Apollo starts every plugin's didResolveOperation in turn within one `map`, so a throw here stops
 * the ones after it (an idempotency key's claim, a provider's transaction) from starting at all.
 */
export function inputCheckPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        didResolveOperation({ schema, document, operation, request }) {
          const bad = operation ? findBadInput(schema, document, operation, request.variables) : null;
          if (bad) throw badUserInput(bad.message, bad.field);
          return Promise.resolve();
        },
      };
    },
  };
}
