import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from './base.entity';
import { Evidence } from './evidence.entity';
import { InboundMessage } from './inbound-message.entity';

/**
 * An attachment of a received message, decoded, with its bytes; the evidence item it became, once
 * the message is a draft or correspondence. (Bytes live here until a shared file store takes them.)
 */
@Entity('inbound_attachments')
export class InboundAttachment extends BaseEntity {
  @Index()
  @Column('uuid')
  inboundMessageId: string;

  @ManyToOne(() => InboundMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inbound_message_id' })
  inboundMessage?: Relation<InboundMessage>;

  /** Its place among the message's attachments, from 0. */
  @Column('integer')
  position: number;

  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  @Column('text')
  contentType: string;

  @Column('integer')
  sizeBytes: number;

  /** SHA-256 (hex) of the decoded bytes. */
  @Column('text')
  sha256: string;

  @Column({ type: 'bytea', nullable: true })
  content: Buffer | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  evidenceId: string | null;

  @ManyToOne(() => Evidence, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'evidence_id' })
  evidence?: Relation<Evidence>;
}
