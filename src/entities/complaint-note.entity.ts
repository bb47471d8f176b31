import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ROLE_SETS } from '../auth/role-sets';
import { ComplaintRecord } from './complaint-record.entity';
import { Staff } from './staff.entity';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'An internal note on a complaint (issue 15), added with addComplaintNote: for staff only, never sent to ' +
    'partners or in a message.',
})
@Entity('complaint_notes')
export class ComplaintNote extends ComplaintRecord {
  /** Who wrote it. */
  @Column('uuid')
  authorId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<Staff>;

  @Field({ description: 'The note, as written ("[anonymised]" after retention).' })
  @Column('text')
  text: string;
}
