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

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'A complaint and its place in the procedure: who complains and about what, ' +
    'its status, the due dates in force and who handles it (SPEC §1).',
})
@Entity('complaints')
// Keyset indexes with NULLS LAST, written by hand in migration WorkQueueIndexes: TypeORM leaves them alone.
@Index('complaints_next_due_on_id_idx', { synchronize: false })
@Index('complaints_received_at_id_idx', { synchronize: false })
@Index('complaints_service_area_next_due_on_idx', { synchronize: false })
export class Complaint extends BaseEntity {
  @Authorized(...ROLE_SETS.complaintReference)
  @Field({
    description:
      "`CMP-YYYY-NNNNNN`: the year of receipt and the complaint's number in it (more digits past a " +
      'million); unique, and what complainants, courts and partners quote (SPEC §1.1).',
  })
  @Column({ type: 'text', unique: true })
  reference: string;

  @Field(() => ComplaintStatus, {
    description:
      'Where the complaint is in the procedure: it changes only through the mutations of SPEC "Statuses ' +
      'and transitions", and from RESPONDED to CLOSED by itself once every court action is done.',
  })
  @Index()
  @Column({ type: 'enum', enum: ComplaintStatus, enumName: 'complaint_status' })
  status: ComplaintStatus;

  @Field(() => Channel, { description: 'How the complaint arrived (§4.2).' })
  @Column({ type: 'enum', enum: Channel, enumName: 'channel' })
  channel: Channel;

  @Field({
    description:
      'What the complainant says, in their words: free text, never sent outside ' +
      'the service (SPEC §1.14); `[anonymised]` once retention has run.',
  })
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

  @Field({
    description:
      'When the service first received it, anywhere in the service (ISO-8601, ' +
      'UTC); its London date is the receipt date the deadlines count from.',
  })
  @Column('timestamptz')
  receivedAt: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the Customer Service Team received it (ISO-8601, UTC): as given at intake, else when it was ' +
      'recorded; for a complaint that came by email, when the email arrived.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  cstReceivedAt: Date | null;

