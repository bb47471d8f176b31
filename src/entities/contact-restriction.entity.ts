import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Complainant } from './complainant.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'A limit on contact with a complainant (SPEC §1.11; procedure §3.4–3.5), recorded by a CST manager with a ' +
    'review date, in force until a CST manager lifts it. The complainant is told when it is recorded, reviewed ' +
    'and lifted (SPEC §4).',
})
@Entity('contact_restrictions')
export class ContactRestriction extends BaseEntity {
  @Index()
  @Column('uuid')
  complainantId: string;

  @ManyToOne(() => Complainant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complainant_id' })
  complainant?: Relation<Complainant>;

  @Field({ description: 'What is limited, as the complainant is told it ("[anonymised]" after retention).' })
  @Column('text')
  restriction: string;

  @Field({ description: 'Why contact is limited, as the complainant is told it ("[anonymised]" after retention).' })
  @Column('text')
  reason: string;

  @Field(() => LocalDate, {
    description: 'London calendar date by which a CST manager reviews it (the CST managers are reminded that day).',
  })
  @Column('date')
  reviewOn: string;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Relation<Staff>;

  @Field(() => Date, {
    nullable: true,
    description:
      'When a CST manager last reviewed it (reviewContactRestriction, which sets a new reviewOn); null if never.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The reviewer's note from the last review, kept internal (the complainant is not sent it); null if never " +
      'reviewed, and after retention.',
  })
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

  @Field(() => String, {
    nullable: true,
    description:
      'Why a CST manager lifted it, as the complainant is told it; null while in force, and after retention.',
  })
  @Column({ type: 'text', nullable: true })
  liftReason: string | null;
}
