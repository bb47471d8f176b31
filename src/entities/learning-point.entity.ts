import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LearningPointKind } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Complaint } from './complaint.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.staffRecorders)
@ObjectType({
  description:
    'A lesson from complaints (SPEC §1.10, the FOI 2015 learning log): a LEARNING_POINT for the national learning ' +
    'log or an ACTION_POINT for one person, with an owner, a due date and closing evidence. It does not keep its ' +
    'complaint open.',
})
@Entity('learning_points')
export class LearningPoint extends BaseEntity {
  @Index()
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @ManyToOne(() => Complaint, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint>;

  @Field(() => LearningPointKind, {
    description: 'LEARNING_POINT: for the national learning log; ACTION_POINT: an action for one person.',
  })
  @Column({ type: 'enum', enum: LearningPointKind, enumName: 'learning_point_kind' })
  kind: LearningPointKind;

  @Field({
    description:
      "The lesson or the action, as logged: the organisation's words, kept when the complaint is anonymised.",
  })
  @Column('text')
  description: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id' })
  owner?: Relation<Staff>;

  @Field(() => LocalDate, {
    description: 'London calendar date by which it is to be done; learningPoints lists the soonest due first.',
  })
  @Column('date')
  dueOn: string;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      'London calendar date it was closed (closeLearningPoint; by default the day of closing); null while open.',
  })
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What was done about it, given when it was closed; null while open.',
  })
  @Column({ type: 'text', nullable: true })
  closingEvidence: string | null;
}