  @Field(() => LocalDate, {
    description:
      'The London date the hand-off to the CST is due: 1 working day after receipt (working days exclude ' +
      'weekends and English bank holidays). A late hand-off is flagged (handOffLate), not blocked.',
  })
  @Column('date')
  cstDueOn: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the complainant was acknowledged (ISO-8601, UTC): the acknowledgement sent, ' +
      'acknowledgeComplaint, or the first contact with a child; null until then.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => LocalDate, {
    description:
      'The London date the acknowledgement is due: 3 working days after ' +
      'receipt, 1 for a child\'s complaint (SPEC "Deadline arithmetic").',
  })
  @Column('date')
  acknowledgementDueOn: string;

  @Field(() => LocalDate, {
    description:
      'The London date the deadlines of the procedure count from: the receipt ' +
      'date, or the date of escalation from local resolution (SPEC §1.3).',
  })
  @Column('date')
  procedureStartOn: string;

  @Authorized(...ROLE_SETS.providerVisible)
  @Field(() => LocalDate, {
    nullable: true,
    description:
      'The London date the response is due, for the reason in dueReason (SPEC "Deadline arithmetic"); ' +
      "null when none runs: a child's complaint before the child is contacted, a professional's " +
      'concern, a draft from email. Kept as it was once the complaint is answered or ends.',
  })
  @Column({ type: 'date', nullable: true })
  responseDueOn: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      'The first response due date set (at intake, at the child contact, or on ' +
      'entering the procedure from local resolution), untouched by extensions and ' +
      'recomputation: on-time reporting also counts against it (SPEC §1.13).',
  })
  @Column({ type: 'date', nullable: true })
  originalResponseDueOn: string | null;

  @Field(() => DueReason, {
    nullable: true,
    description: 'Why responseDueOn is that date; null when responseDueOn is.',
  })
  @Column({ type: 'enum', enum: DueReason, enumName: 'due_reason', nullable: true })
  dueReason: DueReason | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "A child's complaint: the London date the local manager's contact with the " +
      'child is due, 3 working days after receipt; null for other complaints.',
  })
  @Column({ type: 'date', nullable: true })
  childContactDueOn: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "A child's complaint: the London date of the meeting or discussion with the child " +
      '(recordChildContact), from which the 20-working-day response deadline runs; null until then.',
  })
  @Column({ type: 'date', nullable: true })
  childContactedOn: string | null;

  @Field(() => ContactMethod, {
    nullable: true,
    description: 'How the child was contacted, ideally their preferred method (§5.2); null until then.',
  })
  @Column({ type: 'enum', enum: ContactMethod, enumName: 'contact_method', nullable: true })
  childContactMethod: ContactMethod | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True when the child was met, false for a discussion (by phone, letter or email); null until contacted.',
  })
  @Column({ type: 'boolean', nullable: true })
  childMet: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who supported the child at the meeting, if anyone (not a party to the proceedings, §5.2).',
  })
  @Column({ type: 'text', nullable: true })
  childSupporter: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the meeting or discussion with the child found (free text).',
  })
  @Column({ type: 'text', nullable: true })
  childContactNote: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      'The earliest London due date among the open steps (hand-off, acknowledgement, child contact, response, ' +
      'court notifications, report corrections): the work queue orders by it. Null when nothing is due.',
  })
  @Column({ type: 'date', nullable: true })
  nextDueOn: string | null;

  @Field(() => TriageOutcome, {
    nullable: true,
    description: 'The decision of triageComplaint; null until triaged (SPEC §1.3).',
  })
  @Column({ type: 'enum', enum: TriageOutcome, enumName: 'triage_outcome', nullable: true })
  triageOutcome: TriageOutcome | null;

  @Field(() => NotAcceptedReason, {
    nullable: true,
    description: 'Why it was not accepted: set with the NOT_ACCEPTED outcome only.',
  })
  @Column({ type: 'enum', enum: NotAcceptedReason, enumName: 'not_accepted_reason', nullable: true })
  notAcceptedReason: NotAcceptedReason | null;

  @Field(() => String, {
    nullable: true,
    description:
      'NOT_ACCEPTED: the written explanation sent to the complainant; otherwise the note given at triage, if any.',
  })
  @Column({ type: 'text', nullable: true })
  triageNote: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Why a complaint received more than 6 months after the service's involvement " +
      'ended was accepted, as a CST manager recorded it (§3.2); null otherwise.',
  })
  @Column({ type: 'text', nullable: true })
  exceptionalCircumstances: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was triaged (ISO-8601, UTC); null until then.' })
  @Column({ type: 'timestamptz', nullable: true })
  triagedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the complainant, unhappy with local resolution, had it taken into the procedure ' +
      '(ISO-8601, UTC); null otherwise. procedureStartOn holds the date the deadlines count from.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  escalatedFromLocalResolutionAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When it was last flagged as revealing a risk to a child ' +
      '(flagSafeguardingConcern, ISO-8601 UTC), which alerts at once (SPEC §1.11); ' +
      'null if never.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  safeguardingFlaggedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'What the complaint reveals about a risk to a child (s16A Children Act): each concern flagged, oldest first.',
  })
  @Column({ type: 'text', nullable: true })
  safeguardingNote: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the complainant withdrew it, in their words; null if not given or not withdrawn.',
  })
  @Column({ type: 'text', nullable: true })
  withdrawalReason: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the complainant withdrew it (ISO-8601, UTC); null unless WITHDRAWN.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the response, or the local or outside-procedure reply, was sent (ISO-8601, UTC); null until then.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When it was closed (ISO-8601, UTC): CLOSED once every court action was done after ' +
      'the response, or RESOLVED_LOCALLY when the reply was sent; null otherwise.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field({
    description: 'Under a legal hold (setLegalHold): not anonymised when the retention period ends (SPEC §1.12).',
  })
  @Column({ type: 'boolean', default: false })
  legalHold: boolean;

  @Field(() => Date, {
    nullable: true,
    description:
      'When retention replaced its personal data, keeping what reports ' +
      'count (ISO-8601, UTC; SPEC §1.12); null until then.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;

  /** Optimistic lock for edits (SPEC §2); system updates leave it alone, so it is not a @VersionColumn. */
  @Field(() => Int, {
    description:
      'Goes up by one with each edit through a mutation; give it as expectedVersion to refuse a ' +
      'concurrent edit (CONFLICT). Deadline recomputation and delivery leave it alone (SPEC §2).',
  })
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
