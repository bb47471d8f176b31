import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CaseStatus } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Court } from './court.entity';
import { ServiceArea } from './service-area.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A family-court case the service is involved in, as pushed by the case management system. */
@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType()
@Entity('cases')
export class Case extends BaseEntity {
  @Authorized(...ROLE_SETS.caseNumberReaders)
  @Field()
  @Column({ type: 'text', unique: true })
  caseNumber: string;

  /** The case management system's own id. */
  @Column({ type: 'text', nullable: true, unique: true })
  sourceId: string | null;

  @Field(() => CaseStatus)
  @Column({ type: 'enum', enum: CaseStatus, enumName: 'case_status', default: CaseStatus.OPEN })
  status: CaseStatus;

  @Field(() => LocalDate)
  @Column('date')
  openedOn: string;

  /** Start of the six-month window for complaints (§3.2). */
  @Field(() => LocalDate, { nullable: true })
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
