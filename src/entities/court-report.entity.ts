import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType({
  description:
    'A report filed with the court (safeguarding letter, section 7 report, analysis), from ' +
    'the case file; a FACTUAL_ERROR aspect may name one to be corrected (§4.7).',
})
@Entity('court_reports')
export class CourtReport extends BaseEntity {
  @Index()
  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<Case>;

  @Column({ type: 'text', nullable: true, unique: true })
  sourceId: string | null;

  @Field({ description: 'Its title, as filed.' })
  @Column('text')
  title: string;

  @Field({ description: 'The kind of report, as the case system names it, e.g. `Section 7 report`.' })
  @Column('text')
  reportType: string;

  @Field(() => LocalDate, { description: 'The London date it was filed with the court.' })
  @Column('date')
  filedOn: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<Staff>;
}
