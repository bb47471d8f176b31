import { Field, Int, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Channel, ComplaintStatus, ContactMethod, DueReason, NotAcceptedReason, TriageOutcome } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { Complainant } from './complainant.entity';
import { Provider } from './provider.entity';
import { ServiceArea } from './service-area.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A complaint and its place in the procedure: status, the due dates in force, and who handles it. */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('complaints')
// Keyset indexes with NULLS LAST, written by hand in migration WorkQueueIndexes: TypeORM leaves them alone.
@Index('complaints_next_due_on_id_idx', { synchronize: false })
@Index('complaints_received_at_id_idx', { synchronize: false })
@Index('complaints_service_area_next_due_on_idx', { synchronize: false })
export class Complaint extends BaseEntity {
  /** `CMP-YYYY-NNNNNN`. */
  @Authorized(...ROLE_SETS.complaintReference)
  @Field()
  @Column({ type: 'text', unique: true })
  reference: string;

  @Field(() => ComplaintStatus)
  @Index()
  @Column({ type: 'enum', enum: ComplaintStatus, enumName: 'complaint_status' })
  status: ComplaintStatus;

  @Field(() => Channel)
  @Column({ type: 'enum', enum: Channel, enumName: 'channel' })
  channel: Channel;

  /** What the complainant says, in their words (free text: never sent outside the service). */
  @Field()
  @Column('text')
  summary: string;

  @Index()
  @Column('uuid')
  complainantId: string;

  @ManyToOne(() => Complainant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'complainant_id' })
  complainant?: Relation<Complainant>;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @ManyToOne(() => Case, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<Case>;

  /** The case's (or the staff member's) service area, kept here for the work queue's filter. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  serviceAreaId: string | null;

  @ManyToOne(() => ServiceArea, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_area_id' })
  serviceArea?: Relation<ServiceArea>;

  /** The member of staff complained about. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  subjectStaffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'subject_staff_id' })
  subjectStaff?: Relation<Staff>;

  /** The CST officer handling it. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: Relation<Staff>;

  /** The senior manager who owns a child's complaint (§5); the line manager who answers a staff-not-case one (§2.3). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id' })
  owner?: Relation<Staff>;

  /** An earlier complaint this one repeats. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  repeatsComplaintId: string | null;

  @ManyToOne(() => Complaint, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'repeats_complaint_id' })
  repeatsComplaint?: Relation<Complaint>;

  /** REFERRED_TO_PROVIDER at triage: the provider whose own procedure takes it (§4.9). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  referredProviderId: string | null;

  @ManyToOne(() => Provider, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'referred_provider_id' })
  referredProvider?: Relation<Provider>;

  /** LOCAL_RESOLUTION, and professionals' concerns: the local manager who answers (§1.5). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  localManagerId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'local_manager_id' })
  localManager?: Relation<Staff>;

  @Field()
  @Column('timestamptz')
  receivedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  cstReceivedAt: Date | null;

  @Field(() => LocalDate)
  @Column('date')
  cstDueOn: string;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => LocalDate)
  @Column('date')
  acknowledgementDueOn: string;

  /** Where procedure deadlines count from: the receipt date, or the escalation date after local resolution. */
  @Field(() => LocalDate)
  @Column('date')
  procedureStartOn: string;

  @Authorized(...ROLE_SETS.providerVisible)
  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  responseDueOn: string | null;

  /** The first response due date set, kept for on-time reporting against the original date. */
  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  originalResponseDueOn: string | null;

  @Field(() => DueReason, { nullable: true })
  @Column({ type: 'enum', enum: DueReason, enumName: 'due_reason', nullable: true })
  dueReason: DueReason | null;

  /** A child's complaint: the contact step is due before the response date exists. */
  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  childContactDueOn: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  childContactedOn: string | null;

  /** How the child was contacted: their preferred method (§5). */
  @Field(() => ContactMethod, { nullable: true })
  @Column({ type: 'enum', enum: ContactMethod, enumName: 'contact_method', nullable: true })
  childContactMethod: ContactMethod | null;

  /** True for a meeting, false for a discussion. */
  @Field(() => Boolean, { nullable: true })
  @Column({ type: 'boolean', nullable: true })
  childMet: boolean | null;

  /** A supporter who came to the meeting (not a party, §5.3). */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  childSupporter: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  childContactNote: string | null;

  /** The earliest open due date of any step; the work queue orders by it. */
  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  nextDueOn: string | null;

  @Field(() => TriageOutcome, { nullable: true })
  @Column({ type: 'enum', enum: TriageOutcome, enumName: 'triage_outcome', nullable: true })
  triageOutcome: TriageOutcome | null;

  @Field(() => NotAcceptedReason, { nullable: true })
  @Column({ type: 'enum', enum: NotAcceptedReason, enumName: 'not_accepted_reason', nullable: true })
  notAcceptedReason: NotAcceptedReason | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  triageNote: string | null;

  /** Recorded by a CST manager to accept a complaint out of time. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  exceptionalCircumstances: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  triagedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  escalatedFromLocalResolutionAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  safeguardingFlaggedAt: Date | null;

  /** What the complaint reveals about a risk to a child (s16A Children Act). */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  safeguardingNote: string | null;

  /** Why the complaint was withdrawn, in the complainant's words. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  withdrawalReason: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Blocks anonymisation after the retention period (§1.12). */
  @Field()
  @Column({ type: 'boolean', default: false })
  legalHold: boolean;

  /** When retention replaced the personal data (§1.12). */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;

  /** Optimistic lock for edits (SPEC §2); system updates leave it alone, so it is not a @VersionColumn. */
  @Field(() => Int)
  @Column({ type: 'integer', default: 1 })
  version: number;

  /**
   * A complaint that arrived by email (issue 16) and whose intake the CST has not completed: who
   * complains (their kind may be UNKNOWN), the case and the staff named are still to be given, and
   * no acknowledgement has been sent. `completeIntake` ends it; triage waits for it.
   */
  @Field({ description: 'Arrived by email; the CST has not completed its intake (completeIntake).' })
  @Column({ type: 'boolean', default: false })
  draft: boolean;
}
