import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CaseStatus } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Court } from './court.entity';
import { ServiceArea } from './service-area.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType({
  description:
    'A family-court case the service is involved in, as the case management system pushes it (upsertCaseFile).',
})
@Entity('cases')
export class Case extends BaseEntity {
  @Authorized(...ROLE_SETS.caseNumberReaders)
  @Field({ description: "The court's case number, unique; messages to the court carry it." })
  @Column({ type: 'text', unique: true })
  caseNumber: string;

  /** The case management system's own id. */
  @Column({ type: 'text', nullable: true, unique: true })
  sourceId: string | null;

  @Field(() => CaseStatus, {
    description:
      'Whether the service is still involved, as the case management system ' +
      'sends it; closing starts the six-month window for complaints.',
  })
  @Column({ type: 'enum', enum: CaseStatus, enumName: 'case_status', default: CaseStatus.OPEN })
  status: CaseStatus;

  @Field(() => LocalDate, {
    description: 'The London date the case was opened, as the case management system sends it.',
  })
  @Column('date')
  openedOn: string;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "The London date the service's involvement ended: complaints received more than 6 " +
      'calendar months later are out of time (§3.2). Sent by the case system, else the ' +
      'day the case was seen to close; null while the case is open.',
  })
  @Column({ type: 'date', nullable: true })
  involvementEndedOn: string | null;

  @Index()
  @Column('uuid')
  courtId: string;

  @ManyToOne(() => Court, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'court_id' })
  court?: Relation<Court>;

  @Index()
  @Column('uuid')
  serviceAreaId: string;

  @ManyToOne(() => ServiceArea, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_area_id' })
  serviceArea?: Relation<ServiceArea>;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  practitionerId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'practitioner_id' })
  practitioner?: Relation<Staff>;
}
