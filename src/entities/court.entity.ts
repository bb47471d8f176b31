import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BaseEntity } from './base.entity';

/** A family court; notifications to it go to its email address. */
@Authorized()
@ObjectType()
@Entity('courts')
export class Court extends BaseEntity {
  @Field()
  @Column({ type: 'text', unique: true })
  code: string;

  @Field()
  @Column('text')
  name: string;

  @Field()
  @Column('text')
  email: string;
}
