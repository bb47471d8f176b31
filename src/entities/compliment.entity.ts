import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ComplimentSource } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { ServiceArea } from './service-area.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** Praise for a member of staff (§6); their manager is told and it is reported quarterly. */
@Authorized(...ROLE_SETS.staffRecorders)
@ObjectType()
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

  @Field(() => ComplimentSource)
  @Column({ type: 'enum', enum: ComplimentSource, enumName: 'compliment_source' })
  source: ComplimentSource;

  @Field(() => LocalDate)
  @Index()
  @Column('date')
  receivedOn: string;

  @Field()
  @Column('text')
  summary: string;
}
