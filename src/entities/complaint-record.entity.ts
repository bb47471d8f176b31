import { ObjectType } from 'type-graphql';
import { Column, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from './base.entity';
import { Complaint } from './complaint.entity';

/** A row that belongs to one complaint and goes with it. */
@ObjectType()
export abstract class ComplaintRecord extends BaseEntity {
  @Index()
  @Column('uuid')
  complaintId: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: Relation<Complaint>;
}
