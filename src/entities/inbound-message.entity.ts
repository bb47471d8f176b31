import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ROLE_SETS } from '../auth/role-sets';
import { InboundMessageStatus } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Complaint } from './complaint.entity';

/**
 * A message the inbound mailbox accepted (issue 16), stored before the sender was answered 250: what
 * it said and what became of it. Its bytes as received are in `inbound_message_sources`, its
 * attachments in `inbound_attachments` (neither is read with it).
 */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({ description: 'An email the complaints mailbox received: a complaint, a reply to one, or quarantined.' })
@Entity('inbound_messages')
@Index('inbound_messages_received_at_id_idx', ['receivedAt', 'id'])
export class InboundMessage extends BaseEntity {
  @Field({ description: 'When it arrived at the mailbox.' })
  @Column('timestamptz')
  receivedAt: Date;

  @Field(() => InboundMessageStatus, {
    description:
      'What became of it: RECEIVED (not processed yet), DRAFTED (a draft complaint), ATTACHED (correspondence of ' +
      'the complaint whose reference it names) or QUARANTINED (kept aside, see reason).',
  })
  @Index()
  @Column({ type: 'enum', enum: InboundMessageStatus, enumName: 'inbound_message_status' })
  status: InboundMessageStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Why it was quarantined; while RECEIVED, why its processing is being retried.',
  })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The complaint it became (DRAFTED) or was attached to (ATTACHED). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @ManyToOne(() => Complaint, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint>;

  @Field(() => Date, { nullable: true, description: 'When it became a draft or correspondence, or was quarantined.' })
  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The envelope sender (MAIL FROM); null for a bounce.' })
  @Column({ type: 'text', nullable: true })
  envelopeFrom: string | null;

  @Field(() => [String], { description: 'The envelope recipients: the mailbox addresses it was sent to.' })
  @Column({ type: 'text', array: true })
  envelopeTo: string[];

  @Field(() => String, { nullable: true, description: 'The Message-ID header.' })
  @Column({ type: 'text', nullable: true })
  messageId: string | null;

  @Field(() => String, { nullable: true, description: 'The address of the From header.' })
  @Column({ type: 'text', nullable: true })
  fromAddress: string | null;

  @Field(() => String, { nullable: true, description: 'The display name of the From header.' })
  @Column({ type: 'text', nullable: true })
  fromName: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The Subject header (empty when it had none), up to 10,000 characters; null after retention.',
  })
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Field(() => Date, { nullable: true, description: 'The Date header (when the sender wrote it).' })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The text of the body (from its HTML when it has no plain text), up to 100,000 characters.',
  })
  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Field(() => Int, { description: 'Its size as received, in bytes.' })
  @Column('integer')
  sizeBytes: number;

  @Field(() => Int, {
    description:
      'How many attachments it carried; they become evidence of its complaint while the complaint takes evidence.',
  })
  @Column('integer')
  attachmentCount: number;

  /** SHA-256 of the bytes as received: the same message sent again (a retry) is stored once. */
  @Field({ description: 'SHA-256 (hex) of the message as received.' })
  @Column({ type: 'text', unique: true })
  sha256: string;
}
