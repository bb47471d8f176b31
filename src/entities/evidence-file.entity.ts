import { Field, ID, Int, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ROLE_SETS } from '../auth/role-sets';
import { ComplaintRecord } from './complaint-record.entity';
import { Evidence } from './evidence.entity';

/**
 * A file of an item of evidence (issue 16): a document, picture or recording the complainant sent,
 * uploaded with `POST /evidence/:id/files`. Its type is the one its content shows, not its name's; its
 * bytes are in a FileStore (src/integrations/files: PostgreSQL's `evidence_file_contents`, or an
 * S3-compatible bucket), the row naming which. Retention deletes the bytes and keeps the row.
 */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'A file of an item of evidence (a document, picture or recording the complainant sent): uploaded to ' +
    "Evidence.uploadUrl, or an email's attachment (issue 16). Retention deletes its bytes and keeps this record " +
    '(SPEC §1.12).',
})
@Entity('evidence_files')
export class EvidenceFile extends ComplaintRecord {
  @Field(() => ID, { description: 'The id of the item of evidence it belongs to.' })
  @Index()
  @Column('uuid')
  evidenceId: string;

  @ManyToOne(() => Evidence, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'evidence_id' })
  evidence?: Relation<Evidence>;

  @Field({ description: 'The name it was uploaded with (it may name people: anonymised by retention).' })
  @Column('text')
  filename: string;

  @Field({ description: 'The type its content shows (PDF, JPEG…), whatever its name or the uploader said.' })
  @Column('text')
  contentType: string;

  @Field(() => Int, { description: 'Its size, in bytes.' })
  @Column('integer')
  size: number;

  @Field({ description: 'SHA-256 of the bytes, hexadecimal.' })
  @Column('text')
  sha256: string;

  /** Which store holds the bytes (`postgres`, `s3`). */
  @Column('text')
  storage: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The id of the member of staff who uploaded it; null when the gateway stored it (from an inbound email).',
  })
  @Column({ type: 'uuid', nullable: true })
  uploadedById: string | null;

  @Field(() => Date, { nullable: true, description: 'When retention deleted the bytes (the row and digest stay).' })
  @Column({ type: 'timestamptz', nullable: true })
  contentDeletedAt: Date | null;
}
