import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Complainant } from './complainant.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/**
 * A limit on contact with a complainant (§3.4–3.5), recorded by a CST manager, with a review date; in
 * force until a CST manager lifts it. The complainant is told when it is recorded, reviewed and lifted.
 */
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

  @Field({ description: 'What is limited.' })
  @Column('text')
  restriction: string;

  @Field()
  @Column('text')
  reason: string;

  @Field(() => LocalDate, { description: 'When a CST manager reviews it (the CST managers are reminded that day).' })
  @Column('date')
  reviewOn: string;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Relation<Staff>;

  /** When it was last reviewed (`reviewContactRestriction`), with the reviewer's note. */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  @Field(() => Date, { nullable: true, description: 'When a CST manager lifted it; null while in force.' })
  @Column({ type: 'timestamptz', nullable: true })
  liftedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  liftedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'lifted_by_id' })
  liftedBy?: Relation<Staff>;

  @Field(() => String, { nullable: true, description: 'Why it was lifted.' })
  @Column({ type: 'text', nullable: true })
  liftReason: string | null;
}
