import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { HearingStatus } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { Court } from './court.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType({
  description:
    'A hearing of a case, from the case file; the next LISTED one bounds the ' +
    'response and court-action due dates (SPEC "Deadline arithmetic").',
})
@Entity('hearings')
@Index(['caseId', 'startsAt'])
export class Hearing extends BaseEntity {
  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<Case>;

  @Index()
  @Column('uuid')
  courtId: string;

  @ManyToOne(() => Court, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'court_id' })
  court?: Relation<Court>;

  @Column({ type: 'text', nullable: true, unique: true })
  sourceId: string | null;

  @Field({ description: 'When it starts (ISO-8601, UTC); its London date is the hearing date the deadlines use.' })
  @Column('timestamptz')
  startsAt: Date;

  @Field({
    description:
      'The kind of hearing, as the case system names it, e.g. `First Hearing Dispute Resolution Appointment`.',
  })
  @Column('text')
  hearingType: string;

  @Field(() => HearingStatus, {
    description:
      "The court's status for it: only LISTED hearings bind deadlines, and any change recomputes the open ones.",
  })
  @Column({ type: 'enum', enum: HearingStatus, enumName: 'hearing_status', default: HearingStatus.LISTED })
  status: HearingStatus;
}
