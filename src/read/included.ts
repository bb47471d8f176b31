/** Whether `@skip` and `@include` leave a selection in, as execution decides (the look-ahead, the cost estimate). */
import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, visit, type ASTNode } from 'graphql';

type Directed = Parameters<typeof getDirectiveValues>[1];

export function included(node: Directed, variables: Record<string, unknown> | undefined | null): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables ?? undefined);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables ?? undefined);
  return include?.if !== false;
}

/** The names of the variables written anywhere in `node`. */
export function variablesIn(node: ASTNode, into = new Set<string>()): Set<string> {
  visit(node, {
    Variable(v) {
      into.add(v.name.value);
    },
  });
  return into;
}

const known = new WeakMap<object, readonly string[]>();

/**
 * The variables an `@skip` or `@include` in `nodes` reads, sorted: what is selected depends on the
 * nodes and these alone. Found once per `key` (a parsed document or operation: Apollo keeps one
 * parsed document per query text).
 */
export function directiveVariables(key: object, nodes: () => Iterable<ASTNode>): readonly string[] {
  let names = known.get(key);
  if (!names) {
    const found = new Set<string>();
    for (const node of nodes()) {
      visit(node, {
        Directive(directive) {
          if (directive.name.value === 'skip' || directive.name.value === 'include') variablesIn(directive, found);
        },
      });
    }
    known.set(key, (names = [...found].sort()));
  }
  return names;
}
