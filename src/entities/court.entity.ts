import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BaseEntity } from './base.entity';

@Authorized()
@ObjectType({ description: 'A family court; notifications to it go to its email address.' })
@Entity('courts')
export class Court extends BaseEntity {
  @Field({ description: "Its short code, unique: the case management system names a case's or hearing's court by it." })
  @Column({ type: 'text', unique: true })
  code: string;

  @Field({ description: 'Its name, e.g. `Family Court at Birmingham`.' })
  @Column('text')
  name: string;

  @Field({ description: 'Where notifications to the court are sent (SPEC §4).' })
  @Column('text')
  email: string;
}
