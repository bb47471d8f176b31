import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BaseEntity } from './base.entity';

@Authorized()
@ObjectType({
  description:
    'A service area of the advisory service, led by a Head of ' +
    'Practice; cases, staff and complaints belong to one.',
})
@Entity('service_areas')
export class ServiceArea extends BaseEntity {
  @Field({ description: "Its short code, unique: the case management system names a case's service area by it." })
  @Column({ type: 'text', unique: true })
  code: string;

  @Field({ description: 'Its name, as lists and reports show it.' })
  @Column('text')
  name: string;
}
