import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { OmbudsmanOutcome } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { ComplaintRecord } from './complaint-record.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A referral of the complaint to the Parliamentary and Health Service Ombudsman through an MP (§4.11). */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('ombudsman_escalations')
export class OmbudsmanEscalation extends ComplaintRecord {
  @Field()
  @Column('text')
  mpName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  mpConstituency: string | null;

  @Field(() => LocalDate)
  @Column('date')
  referredOn: string;

  /** Set when the referral came more than 12 months after the response (a warning, not a block). */
  @Field()
  @Column({ type: 'boolean', default: false })
  lateReferral: boolean;

  @Field(() => OmbudsmanOutcome, { nullable: true })
  @Column({ type: 'enum', enum: OmbudsmanOutcome, enumName: 'ombudsman_outcome', nullable: true })
  outcome: OmbudsmanOutcome | null;

  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  outcomeOn: string | null;
}
