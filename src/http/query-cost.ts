/**
 * The cost limit (src/graphql/cost.ts), checked once the operation is known and before anything runs
 * for it: here rather than in a validation rule, because only here are its variables known, and
 * `first: $n` must count at the value of `$n`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLRequest } from '@apollo/server';
import {
  getVariableValues,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { Lru } from '../lru';
import type { Config } from '../config';
import { directiveVariables, variablesIn } from '../read/included';
import { DEFAULT_PAGE_SIZE } from '../read/paging';
import type { RequestContext } from './request-context';
import { operationCost } from '../graphql/cost';
import { queryTooCostly } from '../graphql/errors';

/** Costs known per parsed operation (Apollo keeps one document per query text). */
interface KnownCosts {
  /** The variables the estimate can read (in a `first`, an `@skip`/`@include`): the cost depends on these alone. */
  reads: readonly string[];
  /** Costs by the JSON of those variables' values (a few per operation, the least recently used dropped). */
  costs: Lru<number>;
}

const COSTS_PER_OPERATION = 20;

/** The variables written in a `first` argument or an `@skip`/`@include` anywhere in the document. */
function costVariables(document: DocumentNode): string[] {
  const names = new Set(directiveVariables(document, () => [document]));
  visit(document, {
    Argument(node) {
      if (node.name.value === 'first') variablesIn(node.value, names);
    },
  });
  return [...names].sort();
}

export function queryCostPlugin(
  config: Pick<Config, 'queryCostLimit' | 'maxPageSize'>,
): ApolloServerPlugin<RequestContext> {
  const options = { defaultPageSize: DEFAULT_PAGE_SIZE, maxPageSize: config.maxPageSize };
  const costs = new WeakMap<OperationDefinitionNode, KnownCosts>();
  const estimate = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    request: GraphQLRequest,
  ): number | null => {
    let known = costs.get(operation);
    if (!known) costs.set(operation, (known = { reads: costVariables(document), costs: new Lru(COSTS_PER_OPERATION) }));
    // An operation whose cost reads no variable costs the same on every request: its variables are not looked at.
    if (known.reads.length === 0) {
      const cost = known.costs.get('');
      if (cost !== undefined) return cost;
    }
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
    // Variables that do not fit their types: execution refuses the request before any resolver runs.
    if (!variables.coerced) return null;
    const values = variables.coerced;
    const key = known.reads.length === 0 ? '' : JSON.stringify(known.reads.map((name) => values[name] ?? null));
    let cost = known.costs.get(key);
    if (cost === undefined) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      known.costs.set(key, (cost = operationCost(schema, fragments, operation, values, options)));
    }
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        // Not async: Apollo calls the plugins' hooks in one `map`, and a synchronous throw stops it there,
        // before a provider's transaction opens or an idempotency key is claimed (src/http/apollo.ts).
        didResolveOperation({ schema, document, operation, request }) {
          const cost = operation ? estimate(schema, document, operation, request) : null;
          if (cost !== null && cost > config.queryCostLimit) throw queryTooCostly(cost, config.queryCostLimit);
          return Promise.resolve();
        },
      };
    },
  };
}
