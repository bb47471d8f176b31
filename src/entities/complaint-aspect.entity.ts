import { Field, Int, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { AspectCategory, ReferralLevel, Seriousness } from '../domain/enums';
import { ComplaintRecord } from './complaint-record.entity';
import { CourtReport } from './court-report.entity';
import { Provider } from './provider.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** One aspect of a complaint found at assessment (§4.4–4.5); its category drives the consequences. */
@Authorized(...ROLE_SETS.aspectReaders)
@ObjectType()
@Entity('complaint_aspects')
export class ComplaintAspect extends ComplaintRecord {
  /** Order within the assessment. */
  @Authorized(...ROLE_SETS.aspectTextReaders)
  @Field(() => Int)
  @Column('integer')
  position: number;

  @Authorized(...ROLE_SETS.aspectTextReaders)
  @Field(() => AspectCategory)
  @Index()
  @Column({ type: 'enum', enum: AspectCategory, enumName: 'aspect_category' })
  category: AspectCategory;

  @Authorized(...ROLE_SETS.aspectTextReaders)
  @Field()
  @Column('text')
  description: string;

  /** Free text: the procedure deliberately does not grade complaints as upheld. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  finding: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  remedialAction: string | null;

  /** FACTUAL_ERROR: the report in error (or null for another communication to the court). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  courtReportId: string | null;

  @ManyToOne(() => CourtReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'court_report_id' })
  courtReport?: Relation<CourtReport>;

  /** FACTUAL_ERROR about another communication to the court (no report): what it was. */
  @Field(() => String, { nullable: true })
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

  @Field(() => Seriousness, { nullable: true })
  @Column({ type: 'enum', enum: Seriousness, enumName: 'seriousness', nullable: true })
  seriousness: Seriousness | null;

  @Field(() => ReferralLevel, { nullable: true })
  @Column({ type: 'enum', enum: ReferralLevel, enumName: 'referral_level', nullable: true })
  referralLevel: ReferralLevel | null;

  /** STAFF_CONDUCT: whether the aspect is drawn to the court's attention. */
  @Field()
  @Column({ type: 'boolean', default: false })
  drawToCourt: boolean;
}
