import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';

@Authorized()
@ObjectType({
  description:
    'A non-working day an administrator added on top of the England and Wales bank ' +
    'holidays; adding or removing one recomputes the open deadlines it touches.',
})
@Entity('bank_holidays')
export class BankHoliday extends BaseEntity {
  @Field(() => LocalDate, { description: 'The London calendar date that is not a working day.' })
  @Column({ type: 'date', unique: true })
  date: string;

  @Field({ description: 'What the day is called.' })
  @Column('text')
  name: string;
}
