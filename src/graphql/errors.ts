/**
 * The one place where errors become GraphQL errors with `extensions.code` (STYLE §10–12).
 * Expected business outcomes are payload data (`UserError`), not exceptions.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { AuthError } from '../auth/identity';
import { isConnectionError } from '../db/connection-errors';
import { IdempotencyError } from '../domain/idempotency';
import { InputError } from '../domain/input-error';

/** The code of a request the database could not serve right now: answered with HTTP 503 and Retry-After. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/** Seconds a client is told to wait before retrying a request answered 503. */
export const RETRY_AFTER_SECONDS = 2;

const UNAVAILABLE_MESSAGE = 'the service cannot reach its database for a moment: retry the request shortly';

/** A request refused before execution because the database cannot be reached (HTTP 503, Retry-After). */
export function serviceUnavailable(): GraphQLError {
  return new GraphQLError(UNAVAILABLE_MESSAGE, {
    extensions: {
      code: SERVICE_UNAVAILABLE,
      http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}

/** Whether an answer carries an error of the database being unavailable: it goes out as HTTP 503. */
export function isUnavailable(errors: readonly GraphQLFormattedError[] | undefined): boolean {
  return !!errors?.some((e) => e.extensions?.code === SERVICE_UNAVAILABLE);
}

/** A value the client sent that the service cannot take (src/graphql/input-check.ts): HTTP 400, naming the field. */
export function badUserInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });
}

/**
 * What a message must not say, whatever the mode: the token limit (a parse error names it), and the
 * server library with how to turn introspection on.
 */
const UNDISCLOSED: [RegExp, string][] = [
  // graphql-js 16 says "more that N tokens".
  [/^Syntax Error: Document contains more tha[nt] \d+ tokens\..*$/s, 'Syntax Error: the document is too large.'],
  [/^GraphQL introspection is not allowed.*$/s, 'introspection is disabled'],
];

/** Outside development: no "Did you mean …?" (a field, an argument, an enum value): the schema is not shown. */
const SUGGESTION = /\s*Did you mean [^?]*\?$/;

function publicMessage(message: string, exposeDetails: boolean): string {
  const neutral = UNDISCLOSED.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
  return exposeDetails ? neutral : neutral.replace(SUGGESTION, '');
}

/** The code of an operation refused before it runs because it could cost too much (HTTP 400). */
export const QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY';

/** An operation whose estimated cost (src/graphql/cost.ts) is over the limit: refused before it runs. */
export function queryTooCostly(cost: number, limit: number): GraphQLError {
  return new GraphQLError(
    `the query's estimated cost ${cost} is over the limit of ${limit}: ask for smaller pages or fewer nested lists`,
    { extensions: { code: QUERY_TOO_COSTLY, http: { status: 400 } } },
  );
}

/** The code of a request over its caller's rate limit (HTTP 429, Retry-After). */
export const RATE_LIMITED = 'RATE_LIMITED';

/** A request over its caller's rate limit (src/http/rate-limit.ts): retry after so many seconds. */
export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`too many requests: retry in ${retryAfterSeconds} s`, {
    extensions: {
      code: RATE_LIMITED,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

/** The code of an operation refused because its caller may run only the registered documents (HTTP 400). */
export const OPERATION_NOT_TRUSTED = 'OPERATION_NOT_TRUSTED';

/** An operation that is not a trusted document, from a role held to them (src/partners/): refused before parsing. */
export function operationNotTrusted(role: string): GraphQLError {
  return new GraphQLError(
    `${role} may run only the registered (trusted) documents, sent by their exact text or by their id ` +
      '(extensions.persistedQuery.sha256Hash): this operation is not one of them (see docs/partners.md)',
    { extensions: { code: OPERATION_NOT_TRUSTED, http: { status: 400 } } },
  );
}

const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  SERVICE_UNAVAILABLE,
  QUERY_TOO_COSTLY,
  RATE_LIMITED,
  OPERATION_NOT_TRUSTED,
]);

export type ErrorLogger = (error: unknown) => void;

/** Apollo's `formatError`: known errors keep their code and message; anything else is hidden and logged. */
export function createFormatError(log: ErrorLogger, exposeDetails: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const message = publicMessage(formatted.message, exposeDetails);
    const base = { message, locations: formatted.locations, path: formatted.path };
    if (original instanceof AuthError) {
      return { ...base, message: original.message, extensions: { code: original.code } };
    }
    if (original instanceof InputError) {
      return {
        ...base,
        message: original.message,
        extensions: { code: 'BAD_USER_INPUT', ...(original.field ? { field: original.field } : {}) },
      };
    }
    // A statement before execution (an idempotency key's claim) arrives wrapped in a GraphQLError: looked into too.
    if (isConnectionError(original)) {
      return { ...base, message: UNAVAILABLE_MESSAGE, extensions: { code: SERVICE_UNAVAILABLE } };
    }
    // Refused before execution (src/http/idempotency.ts: wrapped, carrying its HTTP status) or by a mutation.
    const idempotency = original instanceof GraphQLError ? original.originalError : original;
    if (idempotency instanceof IdempotencyError) {
      return { ...base, message: idempotency.message, extensions: { code: idempotency.code } };
    }
    if (original instanceof ArgumentValidationError) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const field = code === 'BAD_USER_INPUT' ? formatted.extensions?.field : undefined;
      return { ...base, extensions: { code, ...(typeof field === 'string' ? { field } : {}) } };
    }
    if (original instanceof GraphQLError && !original.originalError && !formatted.path) {
      // Parse and validation errors from graphql-js itself.
      return { ...base, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    }
    log(original);
    return {
      message: exposeDetails && original instanceof Error ? original.message : 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
