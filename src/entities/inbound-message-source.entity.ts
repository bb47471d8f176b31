import { Column, Entity, JoinColumn, OneToOne, type Relation } from 'typeorm';
import { BaseEntity } from './base.entity';
import { InboundMessage } from './inbound-message.entity';

/**
 * A received message's bytes exactly as the sending server gave them (RFC 822), kept apart from its
 * row so that reading messages never reads them. Emptied by retention with its complaint.
 */
@Entity('inbound_message_sources')
export class InboundMessageSource extends BaseEntity {
  /** One source per message (the one-to-one relation's unique key). */
  @Column('uuid')
  inboundMessageId: string;

  @OneToOne(() => InboundMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inbound_message_id' })
  inboundMessage?: Relation<InboundMessage>;

  @Column({ type: 'bytea', nullable: true })
  raw: Buffer | null;
}
