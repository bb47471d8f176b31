import { Field, ID, ObjectType, Authorized } from 'type-graphql';
import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../graphql/node';

/**
 * Columns every table has: a uuid key and created/updated timestamps. Every object type with an id
 * implements `Node` through it (type-graphql gives a subclass the interfaces of its object superclass).
 */
@Authorized()
@ObjectType({ implements: Node })
export abstract class BaseEntity {
  @Field(() => ID, { description: 'Its UUID: unique across every type, never changed; `node(id:)` finds it by it.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'When it was recorded in the gateway.' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field({ description: 'When it last changed (its own fields, not the records under it).' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
