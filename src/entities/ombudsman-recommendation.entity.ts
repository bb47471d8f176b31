import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { OmbudsmanEscalation } from './ombudsman-escalation.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'A recommendation the Ombudsman made, recorded with the outcome, with its due date and the evidence that it ' +
    'was complied with (SPEC §1.7). It does not keep the complaint open.',
})
@Entity('ombudsman_recommendations')
export class OmbudsmanRecommendation extends BaseEntity {
  @Index()
  @Column('uuid')
  escalationId: string;

  @ManyToOne(() => OmbudsmanEscalation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'escalation_id' })
  escalation?: Relation<OmbudsmanEscalation>;

  @Field({ description: 'What the Ombudsman recommended ("[anonymised]" after retention).' })
  @Column('text')
  recommendation: string;

  @Field(() => LocalDate, { description: 'London calendar date by which it is to be complied with.' })
  @Column('date')
  dueOn: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Evidence that it was complied with (recordRecommendationCompliance, or with the outcome); null until then, ' +
      'and after retention.',
  })
  @Column({ type: 'text', nullable: true })
  complianceEvidence: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      'London calendar date it was complied with (never without complianceEvidence); null while outstanding.',
  })
  @Column({ type: 'date', nullable: true })
  completedOn: string | null;
}
