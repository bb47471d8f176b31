import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BaseEntity } from './base.entity';

/** A service area of the advisory service, led by a Head of Practice. */
@Authorized()
@ObjectType()
@Entity('service_areas')
export class ServiceArea extends BaseEntity {
  @Field()
  @Column({ type: 'text', unique: true })
  code: string;

  @Field()
  @Column('text')
  name: string;
}
