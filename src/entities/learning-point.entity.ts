import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LearningPointKind } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Complaint } from './complaint.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A national learning point or an individual action point arising from a complaint. */
@Authorized(...ROLE_SETS.staffRecorders)
@ObjectType()
@Entity('learning_points')
export class LearningPoint extends BaseEntity {
  @Index()
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @ManyToOne(() => Complaint, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint>;

  @Field(() => LearningPointKind)
  @Column({ type: 'enum', enum: LearningPointKind, enumName: 'learning_point_kind' })
  kind: LearningPointKind;

  @Field()
  @Column('text')
  description: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id' })
  owner?: Relation<Staff>;

  @Field(() => LocalDate)
  @Column('date')
  dueOn: string;

  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  closingEvidence: string | null;
}
