import { Field, Int, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { AspectCategory, ReferralLevel, Seriousness } from '../domain/enums';
import { ComplaintRecord } from './complaint-record.entity';
import { CourtReport } from './court-report.entity';
import { Provider } from './provider.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.aspectReaders)
@ObjectType({
  description:
    'One aspect of a complaint, recorded at assessment (SPEC §1.4; procedure §4.4–4.5): what it is about, what was ' +
    'found and what will be put right. Its category decides the consequences (SPEC §1.5). Re-assessing replaces ' +
    'every aspect with new ones (new ids).',
})
@Entity('complaint_aspects')
export class ComplaintAspect extends ComplaintRecord {
  @Authorized(...ROLE_SETS.aspectTextReaders)
  @Field(() => Int, {
    description:
      'Its place in the assessment, counting from 0, in the order the aspects were given to assessComplaint.',
  })
  @Column('integer')
  position: number;

  @Authorized(...ROLE_SETS.aspectTextReaders)
  @Field(() => AspectCategory, {
    description:
      'What the aspect is about; it decides the consequences: a court notification, a report correction, a ' +
      'referral, a provider engagement, or remedial action only (SPEC §1.5).',
  })
  @Index()
  @Column({ type: 'enum', enum: AspectCategory, enumName: 'aspect_category' })
  category: AspectCategory;

  @Authorized(...ROLE_SETS.aspectTextReaders)
  @Field({ description: 'The aspect as the CST describes it at assessment ("[anonymised]" after retention).' })
  @Column('text')
  description: string;

  @Field(() => String, {
    nullable: true,
    description:
      'What the assessment found, as free text: the procedure deliberately does not grade complaints as upheld ' +
      '(SPEC §1.4). Null when none was recorded, and after retention.',
  })
  @Column({ type: 'text', nullable: true })
  finding: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What will be done to put it right (SPEC §1.4); null when none was recorded, and after retention.',
  })
  @Column({ type: 'text', nullable: true })
  remedialAction: string | null;

  /** FACTUAL_ERROR: the report in error (or null for another communication to the court). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  courtReportId: string | null;

  @ManyToOne(() => CourtReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'court_report_id' })
  courtReport?: Relation<CourtReport>;

  @Field(() => String, {
    nullable: true,
    description:
      'FACTUAL_ERROR outside a court report: the other communication to the court that was wrong; it gets a court ' +
      'notification instead of a report correction (SPEC §1.5). Null otherwise.',
  })
  @Column({ type: 'text', nullable: true })
  otherCommunication: string | null;

  /** STAFF_CONDUCT: the employee. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;

  /** PROVIDER_ACTIONS: the provider. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @ManyToOne(() => Provider, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Relation<Provider>;

  @Field(() => Seriousness, {
    nullable: true,
    description:
      'STAFF_CONDUCT: how serious the conduct is; SERIOUS conduct can only be referred at SENIOR_MANAGER ' +
      '(SPEC §1.5). Null for other categories.',
  })
  @Column({ type: 'enum', enum: Seriousness, enumName: 'seriousness', nullable: true })
  seriousness: Seriousness | null;

  @Field(() => ReferralLevel, {
    nullable: true,
    description:
      'STAFF_CONDUCT: the referral the CST chose (SENIOR_MANAGER when none was given; changed by referComplaint); ' +
      'NONE makes no referral (SPEC §1.5). Null for other categories.',
  })
  @Column({ type: 'enum', enum: ReferralLevel, enumName: 'referral_level', nullable: true })
  referralLevel: ReferralLevel | null;

  @Field({
    description:
      "STAFF_CONDUCT: whether the conduct is drawn to the court's attention, which makes a court notification " +
      '(reason STAFF_CONDUCT) (SPEC §1.5). Always false for other categories.',
  })
  @Column({ type: 'boolean', default: false })
  drawToCourt: boolean;
}
