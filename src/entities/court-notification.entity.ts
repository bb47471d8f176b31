import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CourtNotificationReason } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { AspectConsequence } from './aspect-consequence.entity';
import { Court } from './court.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A notification the court must receive about a complaint (§4.6–4.7, §5.4), due before the next hearing. */
@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType()
@Entity('court_notifications')
export class CourtNotification extends AspectConsequence {
  @Index()
  @Column('uuid')
  courtId: string;

  @ManyToOne(() => Court, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'court_id' })
  court?: Relation<Court>;

  @Field(() => CourtNotificationReason)
  @Column({ type: 'enum', enum: CourtNotificationReason, enumName: 'court_notification_reason' })
  reason: CourtNotificationReason;

  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
