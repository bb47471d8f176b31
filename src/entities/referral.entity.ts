import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ReferralLevel, ReferralOutcome } from '../domain/enums';
import { AspectConsequence } from './aspect-consequence.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A staff-conduct referral to a line or senior manager (and the HR system), with its outcome (§4.6). */
@Authorized(...ROLE_SETS.referralReaders)
@ObjectType()
@Entity('referrals')
export class Referral extends AspectConsequence {
  /** The member of staff referred. */
  @Index()
  @Column('uuid')
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;

  @Field(() => ReferralLevel)
  @Column({ type: 'enum', enum: ReferralLevel, enumName: 'referral_level' })
  level: ReferralLevel;

  /** Who it is referred to: the line manager, or the senior manager at the time of referral. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  recipientId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: Relation<Staff>;

  /** The line manager copied on a senior referral. */
  @Column({ type: 'uuid', nullable: true })
  copiedLineManagerId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'copied_line_manager_id' })
  copiedLineManager?: Relation<Staff>;

  @Field()
  @Column({ type: 'boolean', default: false })
  sentToHr: boolean;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  referredAt: Date | null;

  @Authorized(...ROLE_SETS.staffPersonalData)
  @Field(() => ReferralOutcome, { nullable: true })
  @Column({ type: 'enum', enum: ReferralOutcome, enumName: 'referral_outcome', nullable: true })
  outcome: ReferralOutcome | null;

  @Authorized(...ROLE_SETS.staffPersonalData)
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  outcomeNote: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  outcomeRecordedAt: Date | null;
}
