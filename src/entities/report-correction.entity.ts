import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { AspectConsequence } from './aspect-consequence.entity';
import { CourtReport } from './court-report.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'A correction of a court report that a FACTUAL_ERROR aspect names, due before the next hearing (SPEC §1.5; ' +
    'procedure §4.7). A responded complaint closes once all its report corrections are made and its court ' +
    'notifications sent.',
})
@Entity('report_corrections')
export class ReportCorrection extends AspectConsequence {
  @Index()
  @Column('uuid')
  courtReportId: string;

  @ManyToOne(() => CourtReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'court_report_id' })
  courtReport?: Relation<CourtReport>;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "London calendar date it is due: 1 working day before the case's next LISTED hearing, else the complaint's " +
      'response due date; null when there is neither. Recomputed while not made, as other deadlines are (SPEC §1).',
  })
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What was corrected, as recorded with recordReportCorrection; null until then, and after retention.',
  })
  @Column({ type: 'text', nullable: true })
  correction: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the report was corrected, as given to recordReportCorrection (by default when it was recorded); null ' +
      'until then.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  correctedAt: Date | null;
}
