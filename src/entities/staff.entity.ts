import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Role } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { ServiceArea } from './service-area.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.staffDirectory)
@ObjectType({
  description:
    'A member of staff, with their role, service area and line manager; "staff ' +
    'a manager manages" is their whole reporting line (SPEC §3).',
})
@Entity('staff')
export class Staff extends BaseEntity {
  @Field({ description: "The staff member's first name." })
  @Column('text')
  firstName: string;

  @Field({ description: "The staff member's last name." })
  @Column('text')
  lastName: string;

  @Field({
    description: 'Their work email: messages to them go there, and the case management system names staff by it.',
  })
  @Column({ type: 'text', unique: true })
  email: string;

  @Field({ description: 'Their job title, e.g. `Family Court Adviser`.' })
  @Column('text')
  jobTitle: string;

  @Field(() => Role, { description: 'The role they act in, which decides what they may do (SPEC §3).' })
  @Index()
  @Column({ type: 'enum', enum: Role, enumName: 'role' })
  role: Role;

  @Field({
    description:
      'The Head of Practice of their service area (a senior manager): "the senior ' +
      'manager" that senior referrals and children\'s complaints go to (SPEC §1.5).',
  })
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
