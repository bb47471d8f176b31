import { ObjectType } from 'type-graphql';
import { Column, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ComplaintAspect } from './complaint-aspect.entity';
import { ComplaintRecord } from './complaint-record.entity';

/** A consequence of assessment (SPEC §1.5): belongs to a complaint and comes from one of its aspects. */
@ObjectType()
export abstract class AspectConsequence extends ComplaintRecord {
  /** Null once the aspect it came from is replaced by a re-assessment. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  aspectId: string | null;

  @ManyToOne(() => ComplaintAspect, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'aspect_id' })
  aspect?: Relation<ComplaintAspect>;

  /**
   * What this consequence is, independent of the aspect row (e.g. `report-correction:<reportId>`):
   * re-assessment matches on it, replacing what was not sent and never duplicating what was.
   */
  @Column('text')
  consequenceKey: string;
}
