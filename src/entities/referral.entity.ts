import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ReferralLevel, ReferralOutcome } from '../domain/enums';
import { AspectConsequence } from './aspect-consequence.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.referralReaders)
@ObjectType({
  description:
    "A conduct referral made from a STAFF_CONDUCT aspect to the member of staff's line manager or senior manager " +
    '(senior referrals also to the HR system), with its outcome (SPEC §1.5; procedure §4.6). It has its own ' +
    'lifecycle: an open referral does not keep the complaint open.',
})
@Entity('referrals')
export class Referral extends AspectConsequence {
  /** The member of staff referred. */
  @Index()
  @Column('uuid')
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;

  @Field(() => ReferralLevel, {
    description:
      "The level it was made at, the aspect's referralLevel (never NONE: no referral is made then). A re-assessment " +
      'that changes the level replaces a referral not yet made (SPEC §1.5).',
  })
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

  @Field({
    description:
      'Whether the HR system has it: true for a SENIOR_MANAGER referral from the start, and for any referral once ' +
      'FORMAL_ACTION is recorded on it (SPEC §1.5, §4).',
  })
  @Column({ type: 'boolean', default: false })
  sentToHr: boolean;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the referral reached the manager it is referred to (their email was delivered); null until then. ' +
      'Once made, a re-assessment keeps it as it is.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  referredAt: Date | null;

  @Authorized(...ROLE_SETS.staffPersonalData)
  @Field(() => ReferralOutcome, {
    nullable: true,
    description:
      'What was decided, recorded by recordReferralOutcome (a manager of the member of staff, a senior manager or ' +
      'the HR system; it may be recorded again); null while the referral is open (SPEC §1.5).',
  })
  @Column({ type: 'enum', enum: ReferralOutcome, enumName: 'referral_outcome', nullable: true })
  outcome: ReferralOutcome | null;

  @Authorized(...ROLE_SETS.staffPersonalData)
  @Field(() => String, {
    nullable: true,
    description: 'The note given with the latest outcome; null when none was given, and after retention.',
  })
  @Column({ type: 'text', nullable: true })
  outcomeNote: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the latest outcome was recorded; null while the referral is open.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  outcomeRecordedAt: Date | null;
}
