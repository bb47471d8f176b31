import { Field, Int, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { EvidenceKind } from '../domain/enums';
import { ComplaintRecord } from './complaint-record.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** An item of evidence attached to a complaint; covert or disproportionate items are rejected with a reason (§3.3). */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('evidence')
export class Evidence extends ComplaintRecord {
  @Field(() => EvidenceKind)
  @Column({ type: 'enum', enum: EvidenceKind, enumName: 'evidence_kind' })
  kind: EvidenceKind;

  @Field()
  @Column('text')
  description: string;

  /** Where it came from (the complainant, a third party, the case file). */
  @Field()
  @Column('text')
  source: string;

  @Field()
  @Column('timestamptz')
  receivedAt: Date;

  @Field()
  @Column({ type: 'boolean', default: false })
  rejected: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  /** A file sent with it (an email's attachment, issue 16): its name as sent. */
  @Field(() => String, { nullable: true, description: 'The file name, for evidence that came as a file.' })
  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  @Field(() => String, { nullable: true, description: 'The media type of the file.' })
  @Column({ type: 'text', nullable: true })
  contentType: string | null;

  @Field(() => Int, { nullable: true, description: 'The size of the file in bytes.' })
  @Column({ type: 'integer', nullable: true })
  sizeBytes: number | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 (hex) of the file as received.' })
  @Column({ type: 'text', nullable: true })
  sha256: string | null;
}
