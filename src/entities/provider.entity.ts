import { Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BaseEntity } from './base.entity';

/** A commissioned service provider (contact centres, supervised contact, programmes). */
@ObjectType()
@Entity('providers')
export class Provider extends BaseEntity {
  @Field()
  @Column('text')
  name: string;

  @Field()
  @Column('text')
  service: string;

  @Field()
  @Column('text')
  email: string;

  /** Where signed webhooks go; null means email only. */
  @Column({ type: 'text', nullable: true })
  webhookUrl: string | null;
}
