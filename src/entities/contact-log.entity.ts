import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ContactMethod } from '../domain/enums';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { Staff } from './staff.entity';
import { ROLE_SETS } from '../auth/role-sets';

@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType({
  description:
    'A contact with a party or child on the case (visit, call, letter), from the ' +
    'case file; the CST reads it when assessing a complaint (§4.3).',
})
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

  @Field({ description: 'When the contact took place (ISO-8601, UTC).' })
  @Column('timestamptz')
  occurredAt: Date;

  @Field(() => ContactMethod, { description: 'How the contact was made.' })
  @Column({ type: 'enum', enum: ContactMethod, enumName: 'contact_method' })
  method: ContactMethod;

  @Field({ description: 'Who was contacted, as the case system describes them (e.g. `Applicant`, `School`).' })
  @Column('text')
  withWhom: string;

  @Field({ description: 'What the contact was about: free text from the case file.' })
  @Column('text')
  summary: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;
}
