import { Field, ObjectType, Authorized } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ContactMethod } from '../domain/enums';
import { LocalDate } from '../graphql/scalars';
import { BaseEntity } from './base.entity';
import { Case } from './case.entity';
import { ROLE_SETS } from '../auth/role-sets';

/** A child who is the subject of the proceedings. Ethnicity and disability are special-category data. */
@Authorized(...ROLE_SETS.caseFileReaders)
@ObjectType()
@Entity('children')
export class Child extends BaseEntity {
  @Index()
  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<Case>;

  @Column({ type: 'text', nullable: true, unique: true })
  sourceId: string | null;

  @Field()
  @Column('text')
  firstName: string;

  @Field()
  @Column('text')
  lastName: string;

  @Field(() => LocalDate)
  @Column('date')
  dateOfBirth: string;

  /** How the child prefers to be contacted about their complaint (§5). */
  @Field(() => ContactMethod, { nullable: true })
  @Column({ type: 'enum', enum: ContactMethod, enumName: 'contact_method', nullable: true })
  preferredContact: ContactMethod | null;

  /** Special-category data (SPEC §1.14): never practitioners, providers, partner systems or analysts. */
  @Authorized(...ROLE_SETS.specialCategory)
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  ethnicity: string | null;

  @Authorized(...ROLE_SETS.specialCategory)
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  disability: string | null;
}
