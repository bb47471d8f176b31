/**
 * Operations run through graphql-jit: each operation is compiled once into a function that resolves
 * its selection set without graphql-js's per-field interpretation, and kept in a bounded LRU keyed by
 * its query text's hash and operation name. Apollo takes it as a gateway (`load()` returns the schema
 * and this executor), so its whole request pipeline (parsing, validation, every plugin, formatError)
 * is unchanged; only execution is replaced.
 *
 * What graphql-js would answer differently is left to graphql-js: variables are coerced by it first
 * (its errors, which Apollo recognises as BAD_USER_INPUT), an operation graphql-jit cannot compile
 * runs in graphql-js, and so does a partner's request (its audit of reads keys objects by the path
 * objects graphql-js shares between sibling fields; src/http/partner-reads.ts).
 */
import { Lru } from '../lru';
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getVariableValues,
  GraphQLError,
  printSchema,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Context } from '../services/context';

/** Compiled operations kept (the least recently used is dropped beyond it). */
const COMPILED_LIMIT = 500;

/**
 * graphql-jit's errors share graphql-js's prototype but not its constructor (no `extensions` object,
 * no `nodes`): rebuilt as graphql-js builds a resolver's located error, so that Apollo and
 * src/graphql/errors.ts see what they see from graphql-js.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof GraphQLError && original.path) return original;
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: original ?? undefined,
    extensions: error.extensions,
  });
  (rebuilt as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}

export function jitExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiled = new Lru<CompiledQuery | null>(COMPILED_LIMIT);
  return async (requestContext) => {
    const { document, operation, queryHash, request } = requestContext;
    const contextValue = requestContext.context as Context;
    const variableValues = request.variables ?? {};
    const operationName = request.operationName;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues);
    if (coerced.errors) return { errors: coerced.errors };
    if (contextValue.partner) return execute({ schema, document, contextValue, variableValues, operationName });
    const key = `${queryHash}\u0000${operationName ?? ''}`;
    let query = compiled.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      compiled.set(key, (query = isCompiledQuery(result) ? result : null));
    }
    if (!query) return execute({ schema, document, contextValue, variableValues, operationName });
    const result = (await query.query(undefined, contextValue, variableValues)) as ExecutionResult;
    const errors = result.errors?.length ? result.errors.map(asGraphQLError) : undefined;
    return errors ? { data: result.data, errors } : { data: result.data };
  };
}

/** The schema as an Apollo gateway whose executor is graphql-jit's. */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const executor = jitExecutor(schema);
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    load: () => Promise.resolve({ schema, executor }),
    stop: () => Promise.resolve(),
  };
}
