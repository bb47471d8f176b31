/** Relay refetching (issue 17): any object by its id alone, as the rest of the graph would show it to the caller. */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import { Node } from '../graphql/node';
import { nodeReading } from '../graphql/node-types';
import type { AuthenticatedContext } from '../services/context';
import type { Services } from '../services/services';

@Resolver()
export class NodeResolver {
  constructor(private readonly services: Pick<Services, 'nodes'>) {}

  // Every caller: what each may find is its row scope and the rules of the type found.
  @Authorized()
  @Query(() => Node, {
    nullable: true,
    description:
      'The object with this id, of whatever type (Relay refetching). Null when the id names nothing, names ' +
      'what the caller may not read, or is not a UUID — as `complaint(id:)` answers; its fields then follow ' +
      'the rules of its type. A partner finds through it only complaints, cases, the records of a complaint ' +
      'and reference data; it reaches the rest through those.',
  })
  node(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { description: 'The id of any object (its `id` field).' }) id: string,
  ): Promise<Node | null> {
    return this.services.nodes.one(ctx, id, nodeReading(info, ctx));
  }

  @Authorized()
  @Query(() => [Node], {
    nullable: 'items',
    description:
      'The objects with these ids, in their order, each as `node(id:)` answers it (null where it would be ' +
      'null); at most MAX_PAGE_SIZE ids (100 unless configured).',
  })
  nodes(
    @Ctx() ctx: AuthenticatedContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('ids', () => [ID], { description: 'Ids of any objects (at most MAX_PAGE_SIZE); answered in this order.' })
    ids: string[],
  ): Promise<(Node | null)[]> {
    return this.services.nodes.many(ctx, ids, nodeReading(info, ctx));
  }
}
