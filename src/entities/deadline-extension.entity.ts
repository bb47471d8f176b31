import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { ComplaintRecord } from './complaint-record.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** An extension of the response deadline in exceptional cases (§4.12). */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('deadline_extensions')
export class DeadlineExtension extends ComplaintRecord {
  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  previousDueOn: string | null;

  @Field(() => LocalDate)
  @Column('date')
  newDueOn: string;

  @Field()
  @Column('text')
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  extendedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'extended_by_id' })
  extendedBy?: Relation<Staff>;
}
