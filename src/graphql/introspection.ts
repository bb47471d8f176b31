/**
 * Who may introspect the schema. In development, every authenticated caller (Apollo's `introspection`
 * option alone). Elsewhere only with the explorer on (`EXPLORER=on`, src/http/explorer.ts), and then only
 * members of staff: the explorer's page carries no data and fetches the schema with the token its user
 * gave, so what it shows is what that token may see. Partners are held to their documented operations.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import type { Identity } from '../auth/identity';
import type { Context } from '../services/context';

/** The fields that read the schema itself (`__typename` does not). */
const SCHEMA_FIELDS = new Set(['__schema', '__type']);

/** Whether any field of the document (its fragments too) reads the schema. */
export function readsSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (!SCHEMA_FIELDS.has(node.name.value)) return undefined;
      found = true;
      return false;
    },
  });
  return found;
}

/** Whether a caller may introspect when the explorer is on outside development: members of staff. */
export function mayIntrospect(identity: Identity | null): boolean {
  return identity?.staffId != null;
}

/**
 * The refusal, in the words and code of the refusal when introspection is off for everyone (a validation
 * failure, HTTP 400): a partner learns nothing about who may.
 */
function introspectionRefused(): GraphQLError {
  return new GraphQLError('introspection is disabled', {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
}

/**
 * Refuses introspection to a caller who is not staff. Not an async hook, and placed first: Apollo starts
 * every plugin's didResolveOperation in turn within one `map`, so a throw here stops the rest (an
 * idempotency key's claim, a provider's transaction) from starting, as a validation rule would.
 */
export function staffIntrospectionPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        didResolveOperation({ contextValue, document }) {
          if (!mayIntrospect(contextValue.identity) && readsSchema(document)) throw introspectionRefused();
          return Promise.resolve();
        },
      };
    },
  };
}
