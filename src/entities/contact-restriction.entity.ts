import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Complainant } from './complainant.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A limit on contact with a complainant (§3.4–3.5), recorded by a CST manager, with a review date. */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('contact_restrictions')
export class ContactRestriction extends BaseEntity {
  @Index()
  @Column('uuid')
  complainantId: string;

  @ManyToOne(() => Complainant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complainant_id' })
  complainant?: Relation<Complainant>;

  @Field()
  @Column('text')
  restriction: string;

  @Field()
  @Column('text')
  reason: string;

  @Field(() => LocalDate)
  @Column('date')
  reviewOn: string;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Relation<Staff>;
}
