import { Field, Int, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { NotificationChannel, NotificationStatus, RecipientKind } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Complaint } from './complaint.entity';
import { ROLE_SETS } from '../auth/role-sets';
import type { TemplatePayload } from '../domain/message-payload';

/** What a delivery completes in the procedure once it is sent (ids of the rows whose step it is). */
export interface DeliveryEffect {
  courtNotificationId?: string;
  referralId?: string;
  providerEngagementId?: string;
  /** The acknowledgement step of this complaint is done. */
  acknowledgesComplaintId?: string;
}

/** A notification's stored payload: what its template renders, and what its delivery completes. */
export type NotificationPayload = TemplatePayload & { effect?: DeliveryEffect };

/** One message to one recipient: the outbox row that is the source of truth for delivery (SPEC §4). */
@Authorized(...ROLE_SETS.notificationReaders)
@ObjectType()
@Entity('notifications')
export class Notification extends BaseEntity {
  @Index()
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @ManyToOne(() => Complaint, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint>;

  @Field(() => RecipientKind)
  @Column({ type: 'enum', enum: RecipientKind, enumName: 'recipient_kind' })
  recipientKind: RecipientKind;

  /** The staff member, court, provider or complainant the message is for. */
  @Column({ type: 'uuid', nullable: true })
  recipientId: string | null;

  @Field()
  @Column('text')
  recipientAddress: string;

  @Field(() => NotificationChannel)
  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;

  @Field()
  @Column('text')
  template: string;

  /** Names the event instance and the recipient, e.g. `response-sent:<responseId>:court:<courtId>`. */
  @Field()
  @Column({ type: 'text', unique: true })
  idempotencyKey: string;

  /** What the template needs; never child names or free text for non-court recipients. */
  @Column({ type: 'jsonb', default: {} })
  payload: NotificationPayload;

  @Field(() => NotificationStatus)
  @Index()
  @Column({
    type: 'enum',
    enum: NotificationStatus,
    enumName: 'notification_status',
    default: NotificationStatus.PENDING,
  })
  status: NotificationStatus;

  @Field(() => Int)
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** While a worker sends it: until when its claim holds (a worker that dies lets it run out). */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  /** Which worker's batch holds the lease; only that batch records the outcome. */
  @Column({ type: 'uuid', nullable: true })
  leaseToken: string | null;

  /** POST, before letters became documents (issue 16): the printable HTML file. */
  @Field(() => String, {
    nullable: true,
    deprecationReason: 'POST letters are PDF documents now: `document { downloadUrl }`. Set only on older letters.',
  })
  @Column({ type: 'text', nullable: true })
  letterFile: string | null;
}
