/** The GraphQL types of Relay cursor connections (the paging itself is src/read/paging.ts). */
import { ClassType, Field, Int, ObjectType, Authorized } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, type PageInfo as PageInfoData } from '../read/paging';

@Authorized()
@ObjectType({
  description:
    'Where a page of a list stands (Relay cursor connections, SPEC §2). Lists are read forwards: pass `endCursor` ' +
    'as `after` to get the next page.',
})
export class PageInfo implements PageInfoData {
  @Field({ description: 'More items follow this page: ask again with `after: endCursor`.' })
  hasNextPage: boolean;

  @Field({
    description: 'This page was read after a cursor (`after` was given), so items precede it; false on the first page.',
  })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "The first edge's cursor; null when the page is empty." })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The last edge's cursor, the `after` of the next page; null when the page is empty.",
  })
  endCursor: string | null;
}

/** Declares `XEdge` and `XConnection` object types for a node type. */
export function ConnectionType<T extends object>(node: ClassType<T>, name = node.name) {
  @Authorized()
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page of a list, with its cursor.` })
  class EdgeType {
    @Field({
      description:
        `Opaque: as \`after\`, it continues the list after this ${name}. Valid only for the list and order ` +
        'it came from; anything else is refused as a bad cursor.',
    })
    cursor: string;

    @Field(() => node, { description: `The ${name} at this place in the list.` })
    node: T;
  }

  @Authorized()
  @ObjectType(`${name}Connection`, {
    description: `A page of a list of ${name} items, in the list's order (a Relay cursor connection, SPEC §2).`,
  })
  class ConnectionClass {
    @Field(() => [EdgeType], {
      description:
        `The ${name} items of this page with their cursors: at most \`first\` (${DEFAULT_PAGE_SIZE} when ` +
        'left out; a larger `first` than the MAX_PAGE_SIZE setting is refused).',
    })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether more items follow, and the cursors to continue from.' })
    pageInfo: PageInfo;

    @Field(() => Int, {
      description:
        `How many ${name} items the whole list holds (its filter applied, all pages together); ` +
        'counted only when asked for.',
    })
    totalCount: number;
  }
  return ConnectionClass;
}
