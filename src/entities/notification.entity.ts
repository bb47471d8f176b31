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

@Authorized(...ROLE_SETS.notificationReaders)
@ObjectType({
  description:
    'One message to one recipient, written in the same transaction as the change that causes it: the source of ' +
    'truth for its delivery, which workers retry with backoff (SPEC §4).',
})
@Entity('notifications')
export class Notification extends BaseEntity {
  @Index()
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @ManyToOne(() => Complaint, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint>;

  @Field(() => RecipientKind, {
    description:
      'Who it is for: the complainant, a court, a member of staff, a provider, the HR system or the CST mailbox.',
  })
  @Column({ type: 'enum', enum: RecipientKind, enumName: 'recipient_kind' })
  recipientKind: RecipientKind;

  /** The staff member, court, provider or complainant the message is for. */
  @Column({ type: 'uuid', nullable: true })
  recipientId: string | null;

  @Field({
    description:
      'Where it goes: an email address, a webhook URL, or for POST the postal address; "[anonymised]" after ' +
      'retention.',
  })
  @Column('text')
  recipientAddress: string;

  @Field(() => NotificationChannel, {
    description: 'How it is delivered: EMAIL, WEBHOOK (signed, to providers and the HR system) or POST (a letter).',
  })
  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;

  @Field({
    description: 'The message it is, by the name of its template, e.g. `acknowledgement`, `response`, `referral`.',
  })
  @Column('text')
  template: string;

  @Field({
    description:
      'Names the event instance and the recipient, e.g. `response-sent:<responseId>:court:<courtId>`: the same ' +
      'event never makes two messages to one recipient (SPEC §4). It is also the webhook-id of a webhook.',
  })
  @Column({ type: 'text', unique: true })
  idempotencyKey: string;

  /** What the template needs; never child names or free text for non-court recipients. */
  @Column({ type: 'jsonb', default: {} })
  payload: NotificationPayload;

  @Field(() => NotificationStatus, {
    description:
      'PENDING while delivery is tried; SENT; FAILED after the last attempt (retryNotification tries again); ' +
      'AWAITING_POST: a letter produced, to be posted (recordLetterPosted).',
  })
  @Index()
  @Column({
    type: 'enum',
    enum: NotificationStatus,
    enumName: 'notification_status',
    default: NotificationStatus.PENDING,
  })
  status: NotificationStatus;

  @Field(() => Int, { description: 'How many times a worker has tried to deliver it.' })
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last attempt failed; null before any failure and once it is delivered.',
  })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When a worker last tried to deliver it; null before the first attempt.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When it was delivered (the mail server or webhook endpoint accepted it) or, for POST, recorded as posted; ' +
      'null until then.',
  })
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
    description: 'A POST letter made before letters became PDF documents: its printable HTML file; null otherwise.',
    deprecationReason: 'POST letters are PDF documents now: `document { downloadUrl }`. Set only on older letters.',
  })
  @Column({ type: 'text', nullable: true })
  letterFile: string | null;
}
