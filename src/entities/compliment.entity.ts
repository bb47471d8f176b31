import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ComplimentSource } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { ServiceArea } from './service-area.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.staffRecorders)
@ObjectType({
  description:
    "Praise for a member of staff (SPEC §1.9; procedure §6), recorded with its source: the praised person's line " +
    'manager is told, and it is counted in the statistics (complaintStatistics.compliments).',
})
@Entity('compliments')
export class Compliment extends BaseEntity {
  @Index()
  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  serviceAreaId: string | null;

  @ManyToOne(() => ServiceArea, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_area_id' })
  serviceArea?: Relation<ServiceArea>;

  @Field(() => ComplimentSource, { description: 'Who gave the praise: a service user or a professional.' })
  @Column({ type: 'enum', enum: ComplimentSource, enumName: 'compliment_source' })
  source: ComplimentSource;

  @Field(() => LocalDate, {
    description: 'London calendar date it was received (not in the future); the statistics count it by this date.',
  })
  @Index()
  @Column('date')
  receivedOn: string;

  @Field({ description: 'What was said, in brief, as recorded with recordCompliment.' })
  @Column('text')
  summary: string;
}
