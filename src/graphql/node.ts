/**
 * Relay's Global Object Identification: the `Node` interface. Every object type with an id implements
 * it through BaseEntity (src/entities/base.entity.ts); `Query.node` (src/resolvers/node.resolver.ts)
 * finds an object again by that id alone. No imports of entities here: BaseEntity imports this file.
 */
import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType({
  description:
    "An object with an id (Relay's Global Object Identification): `node(id:)` finds it again by that id " +
    'alone, whatever its type. The id is the UUID the object was given when it was recorded: unique ' +
    'across every type, never changed and never reused.',
  // BaseEntity implements Node for every entity; it is no type of the graph itself (its subclasses are,
  // reached from the operations), so implementations are not registered for it.
  autoRegisterImplementations: false,
})
export abstract class Node {
  @Field(() => ID, { description: 'The UUID of the object: unique across every type; `node(id:)` finds it by it.' })
  id: string;
}
