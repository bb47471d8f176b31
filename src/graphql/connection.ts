/** The GraphQL types of Relay cursor connections (the paging itself is src/read/paging.ts). */
import { ClassType, Field, Int, ObjectType, Authorized } from 'type-graphql';
import type { PageInfo as PageInfoData } from '../read/paging';

@Authorized()
@ObjectType()
export class PageInfo implements PageInfoData {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** Declares `XEdge` and `XConnection` object types for a node type. */
export function ConnectionType<T extends object>(node: ClassType<T>, name = node.name) {
  @Authorized()
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @Authorized()
  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionClass;
}
