import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from './base.entity';
import { Complainant } from './complainant.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.adjustmentReaders)
@ObjectType({
  description:
    'A reasonable adjustment for a complainant (SPEC §1.11; procedure §1.4): how the service adapts its contact ' +
    'with them, recorded with recordReasonableAdjustment and shown to whoever contacts them.',
})
@Entity('reasonable_adjustments')
export class ReasonableAdjustment extends BaseEntity {
  @Index()
  @Column('uuid')
  complainantId: string;

  @ManyToOne(() => Complainant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complainant_id' })
  complainant?: Relation<Complainant>;

  @Field({ description: 'The adjustment, as recorded ("[anonymised]" after retention).' })
  @Column('text')
  adjustment: string;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Relation<Staff>;
}
