import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from './base.entity';
import { Complainant } from './complainant.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A reasonable adjustment for a complainant (§1.4), shown to whoever contacts them. */
@Authorized(...ROLE_SETS.adjustmentReaders)
@ObjectType()
@Entity('reasonable_adjustments')
export class ReasonableAdjustment extends BaseEntity {
  @Index()
  @Column('uuid')
  complainantId: string;

  @ManyToOne(() => Complainant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complainant_id' })
  complainant?: Relation<Complainant>;

  @Field()
  @Column('text')
  adjustment: string;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Relation<Staff>;
}
