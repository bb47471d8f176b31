import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';

/** A non-working day an administrator added on top of the England and Wales bank holidays. */
@Authorized()
@ObjectType()
@Entity('bank_holidays')
export class BankHoliday extends BaseEntity {
  @Field(() => LocalDate)
  @Column({ type: 'date', unique: true })
  date: string;

  @Field()
  @Column('text')
  name: string;
}
