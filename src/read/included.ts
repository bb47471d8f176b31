/** Whether `@skip` and `@include` leave a selection in, as execution decides (the look-ahead, the cost estimate). */
import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective } from 'graphql';

type Directed = Parameters<typeof getDirectiveValues>[1];

export function included(node: Directed, variables: Record<string, unknown> | undefined | null): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables ?? undefined);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables ?? undefined);
  return include?.if !== false;
}
