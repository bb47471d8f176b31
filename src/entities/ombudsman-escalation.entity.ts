import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { OmbudsmanOutcome } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { ComplaintRecord } from './complaint-record.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    "The complainant's referral of a CLOSED or RESOLVED_LOCALLY complaint to the Parliamentary and Health Service " +
    'Ombudsman through an MP, with the outcome and recommendations (SPEC §1.7; procedure §4.11).',
})
@Entity('ombudsman_escalations')
export class OmbudsmanEscalation extends ComplaintRecord {
  @Field({ description: 'The MP who referred it ("[anonymised]" after retention).' })
  @Column('text')
  mpName: string;

  @Field(() => String, {
    nullable: true,
    description: "The MP's constituency; null when not given, and after retention.",
  })
  @Column({ type: 'text', nullable: true })
  mpConstituency: string | null;

  @Field(() => LocalDate, {
    description:
      'London calendar date it was referred to the Ombudsman: not in the future, nor before the response was sent.',
  })
  @Column('date')
  referredOn: string;

  @Field({
    description:
      'True when referredOn is more than 12 months after the response was sent: a warning, not a block (SPEC §1.7).',
  })
  @Column({ type: 'boolean', default: false })
  lateReferral: boolean;

  @Field(() => OmbudsmanOutcome, {
    nullable: true,
    description: "The Ombudsman's decision, recorded once with recordOmbudsmanOutcome; null until then.",
  })
  @Column({ type: 'enum', enum: OmbudsmanOutcome, enumName: 'ombudsman_outcome', nullable: true })
  outcome: OmbudsmanOutcome | null;

  @Field(() => LocalDate, {
    nullable: true,
    description: "London calendar date of the Ombudsman's decision; null until the outcome is recorded.",
  })
  @Column({ type: 'date', nullable: true })
  outcomeOn: string | null;
}
