import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Role } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { ServiceArea } from './service-area.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A member of staff, with their role, service area and line manager. */
@Authorized(...ROLE_SETS.staffDirectory)
@ObjectType()
@Entity('staff')
export class Staff extends BaseEntity {
  @Field()
  @Column('text')
  firstName: string;

  @Field()
  @Column('text')
  lastName: string;

  @Field()
  @Column({ type: 'text', unique: true })
  email: string;

  @Field()
  @Column('text')
  jobTitle: string;

  @Field(() => Role)
  @Index()
  @Column({ type: 'enum', enum: Role, enumName: 'role' })
  role: Role;

  /** The Head of Practice of the service area (a senior manager). */
  @Field()
  @Column({ type: 'boolean', default: false })
  headOfPractice: boolean;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  serviceAreaId: string | null;

  @ManyToOne(() => ServiceArea, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_area_id' })
  serviceArea?: Relation<ServiceArea>;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  lineManagerId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'line_manager_id' })
  lineManager?: Relation<Staff>;

  /** False once they have left: a token naming them is refused (src/auth/subjects.ts). Not in the graph. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Staff personal data (SPEC §1.14): exposed only through StaffFields, which checks who is asking. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  qualifications: string[];

  /** Staff personal data: training completed. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  training: string[];
}
