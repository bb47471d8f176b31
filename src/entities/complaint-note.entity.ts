import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ROLE_SETS } from '../auth/role-sets';
import { ComplaintRecord } from './complaint-record.entity';
import { Staff } from './staff.entity';

/** An internal note on a complaint (issue 15): staff only, never sent to partners or in a letter. */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('complaint_notes')
export class ComplaintNote extends ComplaintRecord {
  /** Who wrote it. */
  @Column('uuid')
  authorId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<Staff>;

  @Field()
  @Column('text')
  text: string;
}
