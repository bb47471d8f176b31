import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { AspectConsequence } from './aspect-consequence.entity';
import { CourtReport } from './court-report.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A correction of a court report found to contain a factual error (§4.7), due before the next hearing. */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('report_corrections')
export class ReportCorrection extends AspectConsequence {
  @Index()
  @Column('uuid')
  courtReportId: string;

  @ManyToOne(() => CourtReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'court_report_id' })
  courtReport?: Relation<CourtReport>;

  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  correction: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  correctedAt: Date | null;
}
