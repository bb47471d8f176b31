import { Field, Int, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { EvidenceKind } from '../domain/enums';
import { ComplaintRecord } from './complaint-record.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'An item of evidence given with a complaint, with its source (SPEC §1.1): added with addEvidence, or an ' +
    'attachment of an email. An item obtained covertly or disproportionate to consider is recorded as rejected ' +
    'with the reason; the complaint itself is not (procedure §3.3).',
})
@Entity('evidence')
export class Evidence extends ComplaintRecord {
  @Field(() => EvidenceKind, {
    description: "What sort of item it is (for an email's attachment, judged from its media type).",
  })
  @Column({ type: 'enum', enum: EvidenceKind, enumName: 'evidence_kind' })
  kind: EvidenceKind;

  @Field({
    description:
      "What the item is, as recorded (for an email's attachment, its file name); " + '"[anonymised]" after retention.',
  })
  @Column('text')
  description: string;

  @Field({
    description:
      'Where it came from (the complainant, a third party, the case file; an email for attachments); ' +
      '"[anonymised]" after retention.',
  })
  @Column('text')
  source: string;

  @Field({
    description:
      'When it was received: as given to addEvidence (by default when it was added), or when its email arrived.',
  })
  @Column('timestamptz')
  receivedAt: Date;

  @Field({
    description:
      'True when it was not accepted: obtained covertly, or disproportionate to consider (procedure §3.3). ' +
      'The complaint itself stays.',
  })
  @Column({ type: 'boolean', default: false })
  rejected: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why it was not accepted; null for accepted evidence, and after retention.',
  })
  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  /** A file sent with it (an email's attachment, issue 16): its name as sent. */
  @Field(() => String, {
    nullable: true,
    description: 'The file name, for evidence that came as a file; null otherwise, and after retention.',
  })
  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The media type of the file; null for evidence that did not come as a file.',
  })
  @Column({ type: 'text', nullable: true })
  contentType: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The size of the file in bytes; null for evidence that did not come as a file.',
  })
  @Column({ type: 'integer', nullable: true })
  sizeBytes: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 (hex) of the file as received; null for evidence that did not come as a file.',
  })
  @Column({ type: 'text', nullable: true })
  sha256: string | null;
}
