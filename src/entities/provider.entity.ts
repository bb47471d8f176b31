import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BaseEntity } from './base.entity';

@Authorized()
@ObjectType({
  description:
    'A commissioned service provider (contact centres, supervised contact, programmes): a ' +
    'complaint about it is referred to its own procedure or engages it for its side (§4.9).',
})
@Entity('providers')
export class Provider extends BaseEntity {
  @Field({ description: "The organisation's name." })
  @Column('text')
  name: string;

  @Field({ description: 'The service commissioned from it, e.g. `Supervised contact`.' })
  @Column('text')
  service: string;

  @Field({ description: 'Where messages to it go while it has no active webhook endpoint (SPEC §4).' })
  @Column('text')
  email: string;

  /** Where signed webhooks go; null means email only. */
  @Column({ type: 'text', nullable: true })
  webhookUrl: string | null;

  /** The Standard Webhooks signing secret (`whsec_…`); never exposed in the graph. */
  @Column({ type: 'text', nullable: true })
  webhookSecret: string | null;

  /** Set when the endpoint answered 410 Gone, or a CST manager disabled it: messages fall back to email. */
  @Column({ type: 'timestamptz', nullable: true })
  webhookDisabledAt: Date | null;

  /** The secret before the last rotation: messages are signed with it too until its grace period ends. */
  @Column({ type: 'text', nullable: true })
  webhookPreviousSecret: string | null;

  /** When the previous secret stops signing (the rotation's grace period). */
  @Column({ type: 'timestamptz', nullable: true })
  webhookPreviousSecretExpiresAt: Date | null;

  /** When the current secret was issued through the graph (null: set in the database before). */
  @Column({ type: 'timestamptz', nullable: true })
  webhookSecretIssuedAt: Date | null;
}
