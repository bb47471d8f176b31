import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Document } from './document.entity';

/**
 * The bytes of a document kept in PostgreSQL (the default FileStore), apart from its metadata so
 * that listing documents never reads them.
 */
@Entity('document_contents')
export class DocumentContent {
  @PrimaryColumn('uuid')
  documentId: string;

  @OneToOne(() => Document, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document?: Relation<Document>;

  @Column('bytea')
  content: Buffer;
}
