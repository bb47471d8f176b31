import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { ComplaintRecord } from './complaint-record.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    "An extension of the response deadline in an exceptional case (SPEC §1.6; procedure §4.12): the complaint's " +
    'responseDueOn becomes newDueOn with dueReason EXTENDED, and the complainant is sent an update.',
})
@Entity('deadline_extensions')
export class DeadlineExtension extends ComplaintRecord {
  @Field(() => LocalDate, {
    nullable: true,
    description:
      "The complaint's response due date before the extension; null when it had none (e.g. a child's complaint " +
      'before the meeting).',
  })
  @Column({ type: 'date', nullable: true })
  previousDueOn: string | null;

  @Field(() => LocalDate, {
    description:
      'The new response due date, a London calendar date: a working day after today and after the previous due ' +
      'date when that is still ahead. Later recomputation leaves it alone (SPEC §1).',
  })
  @Column('date')
  newDueOn: string;

  @Field({ description: 'Why the deadline is extended, as sent to the complainant ("[anonymised]" after retention).' })
  @Column('text')
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  extendedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'extended_by_id' })
  extendedBy?: Relation<Staff>;
}
