import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { OmbudsmanEscalation } from './ombudsman-escalation.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A recommendation of the ombudsman, with its due date and evidence of compliance. */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('ombudsman_recommendations')
export class OmbudsmanRecommendation extends BaseEntity {
  @Index()
  @Column('uuid')
  escalationId: string;

  @ManyToOne(() => OmbudsmanEscalation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'escalation_id' })
  escalation?: Relation<OmbudsmanEscalation>;

  @Field()
  @Column('text')
  recommendation: string;

  @Field(() => LocalDate)
  @Column('date')
  dueOn: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  complianceEvidence: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  completedOn: string | null;
}
