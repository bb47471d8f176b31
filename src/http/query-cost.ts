/**
 * The cost limit (src/graphql/cost.ts), checked once the operation is known and before anything runs
 * for it: here rather than in a validation rule, because only here are its variables known, and
 * `first: $n` must count at the value of `$n`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { getVariableValues, Kind, type FragmentDefinitionNode } from 'graphql';
import type { Config } from '../config';
import { DEFAULT_PAGE_SIZE } from '../read/paging';
import type { RequestContext } from './request-context';
import { operationCost } from '../graphql/cost';
import { queryTooCostly } from '../graphql/errors';

export function queryCostPlugin(
  config: Pick<Config, 'queryCostLimit' | 'maxPageSize'>,
): ApolloServerPlugin<RequestContext> {
  const options = { defaultPageSize: DEFAULT_PAGE_SIZE, maxPageSize: config.maxPageSize };
  return {
    async requestDidStart() {
      return {
        // Not async: Apollo calls the plugins' hooks in one `map`, and a synchronous throw stops it there,
        // before a provider's transaction opens or an idempotency key is claimed (src/http/apollo.ts).
        didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return Promise.resolve();
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // Variables that do not fit their types: execution refuses the request before any resolver runs.
          if (!variables.coerced) return Promise.resolve();
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
          const cost = operationCost(schema, fragments, operation, variables.coerced, options);
          if (cost > config.queryCostLimit) throw queryTooCostly(cost, config.queryCostLimit);
          return Promise.resolve();
        },
      };
    },
  };
}
