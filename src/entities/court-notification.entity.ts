import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CourtNotificationReason } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { AspectConsequence } from './aspect-consequence.entity';
import { Court } from './court.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.complaintReaders)
@ObjectType({
  description:
    'A message the court must receive about a complaint, due before the next hearing (SPEC §1.5, §1.8; procedure ' +
    '§4.6–4.7, §5.4). A responded complaint closes once all its court notifications are sent and its report ' +
    'corrections made.',
})
@Entity('court_notifications')
export class CourtNotification extends AspectConsequence {
  @Index()
  @Column('uuid')
  courtId: string;

  @ManyToOne(() => Court, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'court_id' })
  court?: Relation<Court>;

  @Field(() => CourtNotificationReason, {
    description:
      "Why the court is told: an aspect's professional judgement (sent with the response), a factual error outside " +
      "a report, conduct drawn to the court, or a child's complaint on an open case.",
  })
  @Column({ type: 'enum', enum: CourtNotificationReason, enumName: 'court_notification_reason' })
  reason: CourtNotificationReason;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "London calendar date it is due: 1 working day before the case's next LISTED hearing, else the complaint's " +
      'response due date; null when there is neither. Recomputed while unsent, as other deadlines are (SPEC §1).',
  })
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      "When it was sent: when the gateway's email to the court was delivered, or as recorded with " +
      'recordCourtNotificationSent (sent another way); null until then.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
