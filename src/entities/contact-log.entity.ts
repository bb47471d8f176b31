import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ContactMethod } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A contact with a party or child on the case (visit, call, letter). */
@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType()
@Entity('contact_logs')
@Index(['caseId', 'occurredAt'])
export class ContactLog extends BaseEntity {
  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<Case>;

  @Column({ type: 'text', nullable: true, unique: true })
  sourceId: string | null;

  @Field()
  @Column('timestamptz')
  occurredAt: Date;

  @Field(() => ContactMethod)
  @Column({ type: 'enum', enum: ContactMethod, enumName: 'contact_method' })
  method: ContactMethod;

  @Field()
  @Column('text')
  withWhom: string;

  @Field()
  @Column('text')
  summary: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;
}
