import { Field, ID, Int, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ROLE_SETS } from '../auth/role-sets';
import { NotificationChannel, RecipientKind } from '../domain/enums';
import { ComplaintRecord } from './complaint-record.entity';
import { Notification } from './notification.entity';

/**
 * A document kept with a complaint (issue 16): every letter sent to the complainant, as sent (the PDF),
 * with who it went to, how, and its SHA-256 digest. Its bytes are in a `FileStore`
 * (src/integrations/files): PostgreSQL's `document_contents` by default. Retention deletes the
 * bytes and keeps this row (`contentDeletedAt`).
 */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'A letter sent to the complainant, kept with the complaint as sent (a PDF), with how it went and its SHA-256 ' +
    'digest (issue 16). Retention deletes its bytes and keeps this record (SPEC §1.12).',
})
@Entity('documents')
export class Document extends ComplaintRecord {
  /** The notification that sent it: one document per notification, however often its delivery was tried. */
  @Index({ unique: true })
  @Column({ type: 'uuid', nullable: true })
  notificationId: string | null;

  @ManyToOne(() => Notification, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Relation<Notification>;

  @Field({ description: 'The message it is: the template of the letter (acknowledgement, response, …).' })
  @Column('text')
  template: string;

  @Field(() => NotificationChannel, { description: 'EMAIL: attached to the email; POST: the letter to print.' })
  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;

  @Field(() => RecipientKind, { description: 'Who it went to: COMPLAINANT (only letters to complainants are kept).' })
  @Column({ type: 'enum', enum: RecipientKind, enumName: 'recipient_kind' })
  recipientKind: RecipientKind;

  /** The complainant (or other recipient) it was sent to. */
  @Field(() => ID, { nullable: true, description: 'The id of the complainant it was sent to.' })
  @Column({ type: 'uuid', nullable: true })
  recipientId: string | null;

  @Field({ description: 'The media type of the file: application/pdf.' })
  @Column('text')
  contentType: string;

  @Field({
    description:
      'The file name it is downloaded and attached as: the reference and the template (e.g. ' +
      '`CMP-2026-000123-response.pdf`), no personal data.',
  })
  @Column('text')
  filename: string;

  @Field(() => Int, { description: 'Its size, in bytes.' })
  @Column('integer')
  size: number;

  @Field({ description: 'SHA-256 of the bytes, hexadecimal: what was sent, provably, after the bytes are gone.' })
  @Column('text')
  sha256: string;

  /** Which store holds the bytes (`postgres`). */
  @Column({ type: 'text', default: 'postgres' })
  storage: string;

  @Field(() => Date, { nullable: true, description: 'When retention deleted the bytes (the row and digest stay).' })
  @Column({ type: 'timestamptz', nullable: true })
  contentDeletedAt: Date | null;
}
