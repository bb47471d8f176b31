import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ResponseStatus } from '../domain/enums';
import { ComplaintRecord } from './complaint-record.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** The written response to a complaint (§4.10), drafted, approved by a senior manager and sent. */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('responses')
export class Response extends ComplaintRecord {
  @Field(() => ResponseStatus)
  @Column({ type: 'enum', enum: ResponseStatus, enumName: 'response_status', default: ResponseStatus.DRAFT })
  status: ResponseStatus;

  @Field()
  @Column('text')
  understanding: string;

  @Field()
  @Column('text')
  desiredRemedy: string;

  @Field()
  @Column('text')
  assessmentOutcome: string;

  @Field()
  @Column('text')
  steps: string;

  @Field()
  @Column({ type: 'boolean', default: false })
  joint: boolean;

  @Field(() => String, { nullable: true })
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

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  returnComment: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
