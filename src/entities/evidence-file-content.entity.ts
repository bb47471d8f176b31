import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { EvidenceFile } from './evidence-file.entity';

/** The bytes of an evidence file kept in PostgreSQL (the default FileStore), apart from its metadata. */
@Entity('evidence_file_contents')
export class EvidenceFileContent {
  @PrimaryColumn('uuid')
  evidenceFileId: string;

  @OneToOne(() => EvidenceFile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'evidence_file_id' })
  evidenceFile?: Relation<EvidenceFile>;

  @Column('bytea')
  content: Buffer;
}
