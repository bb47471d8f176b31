import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { HearingStatus } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { Court } from './court.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A hearing of a case, with the court's status for it; listed hearings bind response deadlines. */
@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType()
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

  @Field()
  @Column('timestamptz')
  startsAt: Date;

  @Field()
  @Column('text')
  hearingType: string;

  @Field(() => HearingStatus)
  @Column({ type: 'enum', enum: HearingStatus, enumName: 'hearing_status', default: HearingStatus.LISTED })
  status: HearingStatus;
}
