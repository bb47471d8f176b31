import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BaseEntity } from './base.entity';

/** A commissioned service provider (contact centres, supervised contact, programmes). */
@Authorized()
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

  /** The Standard Webhooks signing secret (`whsec_…`); never exposed in the graph. */
  @Column({ type: 'text', nullable: true })
  webhookSecret: string | null;

  /** Set when the endpoint answered 410 Gone: messages fall back to email. */
  @Column({ type: 'timestamptz', nullable: true })
  webhookDisabledAt: Date | null;
}
