import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ResponseStatus } from '../domain/enums';
import { ComplaintRecord } from './complaint-record.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'The written reply to a complaint (SPEC §1.6; procedure §4.10–4.12): drafted, within the procedure approved by ' +
    'a senior manager who is neither the drafter nor complained about, then sent to the complainant. ' +
    'Local-resolution and outside-procedure replies are sent without approval.',
})
@Entity('responses')
export class Response extends ComplaintRecord {
  @Field(() => ResponseStatus, {
    description:
      'Where it stands: DRAFT, AWAITING_APPROVAL (submitResponseForApproval), APPROVED, SENT. Returning it, or ' +
      'editing it once submitted or approved, puts it back to DRAFT (SPEC §1.6).',
  })
  @Column({ type: 'enum', enum: ResponseStatus, enumName: 'response_status', default: ResponseStatus.DRAFT })
  status: ResponseStatus;

  @Field({ description: "The service's understanding of the complaint, as written to the complainant." })
  @Column('text')
  understanding: string;

  @Field({
    description:
      'The remedy the complainant wants, as understood; required within the procedure, an empty string when a ' +
      'local-resolution or outside-procedure reply leaves it out.',
  })
  @Column('text')
  desiredRemedy: string;

  @Field({
    description:
      'The outcome of the assessment (SPEC §1.6); required within the procedure, an empty string when a ' +
      'local-resolution or outside-procedure reply leaves it out.',
  })
  @Column('text')
  assessmentOutcome: string;

  @Field({ description: 'The steps taken, or to be taken, to put things right.' })
  @Column('text')
  steps: string;

  @Field({
    description:
      "A joint response with a provider engaged on the complaint: it includes the provider's part (SPEC §1.6; " +
      'procedure §4.9).',
  })
  @Column({ type: 'boolean', default: false })
  joint: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      "A joint response: the provider's part, written by the drafter or taken from the provider's side when it " +
      'answers. Null for other responses, while the provider has not answered, and after retention.',
  })
  @Column({ type: 'text', nullable: true })
  providerPart: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  draftedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'drafted_by_id' })
  draftedBy?: Relation<Staff>;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  approverId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'approver_id' })
  approver?: Relation<Staff>;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was submitted for approval; null until then, and again after an edit withdraws the approval.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the senior manager approved it; null until then, and again after an edit withdraws the approval.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The approver's comments when returning it to the drafter (returnResponse); null otherwise, cleared when it " +
      'is submitted again.',
  })
  @Column({ type: 'text', nullable: true })
  returnComment: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      "When it was sent (sendResponse); null until then. It is on time when this instant's London date is on or " +
      "before the complaint's responseDueOn.",
  })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
